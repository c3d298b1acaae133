package io.symposium.orchestrator.config;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credentials for {@code /admin/**} (HTTP Basic). With no password configured the service makes a
 * random one at start-up and logs it once, so the admin API is never open by accident.
 */
@Validated
@ConfigurationProperties("symposium.admin")
public record AdminProperties(@DefaultValue("admin") String username, @Nullable String password) {}
