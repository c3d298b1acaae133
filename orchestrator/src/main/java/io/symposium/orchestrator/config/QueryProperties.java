package io.symposium.orchestrator.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Defaults the query endpoint applies when a request leaves a field out.
 *
 * @param defaultK experts recruited when a query of a drawing strategy gives no {@code k}
 * @param defaultStrategy the router of a query that names none and asks for no number of experts or
 *     way of drawing them ({@code coe}, the best measured on the zoo); such a query that does is
 *     routed by {@code drawingStrategy}
 * @param drawingStrategy the router of a query that names none but gives {@code k}, {@code topP},
 *     {@code deterministic} or {@code distinct}: a strategy that draws, {@code skill-accuracy} or
 *     {@code symbolic-moe}
 */
@Validated
@ConfigurationProperties("symposium.query")
public record QueryProperties(
    @Min(1) @Max(16) @DefaultValue("3") int defaultK,
    @Pattern(regexp = "symbolic-moe|skill-accuracy|coe|single|all") @DefaultValue("coe")
        String defaultStrategy,
    @Pattern(regexp = "symbolic-moe|skill-accuracy") @DefaultValue("skill-accuracy")
        String drawingStrategy) {}
