package io.symposium.pool.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.symposium.pool.BackendUnavailableException;
import io.symposium.pool.ModelRejectedException;
import io.symposium.pool.ModelSpec;
import io.symposium.pool.PoolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The server one remote model lives on, as far as the pool needs to know it: where it is and how
 * its failures read.
 */
public final class RemoteServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelSpec spec;
  private final URI baseUrl;
  private final Duration timeout;

  private RemoteServer(ModelSpec spec, URI baseUrl, Duration timeout) {
    this.spec = spec;
    this.baseUrl = baseUrl;
    this.timeout = timeout;
  }

  /** The server of {@code spec}, which must be a remote model. */
  public static RemoteServer of(ModelSpec spec, Duration timeout) {
    URI baseUrl = spec.baseUrl();
    if (baseUrl == null || baseUrl.getHost() == null) {
      throw new ModelRejectedException(
          "model '" + spec.id() + "' needs an absolute http(s) base URL, got " + baseUrl);
    }
    return new RemoteServer(spec, baseUrl, timeout);
  }

  /** {@code host:port}, as an operator would look for it. */
  public String address() {
    int port =
        baseUrl.getPort() >= 0
            ? baseUrl.getPort()
            : "https".equalsIgnoreCase(baseUrl.getScheme()) ? 443 : 80;
    return baseUrl.getHost() + ":" + port;
  }

  /** The base URL without a trailing slash, as langchain4j's clients take it. */
  public String baseUrl() {
    String url = baseUrl.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * GETs {@code path} (relative to the base URL) and parses the JSON answer; a server that cannot
   * be reached or answers 5xx is {@link BackendUnavailableException}, any other error status {@link
   * ModelRejectedException}.
   */
  public JsonNode getJson(String path, Map<String, String> headers) {
    URI url = URI.create(baseUrl() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
    headers.forEach(request::header);
    HttpResponse<String> response;
    try (HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build()) {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unavailable("GET " + url + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted during GET " + url, e);
    }
    int status = response.statusCode();
    if (status >= 500) {
      throw unavailable(
          "GET " + url + " answered " + status + ": " + abbreviate(response.body()), null);
    }
    if (status >= 400) {
      throw new ModelRejectedException(
          "%s server at %s refused model '%s': GET %s answered %d: %s"
              .formatted(
                  spec.backend().id(),
                  address(),
                  spec.id(),
                  url,
                  status,
                  abbreviate(response.body())));
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw unavailable(
          "GET " + url + " answered something that is not JSON: " + abbreviate(response.body()), e);
    }
  }

  /** The model is not on the server; {@code available} lists what is. */
  public ModelRejectedException unknownModel(Iterable<String> available) {
    return new ModelRejectedException(
        "%s server at %s has no model '%s' (pool model '%s'); it lists: %s"
            .formatted(
                spec.backend().id(),
                address(),
                spec.remoteName(),
                spec.id(),
                String.join(", ", available)));
  }

  /**
   * What went wrong while {@code action} (for example "completing"), as one of the pool's
   * exceptions.
   */
  public PoolException failure(String action, Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof PoolException pool) {
      return pool;
    }
    String what =
        "%s server at %s failed %s model '%s' (%s): %s"
            .formatted(
                spec.backend().id(), address(), action, spec.id(), spec.remoteName(), describe(e));
    if (e instanceof ModelNotFoundException
        || e instanceof InvalidRequestException
        || e instanceof AuthenticationException
        || e instanceof ContentFilteredException
        || e instanceof UnsupportedFeatureException) {
      return new ModelRejectedException(what, e);
    }
    if (e instanceof HttpException http
        && http.statusCode() >= 400
        && http.statusCode() < 500
        && http.statusCode() != 408
        && http.statusCode() != 429) {
      return new ModelRejectedException(what, e);
    }
    return new BackendUnavailableException(what, e);
  }

  private BackendUnavailableException unavailable(String what, @Nullable Throwable cause) {
    String message =
        "%s server at %s is unavailable for model '%s': %s"
            .formatted(spec.backend().id(), address(), spec.id(), what);
    return cause == null
        ? new BackendUnavailableException(message)
        : new BackendUnavailableException(message, cause);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * The most telling message in a cause chain: a refused connection or a timeout says more than its
   * wrapper.
   */
  private static String describe(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ConnectException) {
        return "connection refused (" + e.getClass().getSimpleName() + ")";
      }
      if (e instanceof HttpTimeoutException || e instanceof java.util.concurrent.TimeoutException) {
        return "no answer in time (" + e.getMessage() + ")";
      }
    }
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : abbreviate(message);
  }

  private static String abbreviate(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
  }
}
