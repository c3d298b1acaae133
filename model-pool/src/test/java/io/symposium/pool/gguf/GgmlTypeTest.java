package io.symposium.pool.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

final class GgmlTypeTest {

  private static byte[] encode(GgmlType type, float[] row) {
    ByteBuffer out = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    type.encodeRow(row, out);
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  @Test
  void encodeRow_q8KnownBlock_scaleIsMaxOver127AndHalvesRoundAwayFromZero() {
    float[] row = new float[32];
    row[0] = 127f; // d = 127 / 127 = 1, so q = round(x)
    row[1] = -2.5f;
    row[2] = 2.5f;
    row[3] = -127f;
    row[4] = 0.49f;
    row[5] = -0.5f;

    byte[] bytes = encode(GgmlType.Q8_0, row);

    assertThat(bytes).hasSize(34);
    assertThat(bytes[0]).isEqualTo((byte) 0x00); // f16 1.0 = 0x3C00, little-endian
    assertThat(bytes[1]).isEqualTo((byte) 0x3C);
    assertThat(new byte[] {bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8]})
        .containsExactly(127, -3, 3, -127, 0, -1, 0);
  }

  @Test
  void encodeRow_q8ScaledBlock_quantizesAgainstTheBlockMaximum() {
    float[] row = new float[64];
    row[0] = 0.5f; // first block: d = 0.5/127
    row[1] = 0.25f;
    row[32] = -4f; // second block: d = 4/127
    row[33] = 1f;

    byte[] bytes = encode(GgmlType.Q8_0, row);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(Float.float16ToFloat(in.getShort(0))).isCloseTo(0.5f / 127, within(1e-6f));
    assertThat(bytes[2]).isEqualTo((byte) 127);
    assertThat(bytes[3]).isEqualTo((byte) 64); // 0.25 * 254 = 63.5 -> 64
    assertThat(Float.float16ToFloat(in.getShort(34))).isCloseTo(4f / 127, within(1e-5f));
    assertThat(bytes[36]).isEqualTo((byte) -127);
    assertThat(bytes[37]).isEqualTo((byte) 32); // 1 * 31.75 -> 32
  }

  @Test
  void encodeRow_q8AllZeroBlock_hasZeroScaleAndQuants() {
    assertThat(encode(GgmlType.Q8_0, new float[32])).containsOnly(0);
  }

  @Test
  void decodeRow_q8_reconstructsWithinHalfAStep() {
    float[] row = new float[32];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) Math.sin(i) * 0.03f;
    }
    float[] back = new float[32];
    GgmlType.Q8_0.decodeRow(
        ByteBuffer.wrap(encode(GgmlType.Q8_0, row)).order(ByteOrder.LITTLE_ENDIAN), back);

    float step = 0.03f / 127;
    for (int i = 0; i < row.length; i++) {
      assertThat(back[i]).isCloseTo(row[i], within(step));
    }
  }

  @Test
  void encodeRow_q8RowNotWholeBlocks_rejected() {
    assertThatThrownBy(() -> encode(GgmlType.Q8_0, new float[40]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 32");
  }

  @Test
  void encodeRow_f16_isIeeeHalfPrecision() {
    byte[] bytes = encode(GgmlType.F16, new float[] {1f, -2f});

    assertThat(bytes).containsExactly(0x00, 0x3C, 0x00, (byte) 0xC0);
  }

  @Test
  void byId_removedAndUnknownIds_empty() {
    assertThat(GgmlType.byId(4)).isEmpty();
    assertThat(GgmlType.byId(99)).isEmpty();
    assertThat(GgmlType.byId(-1)).isEmpty();
    assertThat(GgmlType.byId(8)).contains(GgmlType.Q8_0);
  }

  @Test
  void byteSize_q8_is34BytesPer32Elements() {
    assertThat(GgmlType.Q8_0.byteSize(64)).isEqualTo(68);
    assertThat(GgmlType.Q4_K.byteSize(512)).isEqualTo(288);
  }
}
