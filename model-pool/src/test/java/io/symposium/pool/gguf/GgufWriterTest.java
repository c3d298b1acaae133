package io.symposium.pool.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GgufWriterTest {

  @TempDir Path dir;

  @Test
  void write_tinyDense_startsWithMagicAndHasPredictedSize() throws IOException {
    GgufWriter writer = GgufModels.builder(ModelShape.tinyDense()).seed(1).toWriter();
    Path file = writer.write(dir.resolve("tiny.gguf"));

    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer head = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("GGUF");
    assertThat(head.getInt(4)).isEqualTo(3);
    assertThat(head.getLong(8)).isEqualTo(ModelShape.tinyDense().tensors().size());
    assertThat((long) bytes.length).isEqualTo(writer.fileSize());
    assertThat(bytes.length % 32).isZero();
    assertThat(dir.resolve("tiny.gguf.partial")).doesNotExist();
  }

  @Test
  void tensor_offsets_areContiguousAndAligned() {
    GgufWriter writer = new GgufWriter();
    writer.tensor("a", GgmlType.F32, List.of(3L), TensorRows.constant(1));
    writer.tensor("b", GgmlType.Q8_0, List.of(32L, 2L), TensorRows.constant(1));
    writer.tensor("c", GgmlType.F16, List.of(5L), TensorRows.constant(1));

    assertThat(writer.tensorInfos())
        .extracting(GgufTensorInfo::offset)
        .containsExactly(0L, 32L, 128L);
  }

  @Test
  void tensor_duplicateName_rejected() {
    GgufWriter writer =
        new GgufWriter().tensor("a", GgmlType.F32, List.of(4L), TensorRows.constant(0));

    assertThatThrownBy(() -> writer.tensor("a", GgmlType.F32, List.of(4L), TensorRows.constant(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate tensor 'a'");
  }

  @Test
  void tensor_q8RowNotMultipleOf32_rejected() {
    assertThatThrownBy(
            () -> new GgufWriter().tensor("a", GgmlType.Q8_0, List.of(48L), TensorRows.constant(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of the Q8_0 block size 32");
  }

  @Test
  void tensor_quantizedTypeWeCannotEncode_rejected() {
    assertThatThrownBy(
            () ->
                new GgufWriter().tensor("a", GgmlType.Q4_K, List.of(256L), TensorRows.constant(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot write Q4_K");
  }

  @Test
  void put_duplicateKey_rejected() {
    GgufWriter writer = new GgufWriter().put("k", GgufValue.uint32(1));

    assertThatThrownBy(() -> writer.put("k", GgufValue.uint32(2)))
        .hasMessageContaining("duplicate metadata key 'k'");
  }
}
