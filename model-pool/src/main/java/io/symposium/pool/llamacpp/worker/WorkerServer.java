package io.symposium.pool.llamacpp.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.symposium.pool.llamacpp.engine.ContextOverflowException;
import io.symposium.pool.llamacpp.engine.EngineException;
import io.symposium.pool.llamacpp.engine.GenerationRequest;
import io.symposium.pool.llamacpp.engine.GenerationResult;
import io.symposium.pool.llamacpp.engine.LlamaEngine;
import io.symposium.pool.llamacpp.engine.LoadedModel;
import io.symposium.pool.llamacpp.engine.ModelClosedException;
import io.symposium.pool.llamacpp.engine.ModelInfo;
import io.symposium.pool.llamacpp.engine.ModelSettings;
import io.symposium.pool.llamacpp.engine.RejectedInputException;
import io.symposium.pool.llamacpp.engine.RunningGeneration;
import io.symposium.pool.llamacpp.engine.WeightLoading;
import io.symposium.pool.llamacpp.protocol.WorkerProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP face of a worker process, on loopback only: {@code GET /health}, {@code GET /v1/models},
 * {@code POST /models/load}, {@code POST /models/unload}, {@code POST /v1/completions} and {@code
 * POST /v1/chat/completions} (with {@code "stream": true} as server-sent events), and the Ollama
 * routes {@code GET /api/tags}, {@code POST /api/chat} and {@code POST /api/generate} (streamed as
 * newline-delimited JSON, see {@link OllamaProtocol}). Requests for one model that arrive together
 * are decoded together by the model's decode thread; each HTTP request waits on its own platform
 * thread, never on the decode thread.
 */
final class WorkerServer implements AutoCloseable {

  private static final System.Logger log = System.getLogger(WorkerServer.class.getName());
  private static final String SSE = "text/event-stream";
  private static final String NDJSON = "application/x-ndjson";

  private final LlamaEngine engine;
  private final HttpServer http;
  private final ExecutorService requests;
  private final ObjectMapper json = new ObjectMapper();
  private final OpenAiProtocol protocol = new OpenAiProtocol(json);
  private final OllamaProtocol ollama = new OllamaProtocol(json);
  private final Map<String, LoadedModel> models = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, RunningGeneration> cancellable = new ConcurrentHashMap<>();

  private WorkerServer(LlamaEngine engine, HttpServer http, ExecutorService requests) {
    this.engine = engine;
    this.http = http;
    this.requests = requests;
  }

  /** Binds {@code port} on loopback (0 = any free port) and starts serving. */
  static WorkerServer start(LlamaEngine engine, int port, int maxConcurrentRequests)
      throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    AtomicInteger n = new AtomicInteger();
    ExecutorService requests =
        Executors.newFixedThreadPool(
            maxConcurrentRequests,
            r ->
                Thread.ofPlatform()
                    .name("worker-http-" + n.incrementAndGet())
                    .daemon(true)
                    .unstarted(r));
    WorkerServer server = new WorkerServer(engine, http, requests);
    http.setExecutor(requests);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      try {
        switch (method + " " + path) {
          case "GET /health" -> respond(exchange, 200, health());
          case "POST /v1/cancel" ->
              respond(exchange, 200, cancel(exchange.getRequestBody().readAllBytes()));
          case "GET /v1/models" -> respond(exchange, 200, modelList());
          case "POST /models/load" ->
              respond(exchange, 200, load(exchange.getRequestBody().readAllBytes()));
          case "POST /models/unload" ->
              respond(exchange, 200, unload(exchange.getRequestBody().readAllBytes()));
          case "POST /v1/completions" ->
              complete(
                  exchange, protocol.parseCompletion(exchange.getRequestBody().readAllBytes()));
          case "POST /v1/chat/completions" ->
              complete(exchange, protocol.parseChat(exchange.getRequestBody().readAllBytes()));
          case "GET /api/tags" ->
              respond(
                  exchange,
                  200,
                  ollama.tags(models.values().stream().map(LoadedModel::info).toList()));
          case "POST /api/chat" ->
              completeOllama(
                  exchange,
                  ollama.parseChat(protocol.parse(exchange.getRequestBody().readAllBytes())));
          case "POST /api/generate" ->
              completeOllama(
                  exchange,
                  ollama.parseGenerate(protocol.parse(exchange.getRequestBody().readAllBytes())));
          default ->
              throw new ProtocolException(404, "not_found", "no route " + method + " " + path);
        }
      } catch (ProtocolException e) {
        fail(exchange, path, e.status(), e.code(), e.getMessage());
      } catch (EngineException e) {
        fail(exchange, path, status(e), code(e), e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or a bug: log it, the worker keeps serving
      log.log(System.Logger.Level.WARNING, "request failed: " + e);
    }
  }

  /** The HTTP status of an engine failure: the caller's fault, try later, or the engine's. */
  private static int status(EngineException e) {
    return switch (e) {
      case RejectedInputException rejected -> 400;
      case ContextOverflowException tooLong -> 400;
      case ModelClosedException closed -> 503;
      default -> e.retriable() ? 503 : 422;
    };
  }

  private static String code(EngineException e) {
    return switch (e) {
      case RejectedInputException rejected -> "invalid_request_error";
      case ContextOverflowException tooLong -> WorkerProtocol.CONTEXT_LENGTH_EXCEEDED;
      case ModelClosedException closed -> "model_unloaded";
      default -> "engine_error";
    };
  }

  /** An error in the body format of the protocol the client speaks. */
  private void fail(HttpExchange exchange, String path, int status, String code, String message)
      throws IOException {
    respond(
        exchange,
        status,
        path.startsWith("/api/") ? ollama.error(message) : protocol.error(status, code, message));
  }

  // ---- model management ----

  private byte[] load(byte[] body) {
    JsonNode root = protocol.parse(body);
    String id = OpenAiProtocol.text(root, "id");
    Path file = Path.of(OpenAiProtocol.text(root, "path"));
    ModelSettings settings = ModelSettings.defaults();
    settings =
        settings.withContextSize(
            OpenAiProtocol.integer(root, "context_size", settings.contextSize()));
    settings =
        settings.withParallelSequences(
            OpenAiProtocol.integer(root, "parallel", settings.parallelSequences()));
    settings = settings.withThreads(OpenAiProtocol.integer(root, "threads", settings.threads()));
    settings =
        settings.withBatchSize(OpenAiProtocol.integer(root, "batch_size", settings.batchSize()));
    settings = settings.withGpuLayers(OpenAiProtocol.integer(root, "gpu_layers", 0));
    if (root.has("expert_used_count") && !root.get("expert_used_count").isNull()) {
      settings = settings.withExpertUsedCount(OpenAiProtocol.integer(root, "expert_used_count", 0));
    }
    if (root.path("mmap").isBoolean() && !root.get("mmap").asBoolean()) {
      settings = settings.withWeightLoading(WeightLoading.READ_INTO_MEMORY);
    }
    if (models.containsKey(id)) {
      throw new ProtocolException(
          409,
          "already_loaded",
          "model '" + id + "' is already loaded in this worker; unload it first");
    }
    long start = System.nanoTime();
    LoadedModel model = engine.load(id, file, settings);
    if (models.putIfAbsent(id, model) != null) {
      model.close();
      throw new ProtocolException(
          409,
          "already_loaded",
          "model '" + id + "' is already loaded in this worker; unload it first");
    }
    ObjectNode out = describe(model.info());
    out.put("load_ms", (System.nanoTime() - start) / 1e6);
    return protocol.bytes(out);
  }

  private byte[] unload(byte[] body) {
    String id = OpenAiProtocol.text(protocol.parse(body), "id");
    LoadedModel model = models.remove(id);
    if (model == null) {
      throw ProtocolException.unknownModel(id);
    }
    model.close();
    ObjectNode out = json.createObjectNode();
    out.put("id", id);
    out.put("unloaded", true);
    return protocol.bytes(out);
  }

  /**
   * Cancels the completion a client started with {@value WorkerProtocol#REQUEST_ID_HEADER}; unknown
   * ids (already done) are fine.
   */
  private byte[] cancel(byte[] body) {
    String requestId = OpenAiProtocol.text(protocol.parse(body), "request_id");
    RunningGeneration generation = cancellable.remove(requestId);
    if (generation != null) {
      generation.cancel();
    }
    ObjectNode out = json.createObjectNode();
    out.put("request_id", requestId);
    out.put("cancelled", generation != null);
    return protocol.bytes(out);
  }

  private byte[] health() {
    ObjectNode out = json.createObjectNode();
    out.put("status", "UP");
    out.put("pid", ProcessHandle.current().pid());
    out.put("in_flight", inFlight.get());
    ArrayNode list = out.putArray("models");
    models.values().forEach(m -> list.add(describe(m.info())));
    return protocol.bytes(out);
  }

  private byte[] modelList() {
    ObjectNode out = json.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    models.keySet().stream()
        .sorted()
        .forEach(
            id ->
                data.addObject().put("id", id).put("object", "model").put("owned_by", "symposium"));
    return protocol.bytes(out);
  }

  private ObjectNode describe(ModelInfo info) {
    ObjectNode node = json.createObjectNode();
    node.put("id", info.id());
    node.put("path", info.file().toString());
    node.put("architecture", info.architecture());
    node.put("context_size", info.contextSize());
    node.put("parallel", info.parallelSequences());
    node.put("expert_count", info.expertCount());
    node.put("expert_used_count", info.expertUsedCount());
    return node;
  }

  // ---- generation ----

  private void complete(HttpExchange exchange, OpenAiProtocol.ParsedCompletion completion)
      throws IOException {
    LoadedModel model = model(completion.model());
    String id = (completion.chat() ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
    long created = Instant.now().getEpochSecond();
    inFlight.incrementAndGet();
    try {
      if (!completion.stream()) {
        RunningGeneration generation = model.submit(completion.request());
        // a caller that gave its request an id can cancel it (POST /v1/cancel): this server cannot
        // see a
        // client hang up on a plain request, and the generation would otherwise run to its token
        // limit
        String requestId = exchange.getRequestHeaders().getFirst(WorkerProtocol.REQUEST_ID_HEADER);
        if (requestId != null) {
          cancellable.put(requestId, generation);
        }
        GenerationResult result;
        try {
          result = generation.await();
        } finally {
          if (requestId != null) {
            cancellable.remove(requestId);
          }
        }
        respond(exchange, 200, protocol.completionResponse(id, completion, result, created));
        return;
      }
      stream(
          exchange,
          model,
          completion.request(),
          new Framing() {
            @Override
            public String contentType() {
              return SSE;
            }

            @Override
            public void piece(OutputStream out, String piece) throws IOException {
              event(out, protocol.chunk(id, completion, created, piece, null));
            }

            @Override
            public void end(OutputStream out, GenerationResult result) throws IOException {
              event(out, protocol.chunk(id, completion, created, null, result));
              out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void failure(OutputStream out, EngineException e) throws IOException {
              event(out, protocol.error(status(e), code(e), e.getMessage()));
            }
          });
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void completeOllama(HttpExchange exchange, OllamaProtocol.Request request)
      throws IOException {
    LoadedModel model = model(request.model());
    inFlight.incrementAndGet();
    try {
      if (!request.stream()) {
        GenerationResult result = model.submit(request.request()).await();
        respond(exchange, 200, ollama.done(request, result, result.text()));
        return;
      }
      stream(
          exchange,
          model,
          request.request(),
          new Framing() {
            @Override
            public String contentType() {
              return NDJSON;
            }

            @Override
            public void piece(OutputStream out, String piece) throws IOException {
              line(out, ollama.piece(request, piece));
            }

            @Override
            public void end(OutputStream out, GenerationResult result) throws IOException {
              line(out, ollama.done(request, result, ""));
            }

            @Override
            public void failure(OutputStream out, EngineException e) throws IOException {
              line(out, ollama.error(e.getMessage()));
            }
          });
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The model loaded as {@code name}; Ollama clients may add the default tag {@code :latest}. */
  private LoadedModel model(String name) {
    LoadedModel model = models.get(name);
    if (model == null && name.endsWith(":latest")) {
      model = models.get(name.substring(0, name.length() - ":latest".length()));
    }
    if (model == null) {
      throw ProtocolException.unknownModel(name);
    }
    return model;
  }

  /**
   * How one streamed generation is framed on the wire: server-sent events (OpenAI) or NDJSON
   * (Ollama).
   */
  private interface Framing {
    String contentType();

    void piece(OutputStream out, String piece) throws IOException;

    void end(OutputStream out, GenerationResult result) throws IOException;

    void failure(OutputStream out, EngineException e) throws IOException;
  }

  /**
   * Streams pieces as they are generated. The decode thread only enqueues; this request thread
   * writes, so a slow client never stalls the batch, and a client that disconnects cancels its
   * generation and frees the sequence.
   */
  private void stream(
      HttpExchange exchange, LoadedModel model, GenerationRequest request, Framing framing)
      throws IOException {
    BlockingQueue<String> pieces = new LinkedBlockingQueue<>();
    RunningGeneration generation = model.submit(request, pieces::add);
    exchange.getResponseHeaders().set("Content-Type", framing.contentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        String piece = pieces.poll(50, TimeUnit.MILLISECONDS);
        if (piece != null) {
          framing.piece(out, piece);
          out.flush();
        } else if (generation.result().isDone() && pieces.isEmpty()) {
          break;
        }
      }
      framing.end(out, generation.await());
      out.flush();
    } catch (IOException e) {
      generation.cancel();
      throw e;
    } catch (InterruptedException e) {
      generation.cancel();
      Thread.currentThread().interrupt();
    } catch (EngineException e) {
      // headers are sent: the error travels in the stream, where the client can read it
      framing.failure(out, e);
      out.flush();
    }
  }

  private static void event(OutputStream out, byte[] data) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void line(OutputStream out, byte[] data) throws IOException {
    out.write(data);
    out.write('\n');
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops accepting requests, unloads every model, and frees the request threads. */
  @Override
  public void close() {
    http.stop(1);
    models.values().forEach(LoadedModel::close);
    models.clear();
    requests.shutdownNow();
    engine.close();
  }
}
