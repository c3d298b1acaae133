package io.symposium.pool;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One text completion to run on a model of the pool.
 *
 * @param prompt the full prompt
 * @param maxTokens most tokens to generate, 1..32768; null: as many as the model's context leaves
 *     after the prompt (the completion then ends with {@link Completion.FinishReason#LENGTH} when
 *     the context is full)
 * @param temperature 0 for greedy, else a finite value up to 5
 * @param topP nucleus sampling, in (0, 1]
 * @param topK keep the k most likely tokens, 0 for all
 * @param seed makes sampling repeatable
 * @param stop strings that end the answer
 * @param activeExperts for a sparse-MoE model, how many experts each token uses (null: the file's
 *     value)
 * @param messages the conversation, for a chat-shaped request (null: a plain completion). The pool
 *     renders it with the model's chat template where its GGUF file has one, and sends it as
 *     messages to a remote server; a model without a template (the zoo's experts) gets {@code
 *     prompt}, the plain format it was trained on
 */
public record CompletionRequest(
    String prompt,
    @Nullable Integer maxTokens,
    double temperature,
    double topP,
    int topK,
    long seed,
    List<String> stop,
    @Nullable Integer activeExperts,
    @Nullable List<ChatPrompt.Message> messages) {

  public CompletionRequest {
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("the prompt is empty");
    }
    if (maxTokens != null && (maxTokens < 1 || maxTokens > 32768)) {
      throw new IllegalArgumentException("max tokens must be 1 to 32768, got " + maxTokens);
    }
    if (!Double.isFinite(temperature) || temperature < 0 || temperature > 5) {
      throw new IllegalArgumentException(
          "temperature must be a number from 0 to 5, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
    }
    if (seed < 0 || seed > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("seed must be 0 to 4294967294, got " + seed);
    }
    stop = List.copyOf(stop);
    if (activeExperts != null && activeExperts < 1) {
      throw new IllegalArgumentException("active experts must be >= 1, got " + activeExperts);
    }
    if (messages != null) {
      if (messages.isEmpty()) {
        throw new IllegalArgumentException("a chat needs at least one message");
      }
      messages = List.copyOf(messages);
      ChatPrompt.checkRoles(messages);
    }
  }

  /** Greedy decoding of a chat; {@code plainPrompt} is how a model without a template reads it. */
  public static CompletionRequest chat(
      List<ChatPrompt.Message> messages, String plainPrompt, @Nullable Integer maxTokens) {
    return greedy(plainPrompt, maxTokens).withMessages(messages);
  }

  /** Greedy decoding of at most {@code maxTokens} (null: what the context leaves). */
  public static CompletionRequest greedy(String prompt, @Nullable Integer maxTokens) {
    return new CompletionRequest(prompt, maxTokens, 0, 1, 0, 0, List.of(), null, null);
  }

  /** The same request with another limit (null: what the context leaves). */
  public CompletionRequest withMaxTokens(@Nullable Integer limit) {
    return new CompletionRequest(
        prompt, limit, temperature, topP, topK, seed, stop, activeExperts, messages);
  }

  /** The same request with nucleus sampling over {@code p} of the probability mass. */
  public CompletionRequest withTopP(double p) {
    return new CompletionRequest(
        prompt, maxTokens, temperature, p, topK, seed, stop, activeExperts, messages);
  }

  public CompletionRequest withStop(List<String> stopStrings) {
    return new CompletionRequest(
        prompt, maxTokens, temperature, topP, topK, seed, stopStrings, activeExperts, messages);
  }

  public CompletionRequest withSampling(double newTemperature, long newSeed) {
    return new CompletionRequest(
        prompt,
        maxTokens,
        newTemperature,
        newTemperature == 0 ? 1 : topP,
        newTemperature == 0 ? 0 : (topK == 0 ? 40 : topK),
        newSeed,
        stop,
        activeExperts,
        messages);
  }

  public CompletionRequest withActiveExperts(@Nullable Integer experts) {
    return new CompletionRequest(
        prompt, maxTokens, temperature, topP, topK, seed, stop, experts, messages);
  }

  /** The same request as a chat of these messages (null: a plain completion). */
  public CompletionRequest withMessages(@Nullable List<ChatPrompt.Message> chat) {
    return new CompletionRequest(
        prompt, maxTokens, temperature, topP, topK, seed, stop, activeExperts, chat);
  }

  /**
   * The prompt as the one user turn of a chat: how the pipeline's own prompts (expert, keyword,
   * aggregator) reach a model with a chat template, which then reads them in its trained format.
   */
  public CompletionRequest asUserTurn() {
    return withMessages(List.of(new ChatPrompt.Message("user", prompt)));
  }

  /** The same request with another prompt, e.g. the conversation rendered by a chat template. */
  public CompletionRequest withPrompt(String text) {
    return new CompletionRequest(
        text, maxTokens, temperature, topP, topK, seed, stop, activeExperts, messages);
  }
}
