package io.symposium.orchestrator.config;

import jakarta.validation.Valid;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The models configured in {@code symposium.models} (a YAML list); the admin API adds more at run
 * time.
 */
@Validated
@ConfigurationProperties("symposium")
public record ModelsProperties(@Valid @DefaultValue List<ModelProperties> models) {}
