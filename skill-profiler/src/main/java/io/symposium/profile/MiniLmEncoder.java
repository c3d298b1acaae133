package io.symposium.profile;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;

/** all-MiniLM-L6-v2 through langchain4j's in-process ONNX model. */
final class MiniLmEncoder implements EmbeddingEncoder {

  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  @Override
  public List<float[]> encodeAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = texts.stream().map(MiniLmEncoder::segment).toList();
    // embedAll spreads the texts over the model's executor (a thread per core): one call for the
    // whole batch
    return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
  }

  private static TextSegment segment(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("cannot embed a blank keyword");
    }
    return TextSegment.from(text);
  }

  @Override
  public String toString() {
    return "all-MiniLM-L6-v2";
  }
}
