package io.symposium.orchestrator.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The query API's keys from configuration ({@code symposium.security.api-keys}); with any key
 * configured or stored, {@code /v1/**} needs {@code Authorization: Bearer <key>}.
 */
@ConfigurationProperties("symposium.security")
public record SecurityProperties(@DefaultValue List<String> apiKeys) {
  public SecurityProperties {
    apiKeys = apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
  }
}
