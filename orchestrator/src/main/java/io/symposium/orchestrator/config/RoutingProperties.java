package io.symposium.orchestrator.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How queries are routed by default.
 *
 * @param defaultTask the task whose active profiles route a query that names none
 * @param keywordModel the model that extracts a question's skills; unset means the zoo's keyword
 *     model
 * @param aggregatorModel the aggregator when a profile names none; unset means the zoo's
 *     aggregator, else the most competent expert
 * @param keywordSamples how many times the keyword model is asked (reference: 5)
 * @param defaultMaxTokens each expert's answer cap when a query gives none; unset (the default):
 *     each call may use what its model's context leaves after the prompt
 */
@Validated
@ConfigurationProperties("symposium.routing")
public record RoutingProperties(
    @DefaultValue("synth") String defaultTask,
    @Nullable String keywordModel,
    @Nullable String aggregatorModel,
    @Min(1) @Max(20) @DefaultValue("5") int keywordSamples,
    @Min(1) @Max(32768) @Nullable Integer defaultMaxTokens) {}
