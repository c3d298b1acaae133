package io.symposium.evals.zoo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A models × skills accuracy heatmap drawn with Java2D: white at 0, deep green at 1, the value in
 * each cell.
 */
final class AccuracyHeatmap {
  private static final int CELL = 38;

  private AccuracyHeatmap() {}

  /**
   * @param values {@code values[row][column]} in 0..1, or NaN for "not measured"
   * @param columnGroups one label per column drawn under the skill names (the domain), or an empty
   *     list
   */
  static void write(
      Path png,
      String title,
      List<String> rows,
      List<String> columns,
      List<String> columnGroups,
      double[][] values) {
    int left = 150, top = 215, bottom = 40;
    int width = left + CELL * columns.size() + 130, height = top + CELL * rows.size() + bottom;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, 10, 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics fm = g.getFontMetrics();
      for (int r = 0; r < rows.size(); r++)
        g.drawString(
            rows.get(r),
            left - 8 - fm.stringWidth(rows.get(r)),
            top + r * CELL + CELL / 2 + fm.getAscent() / 2 - 2);
      AffineTransform plain = g.getTransform();
      for (int c = 0; c < columns.size(); c++) {
        g.setTransform(plain);
        g.translate(left + c * CELL + CELL / 2 + 4, top - 8);
        g.rotate(-Math.PI / 3);
        String label =
            columns.get(c) + (columnGroups.isEmpty() ? "" : "  (" + columnGroups.get(c) + ")");
        g.drawString(label, 0, 0);
      }
      g.setTransform(plain);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      fm = g.getFontMetrics();
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < columns.size(); c++) {
          double v = values[r][c];
          int x = left + c * CELL, y = top + r * CELL;
          g.setColor(Double.isNaN(v) ? new Color(230, 230, 230) : shade(v));
          g.fillRect(x, y, CELL, CELL);
          g.setColor(new Color(200, 200, 200));
          g.setStroke(new BasicStroke(1f));
          g.drawRect(x, y, CELL, CELL);
          String text = Double.isNaN(v) ? "–" : Long.toString(Math.round(100 * v));
          g.setColor(v > 0.6 ? Color.WHITE : Color.BLACK);
          g.drawString(
              text, x + (CELL - fm.stringWidth(text)) / 2, y + CELL / 2 + fm.getAscent() / 2 - 2);
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString(
          "cell = accuracy in % on the test split, through llama.cpp (greedy)", left, height - 14);
    } finally {
      g.dispose();
    }
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      ImageIO.write(image, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }

  /** White (0) to deep green (1). */
  private static Color shade(double v) {
    double t = Math.max(0, Math.min(1, v));
    return new Color(
        (int) (255 - t * (255 - 20)), (int) (255 - t * (255 - 110)), (int) (255 - t * (255 - 50)));
  }
}
