package io.symposium.evals.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What it takes to reproduce a run: code version, models, profile, seeds, settings, host. */
final class RunManifest {
  private RunManifest() {}

  static void write(EvalRun run, Path file) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode m = json.createObjectNode();
    m.put("id", run.id().toString())
        .put("started", run.started().toString())
        .put("finished", run.finished().toString());
    m.put("git_commit", gitCommit());
    m.put("dataset", run.datasetName())
        .put("test_items", run.results().items().size())
        .put("validation_items", run.validationItems());
    EvalSettings s = run.settings();
    ObjectNode settings = m.putObject("settings");
    settings
        .put("dataset", s.dataset())
        .put("validation", String.valueOf(s.validation()))
        .put("format", String.valueOf(s.format()));
    settings
        .put("limit_per_skill", s.limit())
        .put("profile_limit_per_skill", s.profileLimit())
        .put("k", s.k());
    settings
        .put("max_tokens", s.maxTokens())
        .put("threads", s.threads())
        .put("naive_items", s.naiveItems());
    settings
        .put("bootstrap_resamples", s.bootstrapResamples())
        .put("bootstrap_seed", s.bootstrapSeed());
    settings.put("zoo", s.zoo().toString()).put("out", s.out().toString());
    settings.put("twin", s.twin());
    s.dropped().forEach(settings.putArray("dropped")::add);
    s.methods().forEach(settings.putArray("methods")::add);
    s.seeds().forEach(settings.putArray("seeds")::add);
    settings.put(
        "keyword_samples", io.symposium.profile.KeywordExtractor.Settings.defaults().samples());
    settings
        .put("keyword_max_tokens", Profiler.KEYWORD_TOKENS)
        .put("parallel_slots", EvalPools.PARALLEL);
    ObjectNode models = m.putObject("models");
    for (ZooCatalog.Model model : run.zoo().models())
      models
          .putObject(model.name())
          .put("role", model.role().name().toLowerCase(java.util.Locale.ROOT))
          .put("sha256", model.sha256())
          .put("context", model.contextLength())
          .put("file", model.gguf().getFileName().toString());
    ObjectNode profile = m.putObject("profile");
    profile
        .put("validation_items_profiled", run.profile().items())
        .put("validation_items_dropped", run.profile().dropped());
    profile
        .put("vocabulary_size", run.profile().profiles().vocabulary().size())
        .put("millis", run.profile().millis());
    run.profile()
        .ranking()
        .forEach(
            model ->
                profile
                    .with("validation_accuracy")
                    .put(model, run.profile().accuracy().get(model)));
    profile
        .put("aggregator", run.zoo().aggregatorModel())
        .put("keyword_model", run.zoo().keywordModel());
    ObjectNode phases = m.putObject("phases_ms");
    run.results().phaseMillis().forEach(phases::put);
    run.results().calls().forEach(m.putObject("generations")::put);
    run.results().loads().forEach(m.putArray("model_loads")::add);
    ObjectNode host = m.putObject("host");
    host.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os)
      host.put("memory_bytes", os.getTotalMemorySize());
    host.put("java_version", System.getProperty("java.version"))
        .put("java_vendor", System.getProperty("java.vendor"));
    host.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    try {
      json.writeValue(file.toFile(), m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The checkout's HEAD, or "unknown" outside a git checkout. */
  static String gitCommit() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out =
          new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0) {
        Process status =
            new ProcessBuilder("git", "status", "--porcelain").redirectErrorStream(true).start();
        boolean dirty = status.getInputStream().readAllBytes().length > 0;
        status.waitFor(10, TimeUnit.SECONDS);
        return dirty ? out + "-dirty" : out;
      }
    } catch (IOException e) {
      // no git on the path
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
