package io.symposium.pool.llamacpp.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the byte pieces of generated tokens into text that is safe to stream.
 *
 * <p>Two things are held back until they are decided. A UTF-8 character split across tokens
 * (byte-fallback vocabularies emit {@code <0xE2>}, {@code <0x82>}, {@code <0xAC>} for "€") is held
 * until it is complete; bytes that can never become valid UTF-8 (random models emit them) are
 * replaced by U+FFFD at once. Text that could be the start of a stop string is held until it either
 * completes the stop string (then it and all after it are dropped) or cannot anymore. What {@link
 * #append} and {@link #finish} return, concatenated, is exactly {@link #text()}.
 */
final class TextAssembler {
  private final List<String> stopStrings;
  private final ByteArrayOutputStream undecoded = new ByteArrayOutputStream();
  private final StringBuilder text = new StringBuilder();
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private int emitted;
  private boolean stopped;

  TextAssembler(List<String> stopStrings) {
    this.stopStrings = List.copyOf(stopStrings);
  }

  /** Adds one token's bytes; returns the text that can be streamed now (possibly empty). */
  String append(byte[] piece) {
    if (stopped) {
      return "";
    }
    undecoded.writeBytes(piece);
    byte[] pending = undecoded.toByteArray();
    int complete = completePrefix(pending);
    if (complete > 0) {
      text.append(decode(pending, 0, complete));
      undecoded.reset();
      undecoded.write(pending, complete, pending.length - complete);
    }
    return release(false);
  }

  /** Whether a stop string was found; the text ends before it. */
  boolean stopped() {
    return stopped;
  }

  /**
   * Ends the text: decodes held bytes (an unfinished character becomes U+FFFD) and releases all
   * held text.
   */
  String finish() {
    if (!stopped && undecoded.size() > 0) {
      byte[] rest = undecoded.toByteArray();
      text.append(decode(rest, 0, rest.length));
    }
    undecoded.reset();
    return release(true);
  }

  String text() {
    return text.toString();
  }

  private String release(boolean all) {
    if (!stopped && !stopStrings.isEmpty()) {
      int from = emitted; // held-back text keeps any stop-string start at or after emitted
      int cut = -1;
      for (String stop : stopStrings) {
        int at = text.indexOf(stop, from);
        if (at >= 0 && (cut < 0 || at < cut)) {
          cut = at;
        }
      }
      if (cut >= 0) {
        stopped = true;
        text.setLength(cut);
        undecoded.reset();
        all = true;
      }
    }
    int end = all ? text.length() : text.length() - heldForStop();
    if (end <= emitted) {
      return "";
    }
    String out = text.substring(emitted, end);
    emitted = end;
    return out;
  }

  /** Length of the longest suffix of the text that is a proper prefix of a stop string. */
  private int heldForStop() {
    int held = 0;
    for (String stop : stopStrings) {
      for (int n = Math.min(stop.length() - 1, text.length()); n > held; n--) {
        if (endsWith(text, stop, n)) {
          held = n;
          break;
        }
      }
    }
    return held;
  }

  /** Whether {@code text} ends with the first {@code n} characters of {@code stop}. */
  private static boolean endsWith(StringBuilder text, String stop, int n) {
    int offset = text.length() - n;
    for (int i = 0; i < n; i++) {
      if (text.charAt(offset + i) != stop.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private String decode(byte[] bytes, int from, int to) {
    try {
      decoder.reset();
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, from, to - from));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(e); // unreachable with REPLACE
    }
  }

  /**
   * How many leading bytes can be decoded now: everything except a trailing lead byte whose
   * continuation bytes have not all arrived yet (and are so far valid).
   */
  static int completePrefix(byte[] bytes) {
    int n = bytes.length;
    for (int back = 1; back <= Math.min(3, n); back++) {
      int b = bytes[n - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue; // continuation byte: look further back for its lead
      }
      int need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }
}
