package io.symposium.orchestrator.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Defaults the query endpoint applies when a request leaves a field out. */
@Validated
@ConfigurationProperties("symposium.query")
public record QueryProperties(@Min(1) @Max(16) @DefaultValue("3") int defaultK) {}
