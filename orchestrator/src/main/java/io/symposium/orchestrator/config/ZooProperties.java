package io.symposium.orchestrator.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The expert zoo used when {@code symposium.models} is empty.
 *
 * @param enabled whether to fall back to the zoo at all
 * @param directory where the zoo's {@code *.gguf} and {@code *.manifest.json} are; unset means the
 *     repository's {@code evals/zoo/models}, looked up from the working directory and its parent
 * @param task the task name its profiles are stored under
 * @param profileOnStart profile the zoo in the background on first start when no active profile
 *     exists
 */
@ConfigurationProperties("symposium.zoo")
public record ZooProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable Path directory,
    @DefaultValue("synth") String task,
    @DefaultValue("true") boolean profileOnStart) {}
