package io.symposium.pool.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A markdown table built row by row, printed with its columns padded to line up in a terminal too.
 */
final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  MarkdownTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has %d cells, the table %d columns".formatted(cells.length, header.size()));
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toList());
    return this;
  }

  String render() {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = Math.max(3, header.get(c).length());
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    out.append('|');
    for (int w : width) {
      out.append(' ').append("-".repeat(w)).append(" |");
    }
    out.append('\n');
    rows.forEach(row -> line(out, row, width));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] width) {
    out.append('|');
    for (int c = 0; c < width.length; c++) {
      out.append(' ')
          .append(cells.get(c))
          .append(" ".repeat(width[c] - cells.get(c).length()))
          .append(" |");
    }
    out.append('\n');
  }
}
