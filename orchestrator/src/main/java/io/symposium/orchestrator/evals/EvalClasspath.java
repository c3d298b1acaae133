package io.symposium.orchestrator.evals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The class path of the evals CLI: {@code symposium.evals.classpath} when set, else what the evals
 * build wrote ({@code evals/target/classpath.txt}, its dependencies, plus {@code
 * evals/target/classes}) under the working directory or its parent. The service cannot depend on
 * evals (evals depends on it), so it finds the module's build output at run time.
 */
final class EvalClasspath {
  static final String INSTALL =
      "Build the evals module first: ./mvnw -B -q install -DskipTests -pl evals -am (from the"
          + " repository root, where the service is started), or set symposium.evals.classpath.";

  private EvalClasspath() {}

  static Optional<String> find(String configured, Path workingDirectory) {
    if (!configured.isBlank()) return Optional.of(configured.strip());
    for (Path root : new Path[] {workingDirectory, workingDirectory.getParent()}) {
      if (root == null) continue;
      Path target = root.resolve("evals/target");
      Path file = target.resolve("classpath.txt");
      Path classes = target.resolve("classes/io/symposium/evals/run/RunEvals.class");
      if (Files.isRegularFile(file) && Files.isRegularFile(classes)) {
        try {
          String dependencies = Files.readString(file, StandardCharsets.UTF_8).strip();
          return Optional.of(
              target.resolve("classes").toAbsolutePath()
                  + (dependencies.isEmpty() ? "" : java.io.File.pathSeparator + dependencies));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
