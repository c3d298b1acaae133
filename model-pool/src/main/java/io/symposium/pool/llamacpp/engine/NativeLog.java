package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Receives llama.cpp's log through {@code llama_log_set} and an upcall: assembles the fragments
 * into lines, forwards each line to the {@code System.Logger} named {@code llama.cpp}, and keeps
 * the last lines of the current thread so that a failed load or grammar can say why (llama.cpp
 * reports those only in its log).
 *
 * <p>The upcall must never throw: an exception escaping an upcall terminates the JVM.
 */
final class NativeLog {
  static final int KEPT_LINES = 24;

  // ggml_log_level
  private static final int LEVEL_DEBUG = 1;
  private static final int LEVEL_INFO = 2;
  private static final int LEVEL_WARN = 3;
  private static final int LEVEL_ERROR = 4;
  private static final int LEVEL_CONT = 5;

  private static final System.Logger LOGGER = System.getLogger("llama.cpp");
  private static final ThreadLocal<ThreadLines> LINES = ThreadLocal.withInitial(ThreadLines::new);
  private static final MemorySegment CALLBACK = createCallback();

  private NativeLog() {}

  /** The {@code ggml_log_callback} upcall stub; it lives as long as the JVM, like the library. */
  static MemorySegment callback() {
    return CALLBACK;
  }

  /** The last complete lines llama.cpp logged on this thread, oldest first. */
  static List<String> recentLines() {
    return List.copyOf(LINES.get().recent);
  }

  /**
   * Forgets this thread's recent lines, so that {@link #recentLines} shows only what the next call
   * logs.
   */
  static void clearRecent() {
    LINES.get().recent.clear();
  }

  /** The recent lines as one message tail, or a hint when llama.cpp logged nothing. */
  static String describeRecent() {
    List<String> lines = recentLines();
    if (lines.isEmpty()) {
      return "llama.cpp logged nothing";
    }
    return "llama.cpp log: "
        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
  }

  private static MemorySegment createCallback() {
    try {
      var handle =
          MethodHandles.lookup()
              .findStatic(
                  NativeLog.class,
                  "onLog",
                  MethodType.methodType(
                      void.class, int.class, MemorySegment.class, MemorySegment.class));
      return Linker.nativeLinker()
          .upcallStub(
              handle, FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused") // called from native code
  private static void onLog(int level, MemorySegment text, MemorySegment userData) {
    try {
      if (text.equals(MemorySegment.NULL)) {
        return;
      }
      LINES.get().append(level, text.reinterpret(Integer.MAX_VALUE).getString(0));
    } catch (Throwable ignored) {
      // never let anything escape into native code
    }
  }

  private static Level toJava(int level) {
    return switch (level) {
      case LEVEL_ERROR -> Level.ERROR;
      case LEVEL_WARN -> Level.WARNING;
      case LEVEL_INFO -> Level.DEBUG; // llama.cpp is very chatty at INFO: dozens of lines per load
      case LEVEL_DEBUG -> Level.TRACE;
      default -> Level.DEBUG;
    };
  }

  /**
   * Starts keeping every line this thread logs (not only the last ones), until {@link
   * #stopCapture}.
   */
  static void startCapture() {
    LINES.get().captured = new java.util.ArrayList<>();
  }

  /** Stops capturing and returns every line logged on this thread since {@link #startCapture}. */
  static List<String> stopCapture() {
    ThreadLines lines = LINES.get();
    List<String> captured = lines.captured == null ? List.of() : List.copyOf(lines.captured);
    lines.captured = null;
    return captured;
  }

  /** One thread's partial line and its last complete lines. */
  private static final class ThreadLines {
    final ArrayDeque<String> recent = new ArrayDeque<>();
    java.util.@Nullable List<String> captured;
    final StringBuilder partial = new StringBuilder();
    int level = LEVEL_INFO;

    void append(int newLevel, String text) {
      if (newLevel != LEVEL_CONT) {
        if (!partial.isEmpty() && newLevel != level) {
          flush();
        }
        level = newLevel;
      }
      int start = 0;
      int newline;
      while ((newline = text.indexOf('\n', start)) >= 0) {
        partial.append(text, start, newline);
        flush();
        start = newline + 1;
      }
      partial.append(text, start, text.length());
    }

    private void flush() {
      String line = partial.toString().strip();
      partial.setLength(0);
      if (line.isEmpty()) {
        return;
      }
      if (recent.size() == KEPT_LINES) {
        recent.removeFirst();
      }
      recent.addLast(line);
      if (captured != null) {
        captured.add(line);
      }
      Level javaLevel = toJava(level);
      if (LOGGER.isLoggable(javaLevel)) {
        LOGGER.log(javaLevel, line);
      }
    }
  }
}
