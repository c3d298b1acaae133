package io.symposium.orchestrator.batch;

import io.symposium.orchestrator.config.BatchProperties;
import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OpenAI's {@code /v1/files} for the batch API: upload a JSONL input file (purpose {@code batch}),
 * read a file's metadata or content (inputs, and the output and error files batches write), delete
 * one. The limits ({@code symposium.batch.max-file-size}, {@code .max-lines}) are checked at
 * upload, each a 400 that names it.
 */
@RestController
public class FileController {

  private final BatchRepository repository;
  private final BatchProperties properties;

  public FileController(BatchRepository repository, BatchProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  @PostMapping(path = "/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<Map<String, Object>> upload(ServerWebExchange exchange) {
    return exchange
        .getMultipartData()
        .flatMap(
            parts -> {
              @Nullable Part purpose = parts.getFirst("purpose");
              if (!(purpose instanceof FormFieldPart field)) {
                return Mono.error(invalid("The form needs a 'purpose' field: batch.", "purpose"));
              }
              if (!"batch".equals(field.value())) {
                return Mono.error(
                    invalid(
                        "Only the purpose 'batch' is offered (got '" + field.value() + "').",
                        "purpose"));
              }
              // a part with a file name is a file; a client that sends bytes alone names none
              @Nullable Part file = parts.getFirst("file");
              if (file == null) {
                return Mono.error(invalid("The form needs a 'file' part: the JSONL file.", "file"));
              }
              String filename = file instanceof FilePart named ? named.filename() : "";
              long max = properties.maxFileSize().toBytes();
              return DataBufferUtils.join(file.content(), (int) Math.min(max, Integer.MAX_VALUE))
                  .map(
                      buffer -> {
                        try {
                          byte[] bytes = new byte[buffer.readableByteCount()];
                          buffer.read(bytes);
                          return bytes;
                        } finally {
                          DataBufferUtils.release(buffer);
                        }
                      })
                  .defaultIfEmpty(new byte[0])
                  .onErrorMap(
                      DataBufferLimitException.class,
                      e ->
                          invalid(
                              "The file is larger than "
                                  + properties.maxFileSize()
                                  + ", the most a batch input file may have"
                                  + " (symposium.batch.max-file-size).",
                              "file"))
                  .flatMap(bytes -> store(filename, bytes));
            })
        .map(FileController::view);
  }

  private Mono<BatchRepository.StoredFile> store(String filename, byte[] content) {
    checkLines(content);
    String name = filename.isBlank() ? "batch.jsonl" : filename;
    name = name.length() > 255 ? name.substring(0, 255) : name;
    return repository.insertFile(
        "file-" + UUID.randomUUID().toString().replace("-", ""), "batch", name, content);
  }

  /** UTF-8 JSONL with at least one and at most {@code max-lines} non-blank lines. */
  private void checkLines(byte[] content) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalid("The file is not UTF-8 text; a batch input file is JSONL.", "file");
    }
    long lines = text.lines().filter(l -> !l.isBlank()).count();
    if (lines == 0) {
      throw invalid("The file has no line; a batch input file has one request per line.", "file");
    }
    if (lines > properties.maxLines()) {
      throw invalid(
          "The file has "
              + lines
              + " requests; a batch takes at most "
              + properties.maxLines()
              + " (symposium.batch.max-lines).",
          "file");
    }
  }

  @GetMapping("/v1/files/{id}")
  Mono<Map<String, Object>> file(@PathVariable String id) {
    return repository
        .findFile(id)
        .switchIfEmpty(Mono.error(() -> notFound(id)))
        .map(FileController::view);
  }

  @GetMapping("/v1/files/{id}/content")
  Mono<ResponseEntity<byte[]>> content(@PathVariable String id) {
    return repository
        .findFile(id)
        .switchIfEmpty(Mono.error(() -> notFound(id)))
        .flatMap(
            file ->
                repository
                    .fileContent(id)
                    .map(
                        bytes ->
                            ResponseEntity.ok()
                                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                .header(
                                    HttpHeaders.CONTENT_DISPOSITION,
                                    "attachment; filename=\""
                                        + file.filename().replace("\"", "")
                                        + "\"")
                                .body(bytes)));
  }

  @DeleteMapping("/v1/files/{id}")
  Mono<Map<String, Object>> delete(@PathVariable String id) {
    return repository
        .deleteFile(id)
        .flatMap(
            deleted ->
                deleted
                    ? Mono.just(Map.<String, Object>of("id", id, "object", "file", "deleted", true))
                    : Mono.error(notFound(id)));
  }

  /** OpenAI's file object. */
  static Map<String, Object> view(BatchRepository.StoredFile file) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", file.id());
    out.put("object", "file");
    out.put("bytes", file.bytes());
    out.put("created_at", file.createdAt().getEpochSecond());
    out.put("filename", file.filename());
    out.put("purpose", file.purpose());
    out.put("status", "processed");
    return out;
  }

  static ApiProblemException notFound(String id) {
    return new ApiProblemException(
        ProblemType.NOT_FOUND,
        "No file '" + id + "'.",
        Map.of("error", Map.of("param", "file_id")));
  }

  static ApiProblemException invalid(String detail, String param) {
    return new ApiProblemException(
        ProblemType.INVALID_REQUEST, detail, Map.of("error", Map.of("param", param)));
  }
}
