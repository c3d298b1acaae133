package io.symposium.pool.llamacpp.engine;

import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * The body of a model's decode thread: it loads the model ({@link NativeModel}, all native objects
 * in one confined arena), runs the decode loop until the model is closed, then frees everything.
 *
 * <p>Continuous batching over llama.cpp's sequences (research/llamacpp-java.md §3.4): each running
 * generation holds one sequence id (its slot). A step packs, into one {@code llama_batch}, the one
 * pending token of every generating sequence and then as much of the waiting prompts as fits {@code
 * n_batch}, with logits requested only on each sequence's last token; one {@code llama_decode}
 * computes them all, and each sequence samples from its own logits row with its own sampler chain.
 * A finished sequence's KV cells are removed and its slot is reused by the next queued request.
 */
final class ModelWorker implements Runnable {
  private static final System.Logger LOG = System.getLogger(ModelWorker.class.getName());

  private final LlamaLibrary lib;
  private final LoadPlan plan;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final ArrayDeque<RunningGeneration> waiting = new ArrayDeque<>();
  private final @Nullable ActiveSequence[] slots;
  final CompletableFuture<ModelInfo> loaded = new CompletableFuture<>();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean closeRequested;
  private final Object sealLock = new Object();
  private boolean sealed; // guarded by sealLock: no task is accepted any more
  private volatile ActiveSequence @Nullable [] decoding;
  private volatile @Nullable Thread thread;
  private volatile List<String> loadLog = List.of();
  private int active;
  private @Nullable NativeModel llama; // the decode thread's alone

  ModelWorker(LlamaLibrary lib, LoadPlan plan) {
    this.lib = lib;
    this.plan = plan;
    this.slots = new ActiveSequence[plan.settings().parallelSequences()];
  }

  // ---- called from other threads ----

  void start(Thread decodeThread) {
    thread = decodeThread;
    decodeThread.start();
  }

  boolean isDecodeThread() {
    return Thread.currentThread() == thread;
  }

  void submit(List<RunningGeneration> generations) {
    post(() -> waiting.addAll(generations), generations);
  }

  <T> CompletableFuture<T> call(Callable<T> task) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Runnable run =
        () -> {
          try {
            future.complete(closeRequested ? failWithClosed() : task.call());
          } catch (Throwable t) {
            future.completeExceptionally(t);
          }
        };
    synchronized (sealLock) {
      if (!sealed) {
        inbox.add(run);
        return future;
      }
    }
    future.completeExceptionally(closedException());
    return future;
  }

  void wake() {
    inbox.add(() -> {});
  }

  void requestClose() {
    closeRequested = true;
    wake();
  }

  List<String> loadLog() {
    return loadLog;
  }

  private void post(Runnable task, List<RunningGeneration> owners) {
    synchronized (sealLock) {
      if (!sealed) {
        inbox.add(task);
        return;
      }
    }
    owners.forEach(g -> g.fail(closedException()));
  }

  private <T> T failWithClosed() {
    throw closedException();
  }

  private ModelClosedException closedException() {
    return new ModelClosedException("model '%s' was unloaded; load it again".formatted(plan.id()));
  }

  /**
   * Polled by llama.cpp during a decode: stop it when the model closes or every sequence in it was
   * cancelled. Runs inside an upcall, so it only reads volatile fields and never throws.
   */
  private boolean abortRequested() {
    if (closeRequested) {
      return true;
    }
    ActiveSequence[] step = decoding;
    if (step == null || step.length == 0) {
      return false;
    }
    for (ActiveSequence s : step) {
      if (!s.generation.isCancelled()) {
        return false;
      }
    }
    return true;
  }

  // ---- the decode thread ----

  @Override
  public void run() {
    try (Arena own = Arena.ofConfined()) {
      try {
        NativeModel m = NativeModel.load(lib, plan, own, this::abortRequested);
        llama = m;
        loadLog = m.loadLog();
        loaded.complete(info(m));
        loop(m);
      } catch (Throwable t) {
        if (!loaded.isDone()) {
          loaded.completeExceptionally(t);
        } else {
          LOG.log(System.Logger.Level.ERROR, "decode loop of model '" + plan.id() + "' failed", t);
        }
      } finally {
        closeRequested = true;
        failEverything();
        NativeModel m = llama;
        if (m != null) {
          m.free();
        }
        llama = null;
      }
    } finally {
      closed.complete(null);
    }
  }

  private ModelInfo info(NativeModel m) {
    ModelSettings s = plan.settings();
    return new ModelInfo(
        plan.id(),
        plan.file(),
        plan.architecture(),
        s.contextSize(),
        s.parallelSequences(),
        m.nativeContext(),
        m.vocabularySize(),
        plan.expertCount(),
        plan.expertUsedCount());
  }

  private void loop(NativeModel m) throws InterruptedException {
    while (true) {
      Runnable task = active == 0 && waiting.isEmpty() ? inbox.take() : inbox.poll();
      while (task != null) {
        task.run();
        task = inbox.poll();
      }
      if (closeRequested) {
        return;
      }
      finishCancelled(m);
      admit(m);
      if (active > 0) {
        step(m);
      }
    }
  }

  private void finishCancelled(NativeModel m) {
    waiting.removeIf(
        g -> {
          if (g.isCancelled()) {
            g.complete(
                new GenerationResult(
                    "", 0, 0, EngineFinish.CANCELLED, Duration.ZERO, Duration.ZERO));
            return true;
          }
          return false;
        });
    for (ActiveSequence s : slots) {
      if (s != null && s.generation.isCancelled()) {
        finish(m, s, EngineFinish.CANCELLED);
      }
    }
  }

  private void admit(NativeModel m) {
    for (int slot = 0; slot < slots.length && !waiting.isEmpty(); slot++) {
      if (slots[slot] != null) {
        continue;
      }
      RunningGeneration g = waiting.poll();
      try {
        slots[slot] = startSequence(m, g, slot);
        active++;
      } catch (RuntimeException e) {
        g.fail(e);
        slot--; // the slot is still free: offer it to the next waiting request
      }
    }
  }

  private ActiveSequence startSequence(NativeModel m, RunningGeneration g, int slot) {
    GenerationRequest request = g.request();
    int[] prompt = m.tokenize(request.prompt());
    if (prompt.length == 0) {
      throw new RejectedInputException(
          "the prompt is empty after tokenization; give at least one token of text");
    }
    int limit = plan.settings().contextSize();
    Integer asked = request.maxTokens();
    if (asked == null && prompt.length >= limit) {
      throw new ContextOverflowException(
          ("the prompt has %d tokens, which leaves none of the %d-token context per sequence of"
                  + " model '%s' to answer in; shorten the prompt, or load the model with a larger"
                  + " context size")
              .formatted(prompt.length, limit, plan.id()));
    }
    if (asked != null && (long) prompt.length + asked > limit) {
      throw new ContextOverflowException(
          ("the prompt has %d tokens and max tokens is %d: together %d, more than the %d-token"
                  + " context per sequence of model '%s'; shorten the prompt, lower max tokens, or"
                  + " load the model with a larger context size")
              .formatted(prompt.length, asked, prompt.length + asked, limit, plan.id()));
    }
    // without a client limit, the answer may use whatever the context leaves
    int maxTokens = asked != null ? asked : limit - prompt.length;
    var sampler = m.samplerFor(request);
    m.clearSequence(slot);
    return new ActiveSequence(
        g, slot, prompt, maxTokens, sampler, new TextAssembler(request.stop()), System.nanoTime());
  }

  private void step(NativeModel m) {
    int capacity = m.batchCapacity();
    List<ActiveSequence> inStep = new ArrayList<>(active);
    int n = 0;
    // generating sequences first (one token each), so a long prompt never starves them
    for (int pass = 0; pass < 2; pass++) {
      for (ActiveSequence s : slots) {
        if (s == null || s.isPrompting() != (pass == 1) || n == capacity) {
          continue;
        }
        int take = Math.min(s.pendingCount(), capacity - n);
        for (int j = 0; j < take; j++) {
          m.put(n, s.pendingToken(j), s.position + j, s.slot, false);
          n++;
        }
        s.consume(take);
        if (s.pendingCount() == 0) {
          m.requestLogits(n - 1);
          s.outputIndex = n - 1;
        } else {
          s.outputIndex = -1;
        }
        inStep.add(s);
      }
    }
    if (n == 0) {
      return;
    }
    decoding = inStep.toArray(ActiveSequence[]::new);
    int rc;
    try {
      rc = m.decode(n);
    } finally {
      decoding = null;
    }
    if (rc != 0) {
      decodeFailed(m, rc, inStep);
      return;
    }
    for (ActiveSequence s : inStep) {
      if (s.outputIndex < 0) {
        continue;
      }
      if (s.generation.isCancelled()) {
        finish(m, s, EngineFinish.CANCELLED);
        continue;
      }
      accept(m, s, m.sample(s.sampler, s.outputIndex));
    }
  }

  private void accept(NativeModel m, ActiveSequence s, int token) {
    long now = System.nanoTime();
    if (s.firstSampleNanos == 0) {
      s.firstSampleNanos = now;
    }
    if (m.isEndOfGeneration(token)) {
      finish(m, s, EngineFinish.END_OF_GENERATION);
      return;
    }
    s.generated++;
    if (!emit(m, s, s.text.append(m.piece(token)))) {
      return;
    }
    if (s.text.stopped()) {
      finish(m, s, EngineFinish.STOP_STRING);
    } else if (s.generated >= s.maxTokens) {
      finish(m, s, EngineFinish.MAX_TOKENS);
    } else {
      s.next(token);
    }
  }

  /** Streams a piece; a consumer that throws ends its generation with that exception. */
  private boolean emit(NativeModel m, ActiveSequence s, String piece) {
    try {
      s.generation.emit(piece);
      return true;
    } catch (RuntimeException e) {
      release(m, s);
      s.generation.fail(e);
      return false;
    }
  }

  private void finish(NativeModel m, ActiveSequence s, EngineFinish reason) {
    if (!emit(m, s, s.text.finish())) {
      return;
    }
    release(m, s);
    long end = System.nanoTime();
    long first = s.firstSampleNanos == 0 ? end : s.firstSampleNanos;
    s.generation.complete(
        new GenerationResult(
            s.text.text(),
            s.promptTokens,
            s.generated,
            reason,
            Duration.ofNanos(first - s.admittedNanos),
            Duration.ofNanos(end - first)));
  }

  private void decodeFailed(NativeModel m, int rc, List<ActiveSequence> inStep) {
    String log = NativeLog.describeRecent();
    for (ActiveSequence s : inStep) {
      if (closeRequested) {
        release(m, s);
        s.generation.fail(closedException());
      } else if (s.generation.isCancelled()) {
        finish(m, s, EngineFinish.CANCELLED);
      } else {
        release(m, s);
        s.generation.fail(
            new DecodeException(
                switch (rc) {
                  case 1 ->
                      ("llama_decode found no room in the KV cache of model '%s' (%d cells) for a"
                              + " batch of %d sequences; retry, or load the model with a larger"
                              + " context")
                          .formatted(plan.id(), m.nativeContext(), inStep.size());
                  case 2 -> "llama_decode was aborted";
                  default ->
                      "llama_decode failed with code %d on model '%s': %s"
                          .formatted(rc, plan.id(), log);
                },
                rc));
      }
    }
  }

  /** Frees a sequence's sampler and KV cells and its slot. */
  private void release(NativeModel m, ActiveSequence s) {
    if (slots[s.slot] != s) {
      return;
    }
    slots[s.slot] = null;
    active--;
    m.freeSampler(s.sampler);
    m.clearSequence(s.slot);
  }

  // ---- tokens <-> text (decode thread) ----

  int[] tokenize(String text) {
    return loadedModel().tokenize(text);
  }

  String detokenize(int[] tokens) {
    return loadedModel().detokenize(tokens);
  }

  private NativeModel loadedModel() {
    NativeModel m = llama;
    if (m == null) {
      throw closedException();
    }
    return m;
  }

  // ---- shutdown (decode thread) ----

  private void failEverything() {
    synchronized (sealLock) {
      sealed = true;
    }
    Runnable task;
    while ((task = inbox.poll()) != null) {
      task.run(); // queued submissions land in `waiting`, queued calls complete or fail below
    }
    for (RunningGeneration g : waiting) {
      g.fail(closedException());
    }
    waiting.clear();
    NativeModel m = llama;
    for (ActiveSequence s : slots) {
      if (s != null) {
        if (m != null) {
          release(m, s);
        }
        s.generation.fail(closedException());
      }
    }
  }
}
