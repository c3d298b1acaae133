package io.symposium.pool.remote;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.symposium.pool.Completion;
import io.symposium.pool.StreamEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Runs a langchain4j chat call for a remote backend and turns its answer, stream or failure into
 * the pool's terms.
 */
final class ChatCalls {

  private ChatCalls() {}

  /**
   * Runs {@code request} on {@code executor} (langchain4j's call blocks) and maps the answer;
   * {@code ticker} (nanoseconds) times it.
   */
  static CompletableFuture<Completion> complete(
      String modelId,
      RemoteServer server,
      ChatModel model,
      ChatRequest request,
      Executor executor,
      LongSupplier ticker) {
    long start = ticker.getAsLong();
    return CompletableFuture.supplyAsync(
        () -> {
          ChatResponse response;
          try {
            response = model.chat(request);
          } catch (RuntimeException e) {
            throw server.failure("completing", e);
          }
          TokenUsage usage = response.tokenUsage();
          String text = response.aiMessage() == null ? null : response.aiMessage().text();
          return new Completion(
              modelId,
              text == null ? "" : text,
              count(usage == null ? null : usage.inputTokenCount()),
              count(usage == null ? null : usage.outputTokenCount()),
              response.finishReason() == FinishReason.LENGTH
                  ? Completion.FinishReason.LENGTH
                  : Completion.FinishReason.STOP,
              Duration.ofNanos(ticker.getAsLong() - start));
        },
        executor);
  }

  /**
   * The pieces of a streamed answer, then its token counts where the server reported them (an
   * OpenAI-compatible server's usage chunk, Ollama's last line). Cancelling the subscription
   * cancels langchain4j's streaming handle, which closes the HTTP response: that is how the server
   * learns to stop generating.
   */
  static Flux<StreamEvent> stream(
      RemoteServer server, StreamingChatModel model, ChatRequest request) {
    return Flux.create(
        sink -> {
          AtomicBoolean cancelled = new AtomicBoolean();
          AtomicReference<@Nullable StreamingHandle> handle = new AtomicReference<>();
          sink.onDispose(
              () -> {
                cancelled.set(true);
                StreamingHandle h = handle.get();
                if (h != null) {
                  h.cancel();
                }
              });
          model.chat(
              request,
              new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(
                    PartialResponse partial, PartialResponseContext context) {
                  handle.set(context.streamingHandle());
                  if (cancelled.get()) {
                    context.streamingHandle().cancel();
                  } else if (!partial.text().isEmpty()) {
                    sink.next(new StreamEvent.Piece(partial.text()));
                  }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                  TokenUsage usage = response.tokenUsage();
                  // a server that sent no usage leaves the count to the pool
                  if (usage != null && usage.inputTokenCount() != null) {
                    sink.next(
                        new StreamEvent.End(
                            count(usage.inputTokenCount()), count(usage.outputTokenCount()), true));
                  }
                  sink.complete();
                }

                @Override
                public void onError(Throwable error) {
                  if (!cancelled.get()) {
                    sink.error(server.failure("streaming", error));
                  }
                }
              });
        });
  }

  private static int count(@Nullable Integer tokens) {
    return tokens == null || tokens < 0 ? 0 : tokens;
  }
}
