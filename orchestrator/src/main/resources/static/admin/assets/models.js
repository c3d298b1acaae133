// Models page: pool members with their facts, add / remove / pin, and a live view of the pool
// (serving, loading, queues, the load history as a timeline), refreshed every two seconds.
import { api, barCell, fill, fmt, h, initPage, say } from "./common.js";

const status = document.getElementById("models-status");
const tbody = document.querySelector("#models-table tbody");
let chart = null;
let armedRemove = null;

function stateBadges(m, queues) {
  const out = [];
  if (queues.serving === m.id) out.push(h("span", { class: "badge ok" }, "serving"));
  if ((queues.loading || []).includes(m.id)) out.push(h("span", { class: "badge warn" }, "loading"));
  out.push(h("span", { class: `badge ${m.resident ? "info" : ""}` }, m.resident ? "resident" : "not loaded"));
  if (m.pinned) out.push(h("span", { class: "badge" }, "pinned"));
  return h("div", { class: "chips" }, out);
}

function moeCell(m) {
  if (!m.moe) return "dense";
  const instances = (m.moe.instances || [])
    .map((i) => `k=${i.activeExperts}: ${i.inFlight} in flight, ${i.answered} answered`)
    .join("; ");
  return h("span", { title: instances || "no instance asked for yet" }, `${m.moe.activeExperts} of ${m.moe.experts} experts`,
    m.moe.instances && m.moe.instances.length ? h("br") : null,
    m.moe.instances && m.moe.instances.length ? h("span", { class: "hint" }, `${m.moe.instances.length} instance(s)`) : null);
}

function row(m, queues) {
  const pin = h("button", {
    type: "button", class: "small", "data-action": "pin", "data-model": m.id,
    "aria-pressed": m.pinned ? "true" : "false",
    onclick: () => act(`/admin/api/models/${encodeURIComponent(m.id)}/pin`, "POST", { pinned: !m.pinned }, `${m.id} ${m.pinned ? "unpinned" : "pinned"}`),
  }, m.pinned ? "Unpin" : "Pin");
  const armed = armedRemove === m.id;
  const remove = h("button", {
    type: "button", class: "small danger", "data-action": "remove", "data-model": m.id,
    onclick: () => {
      if (armedRemove !== m.id) {
        armedRemove = m.id;
        say(status, `Choose “Confirm remove” to remove ${m.id}.`);
        refresh();
        return;
      }
      armedRemove = null;
      act(`/admin/api/models/${encodeURIComponent(m.id)}`, "DELETE", undefined, `${m.id} removed`);
    },
  }, armed ? "Confirm remove" : "Remove");
  return h("tr", { "data-model": m.id },
    h("th", { scope: "row" }, h("span", { class: "mono" }, m.id), m.tags && m.tags.length ? h("div", { class: "hint" }, m.tags.join(", ")) : null),
    h("td", {}, m.backend),
    h("td", { class: "num" }, fmt.bytes(m.fileBytes)),
    h("td", { class: "num" }, fmt.bytes(m.footprintBytes)),
    h("td", {}, moeCell(m)),
    h("td", {}, stateBadges(m, queues)),
    h("td", { class: "num", "data-field": "loads" }, m.stats.loads),
    h("td", { class: "num" }, fmt.ms(m.stats.loadMillisMean)),
    h("td", { class: "num" }, `${m.waiting} + ${m.inFlight}`),
    h("td", { class: "num" }, fmt.ms(m.estimatedWaitMillis)),
    h("td", { class: "num" }, m.stats.tokensPerSecond === null ? "–" : fmt.num(m.stats.tokensPerSecond, 1)),
    h("td", { class: "num" }, m.stats.workerRestarts),
    h("td", {}, h("div", { class: "chips" }, pin, remove)),
  );
}

async function act(path, method, body, done) {
  try {
    await api(path, { method, body });
    say(status, done);
  } catch (e) {
    say(status, e.message, true);
  }
  refresh();
}

function card(label, value, id) {
  return h("div", { class: "card" }, h("div", { class: "label" }, label), h("div", { class: "value", id }, value));
}

function drawTimeline(queues, models) {
  const loads = queues.loads || [];
  const names = [...new Set(models.map((m) => m.id))].sort();
  const summary = document.getElementById("timeline-summary");
  summary.textContent = loads.length
    ? `${loads.length} load(s) so far, ${loads.filter((l) => l.ahead).length} of them ahead of their turn. ` +
      `Each bar is one load; a model that answers a whole batch per load shows few bars for many requests.`
    : "No model has been loaded yet.";
  const box = document.getElementById("timeline");
  box.hidden = loads.length === 0;
  if (!window.echarts || box.hidden) return;
  if (!chart) chart = window.echarts.init(box, null, { renderer: "svg" });
  const data = loads.map((l) => ({
    name: l.model,
    value: [names.indexOf(l.model), Date.parse(l.startedAt), Date.parse(l.startedAt) + Math.max(l.millis, 1), l.millis, l.ahead],
    itemStyle: { color: l.ahead ? "#fca311" : "#1f5fbf" },
  }));
  chart.setOption({
    animation: false,
    grid: { left: 130, right: 20, top: 10, bottom: 40 },
    tooltip: { formatter: (p) => `${p.name}: loaded in ${fmt.ms(p.value[3])}${p.value[4] ? " (ahead)" : ""}<br>${new Date(p.value[1]).toLocaleTimeString()}` },
    xAxis: { type: "time", axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", data: names, axisLabel: { fontSize: 11 } },
    series: [{
      type: "custom",
      renderItem: (params, api) => {
        const y = api.value(0);
        const start = api.coord([api.value(1), y]);
        const end = api.coord([api.value(2), y]);
        const height = api.size([0, 1])[1] * 0.6;
        return { type: "rect", shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 4), height }, style: api.style() };
      },
      encode: { x: [1, 2], y: 0 },
      data,
    }],
  }, true);
}

async function refresh() {
  try {
    const [models, queues, pool] = await Promise.all([
      api("/admin/api/models"),
      api("/admin/api/pool/queues"),
      api("/admin/api/pool/stats"),
    ]);
    // the table is rebuilt: keep the keyboard focus on the same button
    const focused = document.activeElement;
    const keep = tbody.contains(focused) && focused.dataset.action ? [focused.dataset.action, focused.dataset.model] : null;
    fill(tbody, models.map((m) => row(m, queues)));
    if (keep) {
      const again = tbody.querySelector(`button[data-action="${keep[0]}"][data-model="${CSS.escape(keep[1])}"]`);
      if (again) again.focus();
    }
    const resident = models.filter((m) => m.resident).length;
    fill(document.getElementById("summary"),
      card("Models", models.length, "sum-models"),
      card("Resident", `${resident}`, "sum-resident"),
      card("Memory budget", fmt.bytes(pool.memoryBudgetBytes), "sum-budget"),
      card("Loads", pool.loads, "sum-loads"),
      card("Loads saved by batching", pool.loadsSaved, "sum-saved"),
    );
    const waiting = Object.entries(queues.queues || {}).filter(([, q]) => q.waiting + q.inFlight > 0);
    fill(document.getElementById("live-state"),
      h("strong", {}, queues.serving ? `Serving ${queues.serving}` : "Idle"),
      (queues.loading || []).length ? ` · loading ${queues.loading.join(", ")}` : "",
      waiting.length ? ` · queued: ${waiting.map(([id, q]) => `${id} ${q.waiting} waiting, ${q.inFlight} in flight`).join("; ")}` : " · no queued work",
    );
    document.getElementById("live-updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
    drawTimeline(queues, models);
  } catch (e) {
    say(status, e.message, true);
  }
}

document.getElementById("add-model").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const addStatus = document.getElementById("add-status");
  const backend = form.backend.value;
  const locator = form.path.value.trim();
  const body = {
    id: form.id.value.trim(),
    backend,
    contextSize: Number(form.contextSize.value) || undefined,
    parallelSlots: Number(form.parallelSlots.value) || undefined,
    tags: form.tags.value.split(",").map((t) => t.trim()).filter(Boolean),
    pinned: form.pinned.checked,
  };
  if (backend === "llama-cpp") body.path = locator;
  else {
    body.baseUrl = locator;
    body.remoteName = form.remoteName.value.trim();
  }
  try {
    const added = await api("/admin/api/models", { method: "POST", body });
    say(addStatus, `${added.id} added.`);
    form.reset();
  } catch (e) {
    say(addStatus, e.message, true);
  }
  refresh();
});

window.addEventListener("resize", () => chart && chart.resize());
await initPage("models");
await refresh();
setInterval(refresh, 2000);
