// Skill profiles page: the active profile as a model × keyword heatmap, the versions with
// activation and a diff of two, and a profiling run whose progress streams live (SSE).
import { api, fill, fmt, h, initPage, say } from "./common.js";

// a diverging scale (always wrong → always right), the same stops as the legend in admin.css
const STOPS = [
  [-1, [178, 24, 43]], [-0.66, [239, 138, 98]], [-0.33, [253, 219, 199]], [0, [247, 247, 247]],
  [0.33, [209, 229, 240]], [0.66, [103, 169, 207]], [1, [33, 102, 172]],
];

export function colour(ratio) {
  const r = Math.max(-1, Math.min(1, ratio));
  for (let i = 1; i < STOPS.length; i++) {
    const [x1, c1] = STOPS[i];
    const [x0, c0] = STOPS[i - 1];
    if (r <= x1) {
      const t = (r - x0) / (x1 - x0);
      return c0.map((c, j) => Math.round(c + (c1[j] - c) * t));
    }
  }
  return STOPS[STOPS.length - 1][1];
}

const state = { task: null, versions: [], active: null, sortKeyword: null };
const taskSelect = document.getElementById("task");
const versionsStatus = document.getElementById("versions-status");

async function loadVersions() {
  const listing = await api("/admin/api/profiles");
  state.versions = listing.versions || [];
  const tasks = [...new Set(state.versions.map((v) => v.task))].sort();
  if (!state.task || !tasks.includes(state.task)) {
    state.task = tasks.includes("synth") ? "synth" : tasks[0] || null;
  }
  fill(taskSelect, tasks.map((t) => h("option", { value: t, selected: t === state.task }, t)));
}

async function loadActive() {
  const versions = state.versions.filter((v) => v.task === state.task);
  const active = versions.find((v) => v.active);
  state.active = active ? await api(`/admin/api/profiles/${active.id}`) : null;
  renderVersions(versions);
  renderHeatmap();
}

function renderVersions(versions) {
  const tbody = document.querySelector("#versions tbody");
  fill(tbody, versions.map((v) =>
    h("tr", { "data-version": v.id },
      h("th", { scope: "row" }, `v${v.version}`),
      h("td", {}, v.origin),
      h("td", {}, fmt.time(v.createdAt)),
      h("td", {}, v.active ? h("span", { class: "badge ok" }, "active") : h("span", { class: "badge" }, "inactive")),
      h("td", {}, v.active ? "" : h("button", {
        type: "button", class: "small", "data-action": "activate",
        onclick: async () => {
          try {
            await api(`/admin/api/profiles/${v.id}/activate`, { method: "POST" });
            say(versionsStatus, `v${v.version} is now active for ${v.task}.`);
            await loadVersions();
            await loadActive();
          } catch (e) {
            say(versionsStatus, e.message, true);
          }
        },
      }, `Activate v${v.version}`)),
    )));
  const options = () => versions.map((v) => h("option", { value: v.id }, `v${v.version} (${v.origin}${v.active ? ", active" : ""})`));
  fill(document.getElementById("diff-a"), options());
  fill(document.getElementById("diff-b"), options());
  if (versions.length > 1) document.getElementById("diff-a").selectedIndex = 1;
}

function cellRatio(score, questions, maxAbs) {
  if (questions) return score / questions;
  return maxAbs ? score / maxAbs : 0;
}

function renderHeatmap() {
  const wrap = document.getElementById("heatmap-wrap");
  const meta = document.getElementById("profile-meta");
  const p = state.active;
  if (!p) {
    fill(wrap, h("p", { style: { padding: "12px" } }, "No active profile for this task yet: start a profiling run below."));
    meta.textContent = "";
    return;
  }
  const models = Object.keys(p.scores);
  const keywordSet = new Set();
  models.forEach((m) => Object.keys(p.scores[m]).forEach((k) => keywordSet.add(k)));
  let keywords = [...keywordSet];
  const kwFilter = document.getElementById("filter-keyword").value.trim().toLowerCase();
  const modelFilter = document.getElementById("filter-model").value.trim().toLowerCase();
  if (kwFilter) keywords = keywords.filter((k) => k.toLowerCase().includes(kwFilter));
  let rows = models.filter((m) => !modelFilter || m.toLowerCase().includes(modelFilter));
  const score = (m, k) => p.scores[m][k] ?? 0;
  const maxAbs = Math.max(1, ...models.flatMap((m) => Object.values(p.scores[m]).map(Math.abs)));
  const accuracy = (m) => (p.accuracy[m] && p.accuracy[m].answered ? p.accuracy[m].correct / p.accuracy[m].answered : null);
  const colSort = document.getElementById("sort-cols").value;
  const spread = (k) => Math.max(...models.map((m) => score(m, k))) - Math.min(...models.map((m) => score(m, k)));
  keywords.sort((a, b) =>
    colSort === "questions" ? (p.questions[b] || 0) - (p.questions[a] || 0) || a.localeCompare(b)
      : colSort === "spread" ? spread(b) - spread(a) || a.localeCompare(b)
        : a.localeCompare(b));
  const rowSort = document.getElementById("sort-rows").value;
  rows.sort((a, b) =>
    rowSort === "accuracy" ? (accuracy(b) ?? -1) - (accuracy(a) ?? -1)
      : rowSort === "keyword" && state.sortKeyword ? score(b, state.sortKeyword) - score(a, state.sortKeyword) || a.localeCompare(b)
        : a.localeCompare(b));
  meta.textContent = `Version ${p.version} of ${p.task} (${p.origin}, ${fmt.time(p.createdAt)}): ${models.length} models × ${keywordSet.size} keywords` +
    (keywords.length !== keywordSet.size ? `, ${keywords.length} shown` : "") +
    (p.aggregatorModel ? `; aggregator ${p.aggregatorModel}` : "") + ".";

  const head = h("tr", {},
    h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Model"), "Model · accuracy · γ"),
    keywords.map((k) => h("th", { scope: "col", "aria-sort": state.sortKeyword === k && rowSort === "keyword" ? "descending" : null },
      h("button", {
        type: "button", title: `Sort models by ${k}`, "data-keyword": k,
        onclick: () => {
          state.sortKeyword = k;
          document.getElementById("sort-rows").value = "keyword";
          renderHeatmap();
        },
      }, h("span", { class: "kw" }, k)))));
  let first = true;
  const body = rows.map((m) => {
    const acc = accuracy(m);
    return h("tr", { "data-model": m },
      h("th", { scope: "row" },
        h("span", { class: "mono" }, m),
        h("div", { class: "hint" }, `${acc === null ? "no accuracy recorded" : `${fmt.pct(acc)} right`} · γ ${fmt.num(p.competence ? p.competence[m] : null, 3)}`)),
      keywords.map((k) => {
        const s = score(m, k);
        const q = p.questions[k];
        const ratio = cellRatio(s, q, maxAbs);
        const [r, g, b] = colour(ratio);
        const dark = Math.abs(ratio) > 0.55;
        const detail = q
          ? `${m} · ${k}: score ${s > 0 ? "+" : ""}${s} from ${q} question${q === 1 ? "" : "s"} (${(q + s) / 2} right, ${(q - s) / 2} wrong)`
          : `${m} · ${k}: score ${s > 0 ? "+" : ""}${s} (imported: no question count)`;
        const cell = h("td", {
          class: "cell", tabindex: first ? "0" : "-1", title: detail,
          "data-model": m, "data-keyword": k, "data-score": s, "data-questions": q ?? "", "data-ratio": ratio.toFixed(3),
          style: { background: `rgb(${r}, ${g}, ${b})`, color: dark ? "#fff" : "#1c2330" },
        }, s > 0 ? `+${s}` : String(s));
        first = false;
        return cell;
      }));
  });
  const table = h("table", { class: "heatmap", id: "heatmap" },
    h("caption", { class: "visually-hidden" }, "Skill scores: models in rows, keywords in columns"),
    h("thead", {}, head), h("tbody", {}, body));
  fill(wrap, table);
  const detail = document.getElementById("cell-detail");
  const show = (event) => {
    const td = event.target.closest("td.cell");
    if (td) detail.textContent = td.title;
  };
  table.addEventListener("mouseover", show);
  table.addEventListener("focusin", show);
  table.addEventListener("keydown", (event) => {
    const td = event.target.closest("td.cell");
    if (!td) return;
    const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const tr = td.parentElement;
    const rowsEls = [...table.tBodies[0].rows];
    const ri = rowsEls.indexOf(tr) + move[0];
    const ci = td.cellIndex + move[1];
    const target = rowsEls[ri] && rowsEls[ri].cells[ci];
    if (target && target.classList.contains("cell")) {
      td.tabIndex = -1;
      target.tabIndex = 0;
      target.focus();
    }
  });
}

document.getElementById("diff-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("diff-out");
  const a = document.getElementById("diff-a").value;
  const b = document.getElementById("diff-b").value;
  if (!a || !b) return;
  try {
    const [va, vb] = await Promise.all([api(`/admin/api/profiles/${a}`), api(`/admin/api/profiles/${b}`)]);
    const kws = (v) => new Set(Object.values(v.scores).flatMap((s) => Object.keys(s)));
    const ka = kws(va);
    const kb = kws(vb);
    const added = [...kb].filter((k) => !ka.has(k)).sort();
    const removed = [...ka].filter((k) => !kb.has(k)).sort();
    const changes = [];
    for (const m of [...new Set([...Object.keys(va.scores), ...Object.keys(vb.scores)])].sort()) {
      for (const k of [...kb].filter((x) => ka.has(x)).sort()) {
        const from = (va.scores[m] || {})[k] ?? 0;
        const to = (vb.scores[m] || {})[k] ?? 0;
        if (from !== to) changes.push([m, k, from, to]);
      }
    }
    changes.sort((x, y) => Math.abs(y[3] - y[2]) - Math.abs(x[3] - x[2]));
    fill(out,
      h("p", {}, `v${va.version} → v${vb.version}: ${changes.length} changed score(s), ${added.length} new keyword(s), ${removed.length} removed.`),
      added.length ? [h("h3", {}, "New keywords"), h("ul", { class: "chips" }, added.map((k) => h("li", {}, k)))] : null,
      removed.length ? [h("h3", {}, "Removed keywords"), h("ul", { class: "chips" }, removed.map((k) => h("li", {}, k)))] : null,
      changes.length ? h("div", { class: "table-wrap" }, h("table", { id: "diff-table" },
        h("caption", { class: "visually-hidden" }, "Changed scores"),
        h("thead", {}, h("tr", {}, ["Model", "Keyword", "From", "To", "Change"].map((c, i) => h("th", { scope: "col", class: i > 1 ? "num" : null }, c)))),
        h("tbody", {}, changes.slice(0, 200).map(([m, k, from, to]) => h("tr", {},
          h("td", { class: "mono" }, m), h("td", {}, k), h("td", { class: "num" }, from), h("td", { class: "num" }, to),
          h("td", { class: "num" }, `${to - from > 0 ? "+" : ""}${to - from}`)))))) : null,
    );
  } catch (e) {
    fill(out, h("p", { class: "error-text" }, e.message));
  }
});

async function fillRunForm() {
  const models = await api("/admin/api/models");
  const isKeyword = (m) => (m.tags || []).includes("role:keywords") || m.id === "keywords";
  const isAggregator = (m) => (m.tags || []).includes("role:aggregator") || m.id === "aggregator";
  fill(document.getElementById("run-experts"), models.filter((m) => !isKeyword(m)).map((m) =>
    h("label", {}, h("input", { type: "checkbox", name: "expert", value: m.id, checked: !isAggregator(m) }), m.id)));
  fill(document.getElementById("run-aggregators"), models.filter((m) => !isKeyword(m)).map((m) =>
    h("label", {}, h("input", { type: "checkbox", name: "aggregator", value: m.id, checked: false }), m.id)));
  fill(document.getElementById("run-keyword"), models.map((m) => h("option", { value: m.id, selected: isKeyword(m) }, m.id)));
}

// the phases overlap (keywords are extracted while experts already answer): each has its own share
const PHASES = { KEYWORDS: ["Keywords", 0.15], ANSWERS: ["Answers", 0.7], AGGREGATIONS: ["Aggregator benchmark", 0.15] };
const run = { phases: {} };

function showProgress(p) {
  if (p.phase === "FINISHED") {
    Object.keys(run.phases).forEach((k) => { run.phases[k] = { done: 1, total: 1 }; });
  } else {
    run.phases[p.phase] = { done: p.done, total: p.total };
  }
  const expected = Object.keys(PHASES).filter((k) => k !== "AGGREGATIONS" || run.withAggregators || run.phases[k]);
  const weight = expected.reduce((n, k) => n + PHASES[k][1], 0);
  const overall = p.phase === "FINISHED" ? 1 : expected.reduce((n, k) => {
    const ph = run.phases[k];
    return n + PHASES[k][1] * (ph && ph.total ? ph.done / ph.total : 0);
  }, 0) / weight;
  const percent = Math.floor(overall * 100);
  document.getElementById("run-bar").value = percent;
  document.getElementById("run-percent").textContent = `${percent} %`;
  document.getElementById("run-phase").textContent = p.phase === "FINISHED" ? "Finished"
    : expected.map((k) => `${PHASES[k][0]} ${run.phases[k] ? `${run.phases[k].done} / ${run.phases[k].total}` : "waiting"}`).join(" · ");
}

document.getElementById("run-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const detail = document.getElementById("run-detail");
  const body = {
    task: form.task.value.trim(),
    validationFile: form.validationFile.value.trim(),
    experts: [...form.querySelectorAll("input[name=expert]:checked")].map((i) => i.value),
    keywordModel: form.keywordModel.value,
    aggregators: [...form.querySelectorAll("input[name=aggregator]:checked")].map((i) => i.value),
  };
  if (form.limit.value) body.limit = Number(form.limit.value);
  document.getElementById("run-progress").hidden = false;
  document.getElementById("run-start").disabled = true;
  run.phases = {};
  run.withAggregators = body.aggregators.length > 0;
  showProgress({ phase: "KEYWORDS", done: 0, total: 0 });
  try {
    const started = await api("/admin/api/profiles/runs", { method: "POST", body });
    say(detail, `Run ${started.runId} started.`);
    const events = new EventSource(started.progress);
    events.addEventListener("progress", (e) => showProgress(JSON.parse(e.data)));
    events.addEventListener("done", async () => {
      events.close();
      showProgress({ phase: "FINISHED", done: 1, total: 1 });
      say(detail, `Run ${started.runId} finished; its profile is now the active version of ${body.task}.`);
      document.getElementById("run-start").disabled = false;
      state.task = body.task;
      await loadVersions();
      await loadActive();
    });
    events.addEventListener("error", (e) => {
      if (e.data) {
        const problem = JSON.parse(e.data);
        say(detail, `Run failed: ${problem.detail}`, true);
      } else if (events.readyState === EventSource.CLOSED) {
        say(detail, "The progress stream closed.", true);
      } else {
        return; // the browser reconnects by itself
      }
      events.close();
      document.getElementById("run-start").disabled = false;
    });
  } catch (e) {
    say(detail, e.message, true);
    document.getElementById("run-start").disabled = false;
  }
});

taskSelect.addEventListener("change", async () => {
  state.task = taskSelect.value;
  state.sortKeyword = null;
  await loadActive();
});
for (const id of ["filter-keyword", "filter-model", "sort-rows", "sort-cols"]) {
  document.getElementById(id).addEventListener("input", renderHeatmap);
}

await initPage("profiles");
await Promise.all([loadVersions().then(loadActive), fillRunForm()]);
