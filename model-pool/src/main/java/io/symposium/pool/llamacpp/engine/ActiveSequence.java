package io.symposium.pool.llamacpp.engine;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One running generation on the decode thread: its slot (the llama.cpp sequence id), the tokens
 * still to feed, its sampler chain and its text so far.
 */
final class ActiveSequence {
  final RunningGeneration generation;
  final int slot;
  final MemorySegment sampler;
  final TextAssembler text;
  final long admittedNanos;
  final int promptTokens;
  final int maxTokens;
  private int[] pending;
  private int pendingStart;
  int position;
  int outputIndex = -1;
  int generated;
  long firstSampleNanos;

  ActiveSequence(
      RunningGeneration generation,
      int slot,
      int[] prompt,
      int maxTokens,
      MemorySegment sampler,
      TextAssembler text,
      long admittedNanos) {
    this.generation = generation;
    this.slot = slot;
    this.pending = prompt;
    this.promptTokens = prompt.length;
    this.maxTokens = maxTokens;
    this.sampler = sampler;
    this.text = text;
    this.admittedNanos = admittedNanos;
  }

  boolean isPrompting() {
    return generated == 0 && firstSampleNanos == 0;
  }

  int pendingCount() {
    return pending.length - pendingStart;
  }

  int pendingToken(int i) {
    return pending[pendingStart + i];
  }

  void consume(int count) {
    pendingStart += count;
    position += count;
  }

  void next(int token) {
    pending = new int[] {token};
    pendingStart = 0;
  }

  @Override
  public String toString() {
    return "ActiveSequence[slot=%d, position=%d, pending=%s]"
        .formatted(slot, position, Arrays.toString(pending));
  }
}
