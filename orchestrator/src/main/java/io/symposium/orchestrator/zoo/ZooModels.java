package io.symposium.orchestrator.zoo;

import io.symposium.orchestrator.config.ZooProperties;
import io.symposium.pool.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The zoo on disk: one {@code <name>.manifest.json} per model beside its GGUF, naming its role
 * ({@code expert}, {@code keywords} or {@code aggregator}) and the context it was trained with.
 */
public final class ZooModels {

  /** The tag every zoo model's pool spec carries. */
  public static final String TAG = "zoo";

  /** What a zoo model is for. */
  public enum Role {
    EXPERT,
    KEYWORDS,
    AGGREGATOR
  }

  /** One zoo model. */
  public record Entry(String name, Role role, Path file, int contextLength) {}

  private final Path directory;
  private final List<Entry> entries;

  private ZooModels(Path directory, List<Entry> entries) {
    this.directory = directory;
    this.entries = List.copyOf(entries);
  }

  /** The zoo the properties point at, or empty when there is none (or it is disabled). */
  public static Optional<ZooModels> locate(ZooProperties properties) {
    if (!properties.enabled()) {
      return Optional.empty();
    }
    Stream<Path> candidates =
        properties.directory() != null
            ? Stream.of(properties.directory())
            : Stream.of(Path.of("evals/zoo/models"), Path.of("../evals/zoo/models"));
    return candidates
        .map(p -> p.toAbsolutePath().normalize())
        .filter(Files::isDirectory)
        .findFirst()
        .map(ZooModels::read);
  }

  static ZooModels read(Path directory) {
    JsonMapper json = JsonMapper.builder().build();
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path manifest :
          files
              .filter(f -> f.getFileName().toString().endsWith(".manifest.json"))
              .sorted()
              .toList()) {
        JsonNode node = json.readTree(manifest.toFile());
        String name = node.path("name").asString();
        Role role =
            Role.valueOf(node.path("role").asString("expert").toUpperCase(java.util.Locale.ROOT));
        Path file = directory.resolve(node.path("file").asString(name + ".gguf"));
        int context = node.path("hyperparameters").path("context_length").asInt(256);
        if (Files.isRegularFile(file)) {
          entries.add(new Entry(name, role, file, context));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the expert zoo in " + directory, e);
    }
    return new ZooModels(directory, entries);
  }

  public Path directory() {
    return directory;
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<Entry> withRole(Role role) {
    return entries.stream().filter(e -> e.role() == role).toList();
  }

  /** The zoo's validation set for profiling, when it ships one. */
  public Optional<Path> validationSet() {
    Path file = directory.resolve("validation.json");
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * The pool spec of a zoo model: its trained context, 4 slots, tagged with the zoo and its role.
   */
  public static ModelSpec spec(Entry entry) {
    return ModelSpec.llamaCpp(entry.name(), entry.file())
        .withContextSize(entry.contextLength())
        .withParallelSlots(4)
        .withTags(Set.of(TAG, "role:" + entry.role().name().toLowerCase(java.util.Locale.ROOT)));
  }
}
