package io.symposium.evals.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;

/**
 * {@code --server}: submits the run to a service's {@code POST /admin/api/evals}, shows its
 * progress from the events stream, then writes the service's report and summary into --out.
 */
final class ServerRun {
  private ServerRun() {}

  static Path run(
      EvalArguments.Target target, EvalArguments.ServerRequest request, ProgressListener progress) {
    URI server = java.util.Objects.requireNonNull(target.server());
    String base = server.toString().replaceAll("/+$", "");
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (target.user() + ":" + target.password()).getBytes(StandardCharsets.UTF_8));
    ObjectMapper json = new ObjectMapper();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/api/evals"))
                  .header("Authorization", auth)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request.body())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (created.statusCode() != 202) throw refused("POST /admin/api/evals", created, json);
      String id = json.readTree(created.body()).path("id").asText();
      System.err.println("eval run " + id + " on " + base);
      HttpResponse<java.util.stream.Stream<String>> events =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/api/evals/" + id + "/events"))
                  .header("Authorization", auth)
                  .header("Accept", "text/event-stream")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      if (events.statusCode() != 200)
        throw new IllegalStateException(
            "the service answered " + events.statusCode() + " to the events stream");
      String event = "message";
      StringBuilder data = new StringBuilder();
      for (Iterator<String> lines = events.body().iterator(); lines.hasNext(); ) {
        String line = lines.next();
        if (line.startsWith("event:")) event = line.substring(6).strip();
        else if (line.startsWith("data:")) data.append(line.substring(5).strip());
        else if (line.isEmpty() && !data.isEmpty()) {
          JsonNode d = json.readTree(data.toString());
          data.setLength(0);
          if (d.hasNonNull("phase"))
            progress.progress(
                d.path("phase").asText(), d.path("done").asInt(), d.path("total").asInt());
          if (event.equals("failed"))
            throw new IllegalStateException(
                "the service's run failed: " + d.path("error").asText());
          if (event.equals("done")) break;
        }
      }
      System.err.println();
      HttpResponse<String> status = get(http, base + "/admin/api/evals/" + id, auth);
      HttpResponse<String> report = get(http, base + "/admin/api/evals/" + id + "/report", auth);
      if (status.statusCode() != 200) throw refused("GET /admin/api/evals/" + id, status, json);
      if (report.statusCode() != 200) throw refused("the report", report, json);
      Files.createDirectories(request.out());
      Path file = request.out().resolve("report.html");
      Files.writeString(file, report.body());
      JsonNode run = json.readTree(status.body());
      Files.writeString(
          request.out().resolve("run.json"),
          json.writerWithDefaultPrettyPrinter().writeValueAsString(run));
      System.out.println(table(run));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url, String auth)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static IllegalStateException refused(
      String what, HttpResponse<String> response, ObjectMapper json) {
    String detail = response.body();
    try {
      JsonNode problem = json.readTree(response.body());
      if (problem.hasNonNull("detail")) detail = problem.path("detail").asText();
    } catch (IOException e) {
      // not a problem body: the raw text says it
    }
    return new IllegalStateException(
        "the service answered " + response.statusCode() + " to " + what + ": " + detail);
  }

  /** The summary as the in-process run prints it: one markdown row per method × aggregation. */
  static String table(JsonNode run) {
    StringBuilder t = new StringBuilder("| method | accuracy | ± std | 95 % CI | expert calls |\n");
    t.append("|---|---|---|---|---|\n");
    for (JsonNode m : run.path("methods"))
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f %% | %.1f | %.1f–%.1f | %.2f |%n",
              m.path("label").asText(),
              100 * m.path("accuracy").asDouble(),
              100 * m.path("std").asDouble(),
              100 * m.path("ciLow").asDouble(),
              100 * m.path("ciHigh").asDouble(),
              m.path("expertCalls").asDouble()));
    return t.toString();
  }
}
