package io.symposium.orchestrator.ui;

import java.net.URI;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The UI's pages, one static HTML file each (their scripts fill them from the admin API), and the
 * session facts the scripts need: who is signed in and the CSRF token for their requests.
 */
@RestController
public class AdminPages {

  /** Page path under {@code /admin/} → its file under {@code classpath:/admin-ui/}. */
  private static final Map<String, String> PAGES =
      Map.of(
          "models", "models.html",
          "profiles", "profiles.html",
          "routing", "routing.html",
          "queries", "queries.html",
          "keys", "keys.html");

  @GetMapping({"/admin", "/admin/"})
  ResponseEntity<Void> home() {
    return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/admin/models")).build();
  }

  @GetMapping(path = "/admin/{page:models|profiles|routing|queries|keys}", produces = "text/html")
  ResponseEntity<Resource> page(@PathVariable String page) {
    return html(PAGES.getOrDefault(page, "models.html"));
  }

  /** One logged query's page; its script reads the id from the address. */
  @GetMapping(path = "/admin/queries/{id}", produces = "text/html")
  ResponseEntity<Resource> query(@PathVariable String id) {
    return html("query.html");
  }

  /** The signed-in user and the CSRF token the UI's scripts send with every unsafe request. */
  @GetMapping("/admin/session")
  Mono<Map<String, Object>> session(Authentication user, ServerWebExchange exchange) {
    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
    if (token == null) {
      return Mono.just(Map.of("username", user.getName()));
    }
    return token.map(
        t ->
            Map.of(
                "username",
                user.getName(),
                "csrf",
                Map.of(
                    "headerName", t.getHeaderName(),
                    "parameterName", t.getParameterName(),
                    "token", t.getToken())));
  }

  private static ResponseEntity<Resource> html(String file) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .body(new ClassPathResource("admin-ui/" + file));
  }
}
