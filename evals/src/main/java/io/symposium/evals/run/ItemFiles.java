package io.symposium.evals.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Every (method, seed, question) outcome as JSON lines and as CSV, one row each. */
final class ItemFiles {
  static final List<String> COLUMNS =
      List.of(
          "label",
          "method",
          "aggregation",
          "seed",
          "item",
          "task",
          "skill",
          "format",
          "question",
          "gold",
          "keywords",
          "experts",
          "answers",
          "extracted",
          "final",
          "final_answer",
          "correct",
          "unanswerable",
          "expert_calls",
          "aggregator_calls",
          "prompt_tokens",
          "completion_tokens",
          "ms");

  private ItemFiles() {}

  static void write(EvalRun run, Path jsonl, Path csv) {
    ObjectMapper json = new ObjectMapper();
    Map<Integer, EvalItem> items =
        run.results().items().stream().collect(Collectors.toMap(EvalItem::id, i -> i));
    try (Writer lines = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
        Writer table = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      table.write(String.join(",", COLUMNS) + "\n");
      for (ItemResult r : run.results().results()) {
        EvalItem item = Objects.requireNonNull(items.get(r.item()));
        RunResults.Keywords kw = run.results().keywords().get(r.item());
        List<String> mapped = kw == null ? List.of() : kw.mapped();
        ObjectNode o = json.createObjectNode();
        o.put("label", r.label())
            .put("method", r.method())
            .put("aggregation", r.aggregation().id());
        o.put("seed", r.seed())
            .put("item", r.item())
            .put("task", item.task())
            .put("skill", item.skill());
        o.put("format", item.format().name())
            .put("question", item.question())
            .put("gold", item.gold());
        mapped.forEach(o.putArray("keywords")::add);
        r.experts().forEach(o.putArray("experts")::add);
        r.answers().forEach(o.putArray("answers")::add);
        r.extracted().forEach(o.putArray("extracted")::add);
        o.put("final", r.finalText()).put("final_answer", r.finalAnswer());
        o.put("correct", r.correct()).put("unanswerable", r.unanswerable());
        o.put("expert_calls", r.expertCalls()).put("aggregator_calls", r.aggregatorCalls());
        o.put("prompt_tokens", r.promptTokens())
            .put("completion_tokens", r.completionTokens())
            .put("ms", r.millis());
        lines.write(json.writeValueAsString(o) + "\n");
        table.write(
            List.of(
                    r.label(),
                    r.method(),
                    r.aggregation().id(),
                    Long.toString(r.seed()),
                    Integer.toString(r.item()),
                    item.task(),
                    item.skill(),
                    item.format().name(),
                    item.question(),
                    item.gold(),
                    String.join(";", mapped),
                    String.join(";", r.experts()),
                    String.join(" | ", r.answers()),
                    String.join(";", r.extracted()),
                    Objects.requireNonNullElse(r.finalText(), ""),
                    Objects.requireNonNullElse(r.finalAnswer(), ""),
                    Boolean.toString(r.correct()),
                    Boolean.toString(r.unanswerable()),
                    Integer.toString(r.expertCalls()),
                    Integer.toString(r.aggregatorCalls()),
                    Long.toString(r.promptTokens()),
                    Long.toString(r.completionTokens()),
                    Long.toString(r.millis()))
                .stream()
                .map(ItemFiles::csv)
                .collect(Collectors.joining(",", "", "\n")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the items beside " + jsonl, e);
    }
  }

  /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
  static String csv(String field) {
    return field.matches("(?s).*[\",\r\n].*") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
  }
}
