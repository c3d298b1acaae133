package io.symposium.profile;

import io.symposium.aggregate.Question;
import java.util.List;

/** The zoo's prompt formats (evals TrainingText): one line in, one line out. */
enum CompactPrompts implements ProfilingPrompts {
  INSTANCE;

  private static final List<String> END_OF_LINE = List.of("\n");

  @Override
  public String keywords(String question) {
    return "Question: " + question + "\nKeywords:";
  }

  @Override
  public List<String> keywordStops() {
    return END_OF_LINE;
  }

  @Override
  public String expert(Question question) {
    return "Question: " + question.text() + "\nAnswer:";
  }

  @Override
  public List<String> expertStops() {
    return END_OF_LINE;
  }
}
