package io.symposium.evals.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read whole: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the
 * header), an optional {@code __metadata__} entry, then the raw little-endian data.
 *
 * <p>F32, F16 and BF16 tensors decode to floats; the recipe writes F32, or F16 to halve what
 * travels.
 */
record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

  /** The largest header the format allows (100 MB, as the reference implementation). */
  static final long MAX_HEADER_BYTES = 100_000_000;

  /**
   * One tensor: its dtype, its shape (outermost first, PyTorch order) and its values in row-major
   * order.
   */
  record Tensor(String dtype, List<Long> shape, float[] values) {
    Tensor {
      shape = List.copyOf(shape);
      long count = shape.stream().reduce(1L, Math::multiplyExact);
      if (count != values.length)
        throw new IllegalArgumentException(
            "shape %s holds %d values, got %d".formatted(shape, count, values.length));
    }
  }

  SafetensorsFile {
    tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Map.copyOf(metadata);
  }

  static SafetensorsFile read(Path file) {
    try {
      return parse(
          ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN),
          file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static SafetensorsFile parse(ByteBuffer bytes, String source) {
    bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() < 8)
      throw new IllegalArgumentException(source + ": shorter than the 8-byte header length");
    long headerLength = bytes.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.remaining())
      throw new IllegalArgumentException(
          "%s: header length %d does not fit a file of %d bytes"
              .formatted(source, headerLength, bytes.remaining()));
    byte[] headerBytes = new byte[(int) headerLength];
    bytes.get(8, headerBytes);
    JsonNode header;
    try {
      header = new ObjectMapper().readTree(new String(headerBytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": header is not JSON: " + e.getMessage(), e);
    }
    if (header == null || !header.isObject())
      throw new IllegalArgumentException(source + ": header is not a JSON object");
    int dataStart = 8 + (int) headerLength;
    long dataLength = bytes.remaining() - dataStart;
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (var it = header.properties().iterator(); it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey();
      JsonNode info = entry.getValue();
      if (name.equals("__metadata__")) {
        info.properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      String dtype = info.path("dtype").asText("");
      List<Long> shape = new ArrayList<>();
      info.path("shape").forEach(d -> shape.add(d.asLong()));
      JsonNode offsets = info.path("data_offsets");
      long begin = offsets.path(0).asLong(-1), end = offsets.path(1).asLong(-1);
      if (begin < 0 || end < begin || end > dataLength)
        throw new IllegalArgumentException(
            "%s: tensor '%s' data_offsets %s outside the %d data bytes"
                .formatted(source, name, offsets, dataLength));
      long count = shape.stream().reduce(1L, Math::multiplyExact);
      int width =
          switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default ->
                throw new IllegalArgumentException(
                    "%s: tensor '%s' has dtype %s; only F32, F16 and BF16 are read"
                        .formatted(source, name, dtype));
          };
      if (count * width != end - begin)
        throw new IllegalArgumentException(
            "%s: tensor '%s' %s %s needs %d bytes, has %d"
                .formatted(source, name, dtype, shape, count * width, end - begin));
      float[] values = new float[(int) count];
      int at = dataStart + (int) begin;
      for (int i = 0; i < values.length; i++) {
        values[i] =
            switch (dtype) {
              case "F32" -> bytes.getFloat(at + 4 * i);
              case "F16" -> Float.float16ToFloat(bytes.getShort(at + 2 * i));
              default -> Float.intBitsToFloat((bytes.getShort(at + 2 * i) & 0xFFFF) << 16);
            };
      }
      tensors.put(name, new Tensor(dtype, shape, values));
    }
    return new SafetensorsFile(tensors, metadata);
  }

  Tensor tensor(String name) {
    Tensor tensor = tensors.get(name);
    if (tensor == null)
      throw new IllegalArgumentException(
          "no tensor '%s' (have %s)".formatted(name, tensors.keySet()));
    return tensor;
  }
}
