package io.symposium.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BenchmarkFileTest {

  @TempDir Path dir;

  @Test
  void read_referenceShapedFile_itemsInOrderWithOptionalCategory() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("MMLU_Pro_train.json"),
            """
            [{"question": "What is 2+2? (A) 3 (B) 4", "gold_answer": "B", "category": "math"},
             {"question": "Find $m+n$.", "gold_answer": "33", "extra": [1, 2]},
             {"question": "Integer gold", "gold_answer": 7}]
            """);
    assertThat(BenchmarkFile.read(file))
        .containsExactly(
            new BenchmarkItem("What is 2+2? (A) 3 (B) 4", "B", "math"),
            BenchmarkItem.of("Find $m+n$.", "33"),
            BenchmarkItem.of("Integer gold", "7"));
  }

  @Test
  void read_missingGoldAnswer_namesItemAndField() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.json"),
            "[{\"question\": \"q\", \"gold_answer\": \"A\"}, {\"question\": \"q2\"}]");
    assertThatThrownBy(() -> BenchmarkFile.read(file))
        .isInstanceOf(BenchmarkFormatException.class)
        .hasMessageContaining("item 1")
        .hasMessageContaining("\"gold_answer\" is missing")
        .hasMessageContaining("bad.json");
  }

  @Test
  void parse_malformedDocuments_clearMessages() {
    assertThatThrownBy(() -> BenchmarkFile.parse("{\"question\": \"q\"}", "f.json"))
        .isInstanceOf(BenchmarkFormatException.class)
        .hasMessageContaining("must be a JSON array")
        .hasMessageContaining("an object");
    assertThatThrownBy(() -> BenchmarkFile.parse("[{\"question\": \"q\",", "f.json"))
        .isInstanceOf(BenchmarkFormatException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> BenchmarkFile.parse("[\"just text\"]", "f.json"))
        .hasMessageContaining("item 0: expected an object, found a string");
    assertThatThrownBy(
            () ->
                BenchmarkFile.parse("[{\"question\": [\"q\"], \"gold_answer\": \"A\"}]", "f.json"))
        .hasMessageContaining("item 0: \"question\" must be a string, found an array");
    assertThatThrownBy(
            () -> BenchmarkFile.parse("[{\"question\": \"q\", \"gold_answer\": \"  \"}]", "f.json"))
        .hasMessageContaining("\"gold_answer\" is blank");
    assertThatThrownBy(
            () ->
                BenchmarkFile.parse(
                    "[{\"question\": \"q\", \"gold_answer\": \"A\", \"category\": 3}]", "f.json"))
        .hasMessageContaining("\"category\" must be a string");
    assertThatThrownBy(() -> BenchmarkFile.parse("", "f.json"))
        .isInstanceOf(BenchmarkFormatException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void read_missingFile_uncheckedIoWithPath() {
    assertThatThrownBy(() -> BenchmarkFile.read(dir.resolve("nope.json")))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("nope.json");
  }
}
