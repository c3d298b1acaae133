package io.symposium.pool.llamacpp.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A model instance resident in llama.cpp, with its own decode thread ({@code llama-<id>-0}).
 * Requests submitted at the same time are decoded together, one sequence each, up to the parallel
 * sequences it was loaded with; more wait for a free sequence. {@link #close()} frees the model,
 * its context and its KV cache.
 */
public final class LoadedModel implements AutoCloseable {
  private static final Consumer<String> IGNORE = piece -> {};

  private final ModelWorker worker;
  private final ModelInfo info;
  private final Runnable onClose;
  private volatile boolean closed;

  LoadedModel(ModelWorker worker, ModelInfo info, Runnable onClose) {
    this.worker = worker;
    this.info = info;
    this.onClose = onClose;
  }

  public ModelInfo info() {
    return info;
  }

  /**
   * What llama.cpp logged while loading this instance (model description, overrides applied, buffer
   * sizes).
   */
  public List<String> loadLog() {
    return worker.loadLog();
  }

  /**
   * The prompt tokens of {@code text} as a generation would see them (BOS added, special tokens
   * parsed).
   */
  public int[] tokenize(String text) {
    if (worker.isDecodeThread()) {
      return worker.tokenize(text);
    }
    return await(worker.call(() -> worker.tokenize(text)));
  }

  /**
   * The text of {@code tokens}, special tokens removed; ids outside the vocabulary are rejected.
   */
  public String detokenize(int[] tokens) {
    int[] copy = tokens.clone();
    if (worker.isDecodeThread()) {
      return worker.detokenize(copy);
    }
    return await(worker.call(() -> worker.detokenize(copy)));
  }

  /** Queues a generation; {@code pieces} receives the streamed text on the decode thread. */
  public RunningGeneration submit(GenerationRequest request, Consumer<String> pieces) {
    RunningGeneration g = new RunningGeneration(request, pieces, worker::wake);
    checkOpen();
    worker.submit(List.of(g));
    return g;
  }

  /** Queues a generation without streaming. */
  public RunningGeneration submit(GenerationRequest request) {
    return submit(request, IGNORE);
  }

  /** Runs one generation and waits for it. */
  public GenerationResult generate(GenerationRequest request) {
    Downcalls.guardThread();
    return submit(request).await();
  }

  /**
   * Runs several generations together — queued at once, so they share decode steps — and waits for
   * all; results are in request order. The first failure is thrown after all have ended.
   */
  public List<GenerationResult> generateAll(List<GenerationRequest> requests) {
    Downcalls.guardThread();
    checkOpen();
    List<RunningGeneration> generations = new ArrayList<>();
    for (GenerationRequest r : requests) {
      generations.add(new RunningGeneration(r, IGNORE, worker::wake));
    }
    worker.submit(generations);
    CompletableFuture.allOf(
            generations.stream().map(RunningGeneration::result).toArray(CompletableFuture[]::new))
        .exceptionally(t -> null)
        .join();
    return generations.stream().map(RunningGeneration::await).toList();
  }

  /**
   * The generated text as a stream of pieces; cancelling the subscription cancels the generation
   * and frees its sequence (STYLE.md rule 13). Pieces are buffered, so a slow subscriber never
   * blocks the decode thread.
   */
  public Flux<String> stream(GenerationRequest request) {
    return Flux.create(
        (FluxSink<String> sink) -> {
          RunningGeneration g = submit(request, sink::next);
          sink.onDispose(g::cancel);
          g.result()
              .whenComplete(
                  (r, t) -> {
                    if (t == null) {
                      sink.complete();
                    } else {
                      sink.error(
                          t instanceof CompletionException && t.getCause() != null
                              ? t.getCause()
                              : t);
                    }
                  });
        },
        FluxSink.OverflowStrategy.BUFFER);
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Unloads: running and queued generations fail with {@link ModelClosedException}, then the
   * context, model and batch are freed ({@code llama_free}, {@code llama_model_free}) and the
   * decode thread ends. Blocks until the memory is returned, unless called from the decode thread
   * itself. Idempotent.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      worker.requestClose();
      onClose.run();
    }
    if (!worker.isDecodeThread()) {
      Downcalls.guardThread();
      worker.closed.join();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new ModelClosedException("model '%s' was unloaded; load it again".formatted(info.id()));
    }
  }

  private <T> T await(CompletableFuture<T> future) {
    Downcalls.guardThread();
    checkOpen();
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
