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
