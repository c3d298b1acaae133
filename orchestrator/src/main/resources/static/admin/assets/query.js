// One logged query: its whole record (question, status, skills, routing, each expert, timings).
import { api, barCell, fill, fmt, h, initPage, statusBadge } from "./common.js";

const out = document.getElementById("query");
const id = decodeURIComponent(window.location.pathname.split("/").pop());
document.getElementById("query-id").textContent = id;

function section(title, ...content) {
  return h("section", { class: "panel", "aria-label": title }, h("h2", {}, title), content);
}

await initPage("queries");
try {
  const q = await api(`/admin/api/queries/${encodeURIComponent(id)}`);
  document.getElementById("query-title").textContent = `Query · ${q.status.toLowerCase()}`;
  const latency = q.completedAt ? Date.parse(q.completedAt) - Date.parse(q.receivedAt) : null;
  const t = q.timings;
  fill(out,
    section("Record", h("dl", { class: "kv" },
      h("dt", {}, "Question"), h("dd", { id: "question" }, h("pre", { class: "answer" }, q.question)),
      h("dt", {}, "Status"), h("dd", {}, statusBadge(q.status)),
      h("dt", {}, "Received"), h("dd", {}, fmt.time(q.receivedAt)),
      h("dt", {}, "Latency"), h("dd", {}, fmt.ms(latency)),
      h("dt", {}, "Strategy · k · seed"), h("dd", {}, `${q.strategy ?? "–"} · ${q.k ?? "default"} · ${q.seed ?? "default"}`),
      h("dt", {}, "Task format"), h("dd", {}, q.taskFormat ?? "–"),
      h("dt", {}, "Final answer"), h("dd", { id: "final-answer" }, q.finalAnswer ? h("pre", { class: "answer" }, q.finalAnswer) : "–"),
      h("dt", {}, "Extracted answer"), h("dd", {}, q.extractedAnswer ?? "–"),
      h("dt", {}, "Aggregator"), h("dd", {}, q.aggregatorModel ?? "–"),
      h("dt", {}, "Knobs"), h("dd", { class: "mono" }, q.knobs ? JSON.stringify(q.knobs) : "none"),
      h("dt", {}, "Instance"), h("dd", { class: "mono" }, q.instanceId ?? "–"),
      q.error ? [h("dt", {}, "Error"), h("dd", { class: "error-text" }, `${q.error.title}: ${q.error.detail}`)] : null,
      t ? [h("dt", {}, "Timings"), h("dd", {}, `skills ${fmt.ms(t.skillsMillis)} · routing ${t.routingMicros} µs · experts ${fmt.ms(t.expertsMillis)} · aggregation ${fmt.ms(t.aggregationMillis)} · total ${fmt.ms(t.totalMillis)}`)] : null,
    )),
    q.skills ? section("Skills",
      h("h3", {}, "Raw"), h("ul", { class: "chips" }, q.skills.raw.map((k) => h("li", {}, k))),
      h("h3", {}, "Mapped"), h("ul", { class: "chips" }, q.skills.mapped.map((k) => h("li", {}, k)))) : null,
    q.routing ? section("Routing",
      h("p", {}, "Drawn: ", h("strong", {}, q.routing.experts.join(", "))),
      h("div", { class: "table-wrap" }, h("table", {},
        h("caption", { class: "visually-hidden" }, "Scores per model"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Model"), h("th", { scope: "col", class: "num" }, "Suitability"), h("th", { scope: "col", class: "num" }, "Competence"), h("th", { scope: "col" }, "Probability"))),
        h("tbody", {}, q.routing.scores.map((s) => h("tr", {},
          h("th", { scope: "row", class: "mono" }, s.model), h("td", { class: "num" }, s.suitability),
          h("td", { class: "num" }, fmt.num(s.competence, 3)), h("td", {}, barCell(s.probability, fmt.pct(s.probability))))))))) : null,
    section("Experts", q.experts.length ? h("div", { class: "table-wrap" }, h("table", { id: "experts" },
      h("caption", { class: "visually-hidden" }, "Each expert's part"),
      h("thead", {}, h("tr", {}, ["Expert", "Status", "Answer", "Extracted", "Tokens (prompt + completion)", "Latency"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, q.experts.map((e) => h("tr", {},
        h("th", { scope: "row", class: "mono" }, e.model, e.replaces ? h("div", { class: "hint" }, `replaces ${e.replaces}`) : null),
        h("td", {}, statusBadge(e.status)),
        h("td", {}, h("pre", { class: "answer" }, e.answer ?? e.error ?? "")),
        h("td", {}, e.extracted ?? "–"),
        h("td", { class: "num" }, `${e.promptTokens ?? "–"} + ${e.completionTokens ?? "–"}`),
        h("td", { class: "num" }, fmt.ms(e.latencyMillis))))))) : h("p", {}, "No expert answered this query.")),
  );
} catch (e) {
  fill(out, h("p", { class: "error-text", role: "alert" }, e.message));
}
