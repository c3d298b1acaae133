package io.symposium.evals.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The zoo's models as their manifests describe them: experts, the keyword model, the aggregator.
 */
public record ZooCatalog(Path directory, List<ZooCatalog.Model> models) {

  /** What a zoo model is for. */
  public enum Role {
    EXPERT,
    KEYWORDS,
    AGGREGATOR
  }

  /** One model: its GGUF, the context it was trained with, and the file's sha256. */
  public record Model(String name, Role role, Path gguf, int contextLength, String sha256) {}

  public ZooCatalog {
    models = List.copyOf(models);
  }

  /** Reads every {@code *.manifest.json} in {@code directory} and hashes its GGUF. */
  public static ZooCatalog read(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    ObjectMapper json = new ObjectMapper();
    List<Model> models = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path manifest :
          files
              .filter(f -> f.getFileName().toString().endsWith(".manifest.json"))
              .sorted()
              .toList()) {
        JsonNode m = json.readTree(manifest.toFile());
        Path gguf = dir.resolve(m.path("file").asText());
        models.add(
            new Model(
                m.path("name").asText(),
                Role.valueOf(m.path("role").asText("expert").toUpperCase(java.util.Locale.ROOT)),
                gguf,
                m.path("hyperparameters").path("context_length").asInt(256),
                sha256(gguf)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the zoo in " + dir, e);
    }
    ZooCatalog catalog = new ZooCatalog(dir, models);
    if (catalog.experts().isEmpty() || catalog.withRole(Role.KEYWORDS).isEmpty())
      throw new IllegalArgumentException("no zoo (experts and a keyword model) in " + dir);
    return catalog;
  }

  /**
   * The pool variant a run asks for: the zoo without the {@code dropped} experts, plus a second
   * copy of the {@code twin} expert (same file, named {@code <twin>-twin}) when given. The routing
   * issue's robustness pools: the zoo without its strongest generalist, and the zoo with a
   * duplicated specialist.
   */
  public ZooCatalog variant(List<String> dropped, @Nullable String twin) {
    List<Model> kept = new ArrayList<>();
    for (String name : dropped)
      if (!experts().contains(name))
        throw new IllegalArgumentException(
            "cannot drop '" + name + "': the zoo's experts are " + experts());
    for (Model m : models) if (!dropped.contains(m.name())) kept.add(m);
    if (twin != null) {
      Model original =
          kept.stream()
              .filter(m -> m.role() == Role.EXPERT && m.name().equals(twin))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "cannot twin '" + twin + "': the pool's experts are " + experts()));
      kept.add(
          new Model(
              twin + "-twin",
              Role.EXPERT,
              original.gguf(),
              original.contextLength(),
              original.sha256()));
    }
    ZooCatalog variant = new ZooCatalog(directory, kept);
    if (variant.experts().isEmpty())
      throw new IllegalArgumentException("dropping " + dropped + " leaves no expert");
    return variant;
  }

  public List<Model> withRole(Role role) {
    return models.stream().filter(m -> m.role() == role).toList();
  }

  public List<String> experts() {
    return withRole(Role.EXPERT).stream().map(Model::name).toList();
  }

  public String keywordModel() {
    return withRole(Role.KEYWORDS).getFirst().name();
  }

  /** The zoo's aggregator, else the first expert (synthesis needs some model). */
  public String aggregatorModel() {
    List<Model> aggregators = withRole(Role.AGGREGATOR);
    return aggregators.isEmpty() ? experts().getFirst() : aggregators.getFirst().name();
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
