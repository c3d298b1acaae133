package io.symposium.evals.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a run's files: report.html (plots embedded), the PNGs, items.jsonl/csv, manifest.json. */
public final class RunWriter {
  private RunWriter() {}

  /** The report's path. */
  public static Path write(EvalRun run, Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, byte[]> pngs = Charts.draw(run);
      for (var png : pngs.entrySet()) Files.write(dir.resolve(png.getKey()), png.getValue());
      ItemFiles.write(run, dir.resolve("items.jsonl"), dir.resolve("items.csv"));
      RunManifest.write(run, dir.resolve("manifest.json"));
      Path report = dir.resolve("report.html");
      Files.writeString(report, HtmlReport.render(run, pngs));
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run into " + dir, e);
    }
  }
}
