package io.symposium.pool.llamacpp.engine;

import static io.symposium.pool.llamacpp.engine.Downcalls.guardThread;
import static io.symposium.pool.llamacpp.engine.Downcalls.rethrow;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;

/** The sampler-chain functions of {@code llama.h}: one wrapper each. */
final class SamplerCalls {
  private final MethodHandle chainDefaultParams;
  private final MethodHandle chainInit;
  private final MethodHandle chainAdd;
  private final MethodHandle initGreedy;
  private final MethodHandle initDist;
  private final MethodHandle initTemp;
  private final MethodHandle initTopK;
  private final MethodHandle initTopP;
  private final MethodHandle initGrammar;
  private final MethodHandle sample;
  private final MethodHandle free;

  SamplerCalls(Downcalls d) {
    chainDefaultParams =
        d.handle(
            "llama_sampler_chain_default_params",
            FunctionDescriptor.of(NativeLayouts.SAMPLER_CHAIN_PARAMS));
    chainInit =
        d.handle(
            "llama_sampler_chain_init",
            FunctionDescriptor.of(ADDRESS, NativeLayouts.SAMPLER_CHAIN_PARAMS));
    chainAdd = d.handle("llama_sampler_chain_add", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    initGreedy = d.handle("llama_sampler_init_greedy", FunctionDescriptor.of(ADDRESS));
    initDist = d.handle("llama_sampler_init_dist", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    initTemp = d.handle("llama_sampler_init_temp", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT));
    initTopK = d.handle("llama_sampler_init_top_k", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    initTopP =
        d.handle("llama_sampler_init_top_p", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, JAVA_LONG));
    initGrammar =
        d.handle(
            "llama_sampler_init_grammar",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    sample =
        d.handle(
            "llama_sampler_sample", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    free = d.handle("llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));
  }

  MemorySegment chainInit() {
    guardThread();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment params =
          (MemorySegment) chainDefaultParams.invokeExact((SegmentAllocator) arena);
      return (MemorySegment) chainInit.invokeExact(params);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_chain_init", t);
    }
  }

  void chainAdd(MemorySegment chain, MemorySegment sampler) {
    try {
      chainAdd.invokeExact(chain, sampler);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_chain_add", t);
    }
  }

  MemorySegment greedy() {
    try {
      return (MemorySegment) initGreedy.invokeExact();
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_greedy", t);
    }
  }

  MemorySegment dist(int seed) {
    try {
      return (MemorySegment) initDist.invokeExact(seed);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_dist", t);
    }
  }

  MemorySegment temp(float temperature) {
    try {
      return (MemorySegment) initTemp.invokeExact(temperature);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_temp", t);
    }
  }

  MemorySegment topK(int k) {
    try {
      return (MemorySegment) initTopK.invokeExact(k);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_top_k", t);
    }
  }

  MemorySegment topP(float p, long minKeep) {
    try {
      return (MemorySegment) initTopP.invokeExact(p, minKeep);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_top_p", t);
    }
  }

  /** NULL when the GBNF does not parse (llama.cpp logs why). */
  MemorySegment grammar(MemorySegment vocab, MemorySegment grammar, MemorySegment root) {
    guardThread();
    try {
      return (MemorySegment) initGrammar.invokeExact(vocab, grammar, root);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_init_grammar", t);
    }
  }

  int sample(MemorySegment sampler, MemorySegment context, int index) {
    guardThread();
    try {
      return (int) sample.invokeExact(sampler, context, index);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_sample", t);
    }
  }

  void free(MemorySegment sampler) {
    try {
      free.invokeExact(sampler);
    } catch (Throwable t) {
      throw rethrow("llama_sampler_free", t);
    }
  }
}
