package io.symposium.orchestrator.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many queries one client may have in flight at once ({@code
 * symposium.security.client-concurrency}; 0 turns the limit off), so that one client cannot take
 * every queue slot from the others. A client is its API key, else its remote address.
 */
@Validated
@ConfigurationProperties("symposium.security")
public record ClientLimitProperties(@Min(0) @DefaultValue("16") int clientConcurrency) {}
