package io.symposium.pool.llamacpp.engine;

import static io.symposium.pool.llamacpp.engine.Downcalls.guardThread;
import static io.symposium.pool.llamacpp.engine.Downcalls.rethrow;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The vocabulary functions of {@code llama.h} ({@code llama_vocab_*}, tokens ⇄ text). */
final class VocabCalls {
  private final MethodHandle modelGetVocab;
  private final MethodHandle nTokens;
  private final MethodHandle isEog;
  private final MethodHandle tokenize;
  private final MethodHandle tokenToPiece;
  private final MethodHandle detokenize;

  VocabCalls(Downcalls d) {
    modelGetVocab = d.handle("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
    nTokens = d.handle("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    isEog = d.handle("llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
    FunctionDescriptor textAndTokens =
        FunctionDescriptor.of(
            JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN);
    tokenize = d.handle("llama_tokenize", textAndTokens);
    tokenToPiece =
        d.handle(
            "llama_token_to_piece",
            FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
    detokenize = d.handle("llama_detokenize", textAndTokens);
  }

  MemorySegment ofModel(MemorySegment model) {
    guardThread();
    try {
      return (MemorySegment) modelGetVocab.invokeExact(model);
    } catch (Throwable t) {
      throw rethrow("llama_model_get_vocab", t);
    }
  }

  int nTokens(MemorySegment vocab) {
    try {
      return (int) nTokens.invokeExact(vocab);
    } catch (Throwable t) {
      throw rethrow("llama_vocab_n_tokens", t);
    }
  }

  boolean isEog(MemorySegment vocab, int token) {
    try {
      return (boolean) isEog.invokeExact(vocab, token);
    } catch (Throwable t) {
      throw rethrow("llama_vocab_is_eog", t);
    }
  }

  int tokenize(
      MemorySegment vocab,
      MemorySegment text,
      int textLength,
      MemorySegment tokens,
      int maxTokens,
      boolean addSpecial,
      boolean parseSpecial) {
    guardThread();
    try {
      return (int)
          tokenize.invokeExact(
              vocab, text, textLength, tokens, maxTokens, addSpecial, parseSpecial);
    } catch (Throwable t) {
      throw rethrow("llama_tokenize", t);
    }
  }

  int tokenToPiece(
      MemorySegment vocab,
      int token,
      MemorySegment buffer,
      int length,
      int lstrip,
      boolean special) {
    try {
      return (int) tokenToPiece.invokeExact(vocab, token, buffer, length, lstrip, special);
    } catch (Throwable t) {
      throw rethrow("llama_token_to_piece", t);
    }
  }

  int detokenize(
      MemorySegment vocab,
      MemorySegment tokens,
      int count,
      MemorySegment text,
      int maxLength,
      boolean removeSpecial,
      boolean unparseSpecial) {
    guardThread();
    try {
      return (int)
          detokenize.invokeExact(
              vocab, tokens, count, text, maxLength, removeSpecial, unparseSpecial);
    } catch (Throwable t) {
      throw rethrow("llama_detokenize", t);
    }
  }
}
