package io.symposium.pool.schedule;

import io.symposium.pool.ModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a model's file into the page cache on a thread of its own, once until the model is loaded,
 * so the mmap load that follows is fast. Called with {@link BatchScheduler}'s lock held, which
 * guards the set of files read already.
 */
final class FilePrefetcher implements AutoCloseable {

  private static final System.Logger log = System.getLogger(BatchScheduler.class.getName());

  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon(true).name("pool-prefetch").unstarted(r));
  private final Set<String> prefetched = new HashSet<>();

  /** Starts reading the model's file unless it was read since its last load. */
  void prefetch(ModelSpec spec) {
    if (prefetched.add(spec.id())) {
      reader.execute(() -> readThrough(spec));
    }
  }

  /** The model was loaded (or removed): a later prefetch reads its file again. */
  void forget(String model) {
    prefetched.remove(model);
  }

  /**
   * Reads the whole file once: the kernel keeps it in the page cache, so the mmap load that follows
   * is fast.
   */
  private static void readThrough(ModelSpec spec) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
    try (FileChannel channel = FileChannel.open(spec.requireFile(), StandardOpenOption.READ)) {
      while (channel.read(buffer) > 0) {
        buffer.clear();
      }
    } catch (IOException e) {
      log.log(System.Logger.Level.DEBUG, "prefetch of {0} failed: {1}", spec.id(), e.getMessage());
    }
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
