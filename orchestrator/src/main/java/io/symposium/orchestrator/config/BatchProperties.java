package io.symposium.orchestrator.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The batch API ({@code /v1/files}, {@code /v1/batches}).
 *
 * @param maxFileSize the largest input file an upload takes
 * @param maxLines the most requests (non-blank lines) one input file may hold
 * @param linesPerPlan the lines one phased offline plan answers together: each model is loaded once
 *     per plan, so a batch of at most this many lines loads each model once; more lines make more
 *     plans, one after another. At most the pool's queue limit, since a plan queues one model's
 *     whole share at once
 */
@Validated
@ConfigurationProperties("symposium.batch")
public record BatchProperties(
    @NotNull @DefaultValue("32MB") DataSize maxFileSize,
    @Min(1) @Max(100000) @DefaultValue("10000") int maxLines,
    @Min(1) @Max(100000) @DefaultValue("200") int linesPerPlan) {}
