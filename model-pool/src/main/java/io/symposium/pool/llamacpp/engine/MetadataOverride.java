package io.symposium.pool.llamacpp.engine;

import java.nio.charset.StandardCharsets;

/**
 * A GGUF metadata value that llama.cpp uses instead of the file's at load time ({@code
 * llama_model_kv_override}), for example {@code llama.expert_used_count = 1}.
 */
public sealed interface MetadataOverride {

  /** The metadata key, for example {@code llama.expert_used_count}. */
  String key();

  /** An integer value. */
  record IntOverride(String key, long value) implements MetadataOverride {
    public IntOverride {
      checkKey(key);
    }
  }

  /** A floating-point value; it must be finite. */
  record FloatOverride(String key, double value) implements MetadataOverride {
    public FloatOverride {
      checkKey(key);
      if (!Double.isFinite(value)) {
        throw new RejectedInputException(
            "metadata override '%s' must be finite, got %s".formatted(key, value));
      }
    }
  }

  /** A boolean value. */
  record BoolOverride(String key, boolean value) implements MetadataOverride {
    public BoolOverride {
      checkKey(key);
    }
  }

  /** A string value of at most 127 UTF-8 bytes. */
  record StringOverride(String key, String value) implements MetadataOverride {
    public StringOverride {
      checkKey(key);
      if (value.indexOf('\0') >= 0 || value.getBytes(StandardCharsets.UTF_8).length > 127) {
        throw new RejectedInputException(
            "metadata override '%s': a string value must be at most 127 UTF-8 bytes without NUL"
                .formatted(key));
      }
    }
  }

  static MetadataOverride ofInt(String key, long value) {
    return new IntOverride(key, value);
  }

  static MetadataOverride ofFloat(String key, double value) {
    return new FloatOverride(key, value);
  }

  static MetadataOverride ofBool(String key, boolean value) {
    return new BoolOverride(key, value);
  }

  static MetadataOverride ofString(String key, String value) {
    return new StringOverride(key, value);
  }

  private static void checkKey(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes >= NativeLayouts.KV_OVERRIDE_KEY_BYTES || key.indexOf('\0') >= 0) {
      throw new RejectedInputException(
          "metadata override key '%s' must be 1 to %d UTF-8 bytes without NUL"
              .formatted(key, NativeLayouts.KV_OVERRIDE_KEY_BYTES - 1));
    }
  }
}
