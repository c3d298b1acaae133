// Routing explainer: the question's skills, every router's scores and draw, and optionally the
// query itself run through /v1/query with its answers, aggregate, loads and timings.
import { api, barCell, fill, fmt, h, initPage, say, statusBadge } from "./common.js";

const ROUTERS = [
  ["skill-accuracy", "Skill accuracy (default)"],
  ["symbolic-moe", "Symbolic-MoE"],
  ["coe", "Composition of Experts"],
];
const status = document.getElementById("explain-status");
let chart = null;

function request(strategy, keywords) {
  const body = {
    question: document.getElementById("question").value,
    strategy,
    k: Number(document.getElementById("k").value) || undefined,
    seed: document.getElementById("seed").value === "" ? undefined : Number(document.getElementById("seed").value),
  };
  const topP = document.getElementById("topP").value;
  if (topP) body.topP = Number(topP);
  if (document.getElementById("deterministic").checked) body.deterministic = true;
  const task = document.getElementById("explain-task").value.trim();
  if (task) body.task = task;
  if (keywords) body.keywords = keywords;
  return body;
}

function routerTable(id, label, decision) {
  const drawn = new Map();
  decision.experts.forEach((e) => drawn.set(e, (drawn.get(e) || 0) + 1));
  const hasEstimate = decision.scores.some((s) => s.estimate !== null && s.estimate !== undefined);
  return h("section", { class: "router", "data-router": id, "aria-labelledby": `router-${id}` },
    h("h3", { id: `router-${id}` }, label),
    h("p", {}, "Draw: ", h("strong", { class: "drawn" }, decision.experts.join(", ")),
      decision.fallbacks && decision.fallbacks.length ? h("span", { class: "badge warn", style: { marginLeft: "8px" } }, `fallback: ${decision.fallbacks.join(", ")}`) : null,
      decision.classification ? h("span", { class: "hint" }, ` · category ${decision.classification.category || JSON.stringify(decision.classification)}`) : null),
    h("div", { class: "table-wrap" }, h("table", {},
      h("caption", { class: "visually-hidden" }, `${label}: scores per model`),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Model"), h("th", { scope: "col", class: "num" }, "Suitability S"),
        h("th", { scope: "col", class: "num" }, "Competence γ"), h("th", { scope: "col", class: "num" }, "Weight"),
        hasEstimate ? h("th", { scope: "col", class: "num" }, "Accuracy estimate") : null,
        h("th", { scope: "col" }, "Recruitment probability"), h("th", { scope: "col", class: "num" }, "Drawn"))),
      h("tbody", {}, decision.scores.map((s) => h("tr", { "data-model": s.model },
        h("th", { scope: "row", class: "mono" }, s.model),
        h("td", { class: "num" }, s.suitability),
        h("td", { class: "num" }, fmt.num(s.competence, 3)),
        h("td", { class: "num" }, fmt.num(s.weight, 3)),
        hasEstimate ? h("td", { class: "num" }, fmt.num(s.estimate, 3)) : null,
        h("td", { "data-probability": s.probability }, barCell(s.probability, fmt.pct(s.probability))),
        h("td", { class: "num" }, drawn.get(s.model) ? `×${drawn.get(s.model)}` : "")))))));
}

function drawChart(results) {
  if (!window.echarts) return;
  if (!chart) chart = window.echarts.init(document.getElementById("prob-chart"), null, { renderer: "svg" });
  const models = results[0].routing.scores.map((s) => s.model).sort();
  chart.setOption({
    animation: false,
    legend: { top: 0 },
    grid: { left: 50, right: 10, top: 30, bottom: 70 },
    tooltip: { trigger: "axis", valueFormatter: (v) => fmt.pct(v) },
    xAxis: { type: "category", data: models, axisLabel: { rotate: 30, fontSize: 11 } },
    yAxis: { type: "value", max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)} %` } },
    color: ["#1f5fbf", "#fca311", "#2a9d8f"],
    series: results.map(({ label, routing }) => ({
      name: label, type: "bar",
      data: models.map((m) => (routing.scores.find((s) => s.model === m) || { probability: 0 }).probability),
    })),
  }, true);
}

async function explain() {
  if (!document.getElementById("question").value.trim()) {
    say(status, "Type a question first.", true);
    return null;
  }
  say(status, "Extracting skills and routing…");
  const first = await api("/admin/api/route/explain", { method: "POST", body: request(ROUTERS[0][0]) });
  // the other routers route on the same mapped keywords: no second extraction
  const rest = await Promise.all(ROUTERS.slice(1).map(([id]) =>
    api("/admin/api/route/explain", { method: "POST", body: request(id, first.mapped) })));
  const results = [first, ...rest].map((r, i) => ({ id: ROUTERS[i][0], label: ROUTERS[i][1], routing: r.routing }));
  fill(document.getElementById("raw"), first.raw.map((k) => h("li", {}, k)));
  fill(document.getElementById("mapped"), first.mapped.map((k) => h("li", {}, k)));
  document.getElementById("explain-meta").textContent =
    `Task ${first.task}, profile version ${first.profileVersion}.` +
    (first.routing.unknownKeywords && first.routing.unknownKeywords.length ? ` Outside the vocabulary: ${first.routing.unknownKeywords.join(", ")}.` : "");
  document.getElementById("skills-panel").hidden = false;
  document.getElementById("routers-panel").hidden = false;
  fill(document.getElementById("routers"), results.map((r) => routerTable(r.id, r.label, r.routing)));
  drawChart(results);
  say(status, "Explained.");
  return first;
}

async function run() {
  const explained = await explain();
  if (!explained) return;
  say(status, "Running the query through the pool…");
  const strategy = document.getElementById("strategy").value;
  const body = request(strategy);
  const result = await api("/v1/query", { method: "POST", body });
  const t = result.timings;
  fill(document.getElementById("answer"),
    h("dl", { class: "kv" },
      h("dt", {}, "Final answer"), h("dd", { id: "final-answer" }, h("pre", { class: "answer" }, result.finalAnswer)),
      h("dt", {}, "Extracted"), h("dd", {}, result.extractedAnswer ?? "–"),
      h("dt", {}, "Aggregate"), h("dd", {}, `${result.aggregation.method || ""}${result.aggregation.aggregatorModelId ? ` by ${result.aggregation.aggregatorModelId}` : ""}`),
      h("dt", {}, "Models loaded"), h("dd", {}, result.modelsLoaded.length ? result.modelsLoaded.join(", ") : "none (all were resident)"),
      h("dt", {}, "Timings"), h("dd", {}, `skills ${fmt.ms(t.skillsMillis)} · routing ${t.routingMicros} µs · experts ${fmt.ms(t.expertsMillis)} · aggregation ${fmt.ms(t.aggregationMillis)} · total ${fmt.ms(t.totalMillis)}`),
      h("dt", {}, "Query log"), h("dd", {}, h("a", { href: `/admin/queries/${result.id}`, id: "logged-query" }, result.id)),
    ),
    h("h3", {}, "Experts"),
    h("div", { class: "table-wrap" }, h("table", { id: "expert-answers" },
      h("caption", { class: "visually-hidden" }, "Each expert's answer"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Expert"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Answer"), h("th", { scope: "col" }, "Extracted"), h("th", { scope: "col", class: "num" }, "Latency"))),
      h("tbody", {}, result.experts.map((e) => h("tr", {},
        h("th", { scope: "row", class: "mono" }, e.model, e.replaces ? h("div", { class: "hint" }, `replaces ${e.replaces}`) : null),
        h("td", {}, statusBadge(e.status)), h("td", {}, h("pre", { class: "answer" }, e.answer ?? e.error ?? "")),
        h("td", {}, e.extracted ?? "–"), h("td", { class: "num" }, fmt.ms(e.latencyMillis))))))));
  document.getElementById("answer-panel").hidden = false;
  say(status, `Answered in ${fmt.ms(t.totalMillis)}.`);
}

document.getElementById("explain-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await explain();
  } catch (e) {
    say(status, e.message, true);
  }
});
document.getElementById("run-query").addEventListener("click", async () => {
  try {
    await run();
  } catch (e) {
    say(status, e.message, true);
  }
});
window.addEventListener("resize", () => chart && chart.resize());
await initPage("routing");
