package io.symposium.orchestrator.admin;

import io.symposium.orchestrator.problem.ApiProblemException;
import io.symposium.orchestrator.problem.ProblemType;
import java.net.URI;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.WebSessionServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Secures {@code /admin/**} and nothing else: every other path (the query API, the OpenAI facade,
 * actuator) passes no security filter at all. Scripts use HTTP Basic on the admin API; the web UI
 * signs in through its login form and keeps a session, so logging out works. Forms and the UI's
 * requests carry a CSRF token; a request with HTTP Basic credentials needs none, which is safe
 * because the service never sends a browser a Basic challenge (a page navigation is redirected to
 * the login form, a script-initiated request from the UI gets a bare 401), so no browser caches
 * those credentials to send them on a forged request.
 */
@Configuration
@EnableWebFluxSecurity
public class AdminSecurity {

  /** The UI's login form (GET) and where it posts (POST). */
  public static final String LOGIN = "/admin/login";

  public static final String LOGOUT = "/admin/logout";

  /** The page a successful login opens when no other page was asked for. */
  public static final String HOME = "/admin/";

  private static final WebSessionServerRequestCache PAGES_ONLY = pagesOnly();

  private static final String REALM = "Basic realm=\"symposium-admin\", charset=\"UTF-8\"";

  /** Checks the admin's user and password in constant time (no user store: there is one admin). */
  @Bean
  ReactiveAuthenticationManager adminAuthenticationManager(AdminCredentials credentials) {
    return authentication -> {
      String user = authentication.getName();
      Object password = authentication.getCredentials();
      if (password != null && credentials.accepts(user, password.toString())) {
        return Mono.just(
            UsernamePasswordAuthenticationToken.authenticated(
                user, null, List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
      }
      return Mono.error(new BadCredentialsException("wrong admin user or password"));
    };
  }

  @Bean
  SecurityWebFilterChain adminFilterChain(
      ServerHttpSecurity http, ReactiveAuthenticationManager adminAuthenticationManager) {
    var success = new RedirectServerAuthenticationSuccessHandler(HOME);
    success.setRequestCache(PAGES_ONLY);
    var logoutSuccess = new RedirectServerLogoutSuccessHandler();
    logoutSuccess.setLogoutSuccessUrl(URI.create(LOGIN + "?logout"));
    return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/admin", "/admin/**"))
        .authenticationManager(adminAuthenticationManager)
        .authorizeExchange(
            authorize ->
                authorize
                    .pathMatchers(HttpMethod.GET, LOGIN, "/admin/assets/**")
                    .permitAll()
                    .anyExchange()
                    .hasRole("ADMIN"))
        .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint()))
        .formLogin(
            form ->
                form.loginPage(LOGIN)
                    .authenticationEntryPoint(entryPoint())
                    .authenticationSuccessHandler(success))
        .logout(logout -> logout.logoutUrl(LOGOUT).logoutSuccessHandler(logoutSuccess))
        .requestCache(cache -> cache.requestCache(PAGES_ONLY))
        .csrf(csrf -> csrf.requireCsrfProtectionMatcher(csrfNeeded()).accessDeniedHandler(denied()))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(entryPoint()).accessDeniedHandler(denied()))
        .headers(
            headers ->
                headers
                    .frameOptions(
                        frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                    .contentSecurityPolicy(
                        csp ->
                            csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'"
                                    + " 'unsafe-inline'; img-src 'self' data:; frame-ancestors"
                                    + " 'none'; form-action 'self'")))
        .build();
  }

  /**
   * Who is not signed in: a page navigation goes to the login form; the admin API answers 401 with
   * a problem body, and with a Basic challenge only for clients that are not the UI's scripts.
   */
  private static ServerAuthenticationEntryPoint entryPoint() {
    var login = new RedirectServerAuthenticationEntryPoint(LOGIN);
    login.setRequestCache(PAGES_ONLY); // its own default would remember any page, API addresses too
    return (exchange, failure) -> {
      if (isPageNavigation(exchange)) {
        return login.commence(exchange, failure);
      }
      if (!"XMLHttpRequest"
          .equals(exchange.getRequest().getHeaders().getFirst("X-Requested-With"))) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, REALM);
      }
      return Mono.error(
          new ApiProblemException(
              ProblemType.UNAUTHORIZED,
              "The admin API needs the admin credentials (HTTP Basic, or the web UI's sign-in at "
                  + LOGIN
                  + "); see symposium.admin.*"));
    };
  }

  /**
   * After signing in, the browser returns to the UI page it asked for; an API address it typed is
   * not remembered (it would open a JSON body).
   */
  private static WebSessionServerRequestCache pagesOnly() {
    var cache = new WebSessionServerRequestCache();
    cache.setSaveRequestMatcher(
        ServerWebExchangeMatchers.pathMatchers(
            HttpMethod.GET,
            "/admin/models",
            "/admin/profiles",
            "/admin/routing",
            "/admin/queries",
            "/admin/queries/*",
            "/admin/keys"));
    return cache;
  }

  /** A missing or wrong CSRF token (or a role the admin lacks): a 403 problem body. */
  private static ServerAccessDeniedHandler denied() {
    return (exchange, denied) ->
        Mono.error(
            new ApiProblemException(
                ProblemType.FORBIDDEN,
                "The request needs a valid CSRF token (the web UI sends it; scripts use HTTP Basic"
                    + " instead): reload the page and try again."));
  }

  private static boolean isPageNavigation(ServerWebExchange exchange) {
    if (exchange.getRequest().getMethod() != HttpMethod.GET) {
      return false;
    }
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (path.startsWith("/admin/api/")) {
      // a browser typing an API address gets the form too, never a Basic prompt
      return exchange.getRequest().getHeaders().getAccept().stream()
          .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
    }
    return true;
  }

  /** Unsafe methods need a CSRF token, unless they carry HTTP Basic credentials (a script). */
  private static ServerWebExchangeMatcher csrfNeeded() {
    return exchange -> {
      String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        return ServerWebExchangeMatcher.MatchResult.notMatch();
      }
      return CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange);
    };
  }
}
