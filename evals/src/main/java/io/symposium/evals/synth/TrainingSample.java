package io.symposium.evals.synth;

/**
 * One line of zoo training text: the prompt the model is given and the completion it must learn;
 * the model sees {@code <s> prompt completion </s>}. {@code skill} names the skill the question
 * exercises (for keyword and aggregator text too), so a recipe can mix skills and score per skill.
 */
public record TrainingSample(String skill, String prompt, String completion) {
  public TrainingSample {
    if (prompt.isEmpty() || completion.isEmpty())
      throw new IllegalArgumentException("empty prompt or completion");
  }

  /** The sample as plain text: prompt, completion and a newline. */
  public String text() {
    return prompt + completion + "\n";
  }

  /** The sample as one JSON Lines record. */
  public String jsonLine() {
    var row = new java.util.LinkedHashMap<String, Object>();
    row.put("skill", skill);
    row.put("prompt", prompt);
    row.put("completion", completion);
    return JsonText.object(row);
  }
}
