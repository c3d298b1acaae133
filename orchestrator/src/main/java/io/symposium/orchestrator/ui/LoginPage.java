package io.symposium.orchestrator.ui;

import io.symposium.orchestrator.admin.AdminSecurity;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The sign-in form of the admin UI, rendered on the server so that it carries its CSRF token
 * without any script. Spring Security handles the form's POST.
 */
@RestController
public class LoginPage {

  @GetMapping(path = AdminSecurity.LOGIN, produces = MediaType.TEXT_HTML_VALUE)
  Mono<String> login(ServerWebExchange exchange) {
    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
    // Spring Security sends ?error after a failed sign-in and ?logout after signing out: no values
    var query = exchange.getRequest().getQueryParams();
    boolean error = query.containsKey("error");
    boolean logout = query.containsKey("logout");
    String notice =
        error
            ? "<p class=\"notice error\" role=\"alert\">Wrong user name or password.</p>"
            : logout ? "<p class=\"notice\" role=\"status\">You are signed out.</p>" : "";
    return (token == null ? Mono.<CsrfToken>empty() : token)
        .map(t -> hidden(t.getParameterName(), t.getToken()))
        .defaultIfEmpty("")
        .map(csrf -> page(notice, csrf));
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\""
        + HtmlUtils.htmlEscape(name)
        + "\" value=\""
        + HtmlUtils.htmlEscape(value)
        + "\">";
  }

  private static String page(String notice, String csrf) {
    return """
    <!doctype html>
    <html lang="en">
    <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Sign in · Symposium admin</title>
      <link rel="stylesheet" href="/admin/assets/admin.css">
    </head>
    <body class="login">
      <main class="login-card">
        <h1><span class="brand-mark" aria-hidden="true">Σ</span> Symposium admin</h1>
        %s
        <form method="post" action="%s">
          <label for="username">User name</label>
          <input id="username" name="username" autocomplete="username" required autofocus>
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required>
          %s
          <button type="submit" class="primary">Sign in</button>
        </form>
        <p class="hint">The password is <code>symposium.admin.password</code>
          (<code>SYMPOSIUM_ADMIN_PASSWORD</code>); without one, the service logs a generated
          password at start-up.</p>
      </main>
    </body>
    </html>
    """
        .formatted(notice, AdminSecurity.LOGIN, csrf);
  }
}
