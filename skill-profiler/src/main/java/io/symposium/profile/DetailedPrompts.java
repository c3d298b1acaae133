package io.symposium.profile;

import io.symposium.aggregate.Question;
import java.util.List;

/** Prompts for instruction-tuned chat models, in our words with the reference's structure. */
enum DetailedPrompts implements ProfilingPrompts {
  INSTANCE;

  @Override
  public String keywords(String question) {
    return "Question: "
        + question
        + "\n"
        + "Which areas of knowledge, subjects or skills does solving this problem call for? Name 2"
        + " to 5 of them as short keywords separated by commas, for example: organic chemistry,"
        + " contract law, probability, cardiology, macroeconomics, number theory, ethics, genetics."
        + " Write nothing but the keywords, on one line, in this form: Keywords: <keyword1>,"
        + " <keyword2>, ...";
  }

  @Override
  public List<String> keywordStops() {
    return List.of();
  }

  @Override
  public String expert(Question question) {
    return "Question: " + question.text() + "\n" + question.format().answerInstruction();
  }

  @Override
  public List<String> expertStops() {
    return List.of();
  }
}
