package io.symposium.pool.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntFunction;

/**
 * The memory-bandwidth limit that decoding runs against: each of {@code threads} threads sums its
 * own buffer, far larger than the caches, sequentially; the rate is all bytes read over the wall
 * time of the slowest thread. Token generation streams every weight once per token, so this is its
 * ceiling.
 *
 * <p>Two kinds of buffer are read and the faster counts: off-heap (direct {@link ByteBuffer},
 * {@code getLong} with four independent sums) and a heap {@code long[]}, whose reduction loop C2
 * vectorises. They should agree within a few percent if both saturate memory rather than the core.
 */
final class MemoryBandwidth {
  private static volatile long sink;

  private MemoryBandwidth() {}

  /**
   * GB/s (10⁹ bytes) read by {@code threads} threads, best of {@code rounds}, per kind of buffer.
   */
  record Result(double offHeapGbps, double heapGbps) {
    double limit() {
      return Math.max(offHeapGbps, heapGbps);
    }
  }

  static Result measure(int threads, long bytesPerThread, int rounds) {
    List<ByteBuffer> direct = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ByteBuffer b =
          ByteBuffer.allocateDirect(Math.toIntExact(bytesPerThread)).order(ByteOrder.nativeOrder());
      for (int i = 0; i < b.capacity(); i += 8) {
        b.putLong(i, i * 31L); // touch every page, so the first pass does not count page faults
      }
      direct.add(b);
    }
    double offHeap =
        best(threads, rounds, t -> () -> sumDirect(direct.get(t)), threads * bytesPerThread);
    direct.clear();
    List<long[]> heap = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[] a = new long[Math.toIntExact(bytesPerThread / 8)];
      for (int i = 0; i < a.length; i++) {
        a[i] = i * 31L;
      }
      heap.add(a);
    }
    double onHeap =
        best(threads, rounds, t -> () -> sumHeap(heap.get(t)), threads * bytesPerThread);
    return new Result(offHeap, onHeap);
  }

  private static double best(int threads, int rounds, IntFunction<Runnable> work, long bytes) {
    double best = 0;
    for (int r = 0; r <= rounds; r++) { // round 0 warms up the JIT
      double gbps = bytes / (timeParallel(threads, work) / 1e9) / 1e9;
      if (r > 0) {
        best = Math.max(best, gbps);
      }
    }
    return best;
  }

  private static long timeParallel(int threads, IntFunction<Runnable> work) {
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Runnable task = work.apply(t);
      running.add(
          Thread.ofPlatform()
              .name("bandwidth-" + t)
              .start(
                  () -> {
                    await(start);
                    task.run();
                  }));
    }
    await(start);
    long begin = System.nanoTime();
    for (Thread thread : running) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return System.nanoTime() - begin;
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sumDirect(ByteBuffer b) {
    long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int end = b.capacity();
    for (int i = 0; i < end; i += 32) {
      s0 += b.getLong(i);
      s1 += b.getLong(i + 8);
      s2 += b.getLong(i + 16);
      s3 += b.getLong(i + 24);
    }
    sink += s0 + s1 + s2 + s3;
  }

  private static void sumHeap(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    sink += s;
  }
}
