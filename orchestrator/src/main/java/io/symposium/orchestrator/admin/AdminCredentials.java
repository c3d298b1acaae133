package io.symposium.orchestrator.admin;

import io.symposium.orchestrator.config.AdminProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin user and password; a random password when none is configured, logged once at start-up.
 */
@Component
public class AdminCredentials {

  private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);

  private final String username;
  private final byte[] expected;

  public AdminCredentials(AdminProperties properties) {
    String password = properties.password();
    if (password == null || password.isBlank()) {
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      log.warn(
          "no symposium.admin.password is set; the admin API and UI use the generated password {}"
              + " for user '{}' until the service stops",
          password,
          properties.username());
    }
    this.username = properties.username();
    this.expected = (properties.username() + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether an {@code Authorization} header carries these credentials (compared in constant time).
   */
  public boolean accepts(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, expected);
  }

  /** Whether {@code user} and {@code password} are the admin's (compared in constant time). */
  public boolean accepts(String user, String password) {
    return MessageDigest.isEqual(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8), expected);
  }

  public String username() {
    return username;
  }
}
