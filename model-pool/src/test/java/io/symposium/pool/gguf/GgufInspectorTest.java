package io.symposium.pool.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rejections are built byte by byte, so each test breaks exactly one thing in an otherwise valid
 * file.
 */
final class GgufInspectorTest {

  @TempDir Path dir;

  private Path write(String name, Consumer<HeaderBytes> content) throws IOException {
    HeaderBytes bytes = new HeaderBytes();
    content.accept(bytes);
    ByteBuffer buffer = bytes.buffer();
    byte[] array = new byte[buffer.remaining()];
    buffer.get(array);
    return Files.write(dir.resolve(name), array);
  }

  /** Magic, version 3, the counts, then general.architecture = llama as the first entry. */
  private static void header(HeaderBytes out, long tensors, long metadata) {
    out.u32(GgufWriter.MAGIC);
    out.u32(3);
    out.u64(tensors);
    out.u64(metadata);
    out.string("general.architecture");
    out.u32(GgufValueType.STRING.id());
    out.string("llama");
  }

  private static void tensorInfo(
      HeaderBytes out, String name, int type, long offset, long... dims) {
    out.string(name);
    out.u32(dims.length);
    for (long d : dims) {
      out.u64(d);
    }
    out.u32(type);
    out.u64(offset);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Path file) {
    return assertThatThrownBy(() -> GgufInspector.inspect(file))
        .isInstanceOf(GgufFormatException.class)
        .hasMessageStartingWith(file.getFileName() + ": ");
  }

  @Test
  void inspect_minimalValidFile_readsMetadataAndTensor() throws IOException {
    Path file =
        write(
            "ok.gguf",
            out -> {
              header(out, 1, 2);
              out.string("llama.context_length");
              out.u32(GgufValueType.UINT32.id());
              out.u32(128);
              tensorInfo(out, "t", GgmlType.F32.id(), 0, 4, 2);
              out.padTo(32);
              for (int i = 0; i < 8; i++) {
                out.f32(i);
              }
            });

    GgufFile gguf = GgufInspector.inspect(file);

    assertThat(gguf.architecture()).isEqualTo("llama");
    assertThat(gguf.contextLength()).hasValue(128);
    assertThat(gguf.tensors())
        .singleElement()
        .satisfies(t -> assertThat(t.dimensions()).containsExactly(4L, 2L));
    assertThat(gguf.parameterCount()).isEqualTo(8);
    assertThat(gguf.tensorBytes()).isEqualTo(32);
    assertThat(gguf.dataOffset() % 32).isZero();
    assertThat(gguf.tensorValues("t")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void inspect_textFile_rejectedAsNotGguf() throws IOException {
    Path file = Files.writeString(dir.resolve("readme.txt"), "Hello, this is not a model\n");

    assertRejected(file)
        .hasMessageContaining("not a GGUF file: it starts with 'Hell' (0x48656c6c)");
  }

  @Test
  void inspect_emptyFile_rejected() throws IOException {
    Path file = Files.write(dir.resolve("empty.gguf"), new byte[0]);

    assertRejected(file).hasMessageContaining("the file is empty");
  }

  @Test
  void inspect_truncatedHeader_rejectedWithPosition() throws IOException {
    Path file =
        write(
            "short.gguf",
            out -> {
              out.u32(GgufWriter.MAGIC);
              out.u32(3);
              out.u32(0); // half of the tensor count
            });

    assertRejected(file)
        .hasMessageContaining(
            "truncated: the tensor count needs 8 bytes at byte 8 but the file has 12 bytes");
  }

  @Test
  void inspect_truncatedTensorData_rejectedNamingTheTensor() throws IOException {
    Path model =
        GgufModels.builder(ModelShape.tinyDense()).seed(3).writeTo(dir.resolve("model.gguf"));
    GgufFile whole = GgufInspector.inspect(model);
    GgufTensorInfo last = whole.tensors().getLast();
    long cut = whole.dataOffset() + last.offset() + 100;
    try (FileChannel channel = FileChannel.open(model, StandardOpenOption.WRITE)) {
      channel.truncate(cut);
    }

    assertRejected(model)
        .hasMessageContaining(
            "tensor '%s' ends at byte %d but the file has %d bytes"
                .formatted(last.name(), whole.dataOffset() + last.offset() + last.byteSize(), cut));
  }

  @Test
  void inspect_badVersion_rejected() throws IOException {
    Path file =
        write(
            "v7.gguf",
            out -> {
              out.u32(GgufWriter.MAGIC);
              out.u32(7);
              out.u64(0);
              out.u64(0);
            });

    assertRejected(file)
        .hasMessageContaining("unsupported GGUF version 7 at byte 4; expected 2 or 3");
  }

  @Test
  void inspect_version1_rejected() throws IOException {
    Path file =
        write(
            "v1.gguf",
            out -> {
              out.u32(GgufWriter.MAGIC);
              out.u32(1);
              out.u64(0);
              out.u64(0);
            });

    assertRejected(file).hasMessageContaining("version 1 is no longer supported");
  }

  @Test
  void inspect_unknownMetadataType_rejectedNamingTheKey() throws IOException {
    Path file =
        write(
            "type13.gguf",
            out -> {
              header(out, 0, 2);
              out.string("custom.key");
              out.u32(13);
              out.u32(0);
            });

    assertRejected(file)
        .hasMessageContaining("metadata 'custom.key' at byte")
        .hasMessageContaining("unknown value type 13");
  }

  @Test
  void inspect_absurdStringLength_rejectedWithoutAllocating() throws IOException {
    Path file =
        write(
            "huge-string.gguf",
            out -> {
              out.u32(GgufWriter.MAGIC);
              out.u32(3);
              out.u64(0);
              out.u64(1);
              out.u64(1L << 60); // key length
              out.u64(0);
            });

    assertRejected(file)
        .hasMessageContaining(
            "the key of metadata entry #0 at byte 24 has length 1152921504606846976")
        .hasMessageContaining("only 8 bytes of the file follow");
  }

  @Test
  void inspect_absurdArrayLength_rejectedWithoutAllocating() throws IOException {
    Path file =
        write(
            "huge-array.gguf",
            out -> {
              header(out, 0, 2);
              out.string("tokenizer.ggml.tokens");
              out.u32(GgufValueType.ARRAY.id());
              out.u32(GgufValueType.STRING.id());
              out.u64(1L << 62);
              out.u64(0);
            });

    assertRejected(file)
        .hasMessageContaining("has 4611686018427387904 elements of STRING but at most 1 fit");
  }

  @Test
  void inspect_absurdTensorCount_rejected() throws IOException {
    Path file =
        write(
            "many.gguf",
            out -> {
              out.u32(GgufWriter.MAGIC);
              out.u32(3);
              out.u64(-1L); // 2^64 - 1
              out.u64(0);
            });

    assertRejected(file)
        .hasMessageContaining("tensor count 18446744073709551615 at byte 8 is impossible");
  }

  @Test
  void inspect_misalignedTensorOffset_rejected() throws IOException {
    Path file =
        write(
            "misaligned.gguf",
            out -> {
              header(out, 2, 1);
              tensorInfo(out, "a", GgmlType.F32.id(), 0, 4);
              tensorInfo(out, "b", GgmlType.F32.id(), 16, 4);
              out.padTo(32);
              for (int i = 0; i < 16; i++) {
                out.f32(0);
              }
            });

    assertRejected(file)
        .hasMessageContaining("tensor 'b' has offset 16, not a multiple of the alignment 32");
  }

  @Test
  void inspect_unknownGgmlType_rejected() throws IOException {
    Path file =
        write(
            "type99.gguf",
            out -> {
              header(out, 1, 1);
              tensorInfo(out, "blk.0.attn_q.weight", 99, 0, 32);
              out.padTo(32);
            });

    assertRejected(file)
        .hasMessageContaining("tensor 'blk.0.attn_q.weight' has unknown ggml type 99");
  }

  @Test
  void inspect_removedGgmlType_rejected() throws IOException {
    Path file =
        write(
            "type4.gguf",
            out -> {
              header(out, 1, 1);
              tensorInfo(out, "t", 4, 0, 32);
              out.padTo(32);
            });

    assertRejected(file).hasMessageContaining("unknown ggml type 4");
  }

  @Test
  void inspect_rowNotWholeBlocks_rejected() throws IOException {
    Path file =
        write(
            "q8-row.gguf",
            out -> {
              header(out, 1, 1);
              tensorInfo(out, "t", GgmlType.Q8_0.id(), 0, 40);
              out.padTo(32);
            });

    assertRejected(file)
        .hasMessageContaining("rows of 40 elements, not a multiple of the Q8_0 block size 32");
  }

  @Test
  void inspect_zeroOrTooManyDimensions_rejected() throws IOException {
    Path zero =
        write(
            "zero-dim.gguf",
            out -> {
              header(out, 1, 1);
              tensorInfo(out, "t", 0, 0, 4, 0);
            });
    Path five =
        write(
            "five-dims.gguf",
            out -> {
              header(out, 1, 1);
              tensorInfo(out, "t", 0, 0, 1, 1, 1, 1, 1);
            });

    assertRejected(zero).hasMessageContaining("tensor 't' has dimension 1 of size 0");
    assertRejected(five).hasMessageContaining("tensor 't' has 5 dimensions; expected 1 to 4");
  }

  @Test
  void inspect_overlappingTensors_rejected() throws IOException {
    Path file =
        write(
            "overlap.gguf",
            out -> {
              header(out, 2, 1);
              tensorInfo(out, "a", GgmlType.F32.id(), 0, 16);
              tensorInfo(out, "b", GgmlType.F32.id(), 32, 4);
              out.padTo(32);
              for (int i = 0; i < 32; i++) {
                out.f32(0);
              }
            });

    assertRejected(file).hasMessageContaining("tensors 'a' and 'b' overlap");
  }

  @Test
  void inspect_duplicateKey_rejected() throws IOException {
    Path file =
        write(
            "dup.gguf",
            out -> {
              header(out, 0, 2);
              out.string("general.architecture");
              out.u32(GgufValueType.STRING.id());
              out.string("llama");
            });

    assertRejected(file).hasMessageContaining("duplicate metadata key 'general.architecture'");
  }

  @Test
  void inspect_missingArchitecture_rejected() throws IOException {
    Path file =
        write(
            "no-arch.gguf",
            out -> {
              out.u32(GgufWriter.MAGIC);
              out.u32(3);
              out.u64(0);
              out.u64(0);
            });

    assertRejected(file).hasMessageContaining("missing general.architecture");
  }

  @Test
  void inspect_badAlignment_rejected() throws IOException {
    Path file =
        write(
            "align.gguf",
            out -> {
              header(out, 0, 2);
              out.string("general.alignment");
              out.u32(GgufValueType.UINT32.id());
              out.u32(24);
            });

    assertRejected(file).hasMessageContaining("general.alignment must be a UINT32 power of two");
  }

  @Test
  void inspect_customAlignment_usedForDataOffset() throws IOException {
    Path file =
        new GgufWriter()
            .put("general.architecture", GgufValue.string("llama"))
            .put("general.alignment", GgufValue.uint32(64))
            .tensor("a", GgmlType.F32, List.of(3L), TensorRows.constant(2))
            .tensor("b", GgmlType.F16, List.of(2L), TensorRows.constant(1))
            .write(dir.resolve("align64.gguf"));

    GgufFile gguf = GgufInspector.inspect(file);

    assertThat(gguf.alignment()).isEqualTo(64);
    assertThat(gguf.dataOffset() % 64).isZero();
    assertThat(gguf.tensor("b").orElseThrow().offset()).isEqualTo(64);
    assertThat(gguf.tensorValues("a")).containsExactly(2, 2, 2);
    assertThat(gguf.tensorValues("b")).containsExactly(1, 1);
  }

  @Test
  void inspect_missingFile_throwsUncheckedIo() {
    assertThatThrownBy(() -> GgufInspector.inspect(dir.resolve("absent.gguf")))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
