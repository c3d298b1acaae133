// Query log page: a page of recent queries (newest first), filtered by status.
import { api, fill, fmt, h, initPage, statusBadge } from "./common.js";

const state = { page: 0 };
const tbody = document.querySelector("#log tbody");
const info = document.getElementById("page-info");

function short(text, n = 110) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

async function load() {
  const size = Number(document.getElementById("size").value);
  const status = document.getElementById("status").value;
  const params = new URLSearchParams({ page: state.page, size });
  if (status) params.set("status", status);
  const data = await api(`/admin/api/queries?${params}`);
  fill(tbody, data.items.length ? data.items.map((q) => h("tr", { "data-query": q.id },
    h("td", {}, h("a", { href: `/admin/queries/${q.id}`, "aria-label": `Query of ${fmt.time(q.receivedAt)}: ${short(q.question, 60)}` }, fmt.time(q.receivedAt))),
    h("td", {}, statusBadge(q.status)),
    h("td", {}, short(q.question)),
    h("td", {}, q.strategy ?? "–"),
    h("td", { class: "mono" }, q.experts.length ? [...new Set(q.experts)].join(", ") : "–"),
    h("td", { class: "num" }, fmt.ms(q.latencyMillis)),
  )) : h("tr", {}, h("td", { colspan: 6 }, "No queries logged yet.")));
  const pages = Math.max(1, Math.ceil(data.total / size));
  info.textContent = `Page ${state.page + 1} of ${pages} · ${data.total} queries`;
  document.getElementById("prev").disabled = state.page === 0;
  document.getElementById("next").disabled = state.page + 1 >= pages;
}

document.getElementById("prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); load(); });
document.getElementById("next").addEventListener("click", () => { state.page += 1; load(); });
for (const id of ["status", "size"]) {
  document.getElementById(id).addEventListener("change", () => { state.page = 0; load(); });
}
document.getElementById("log-filter").addEventListener("submit", (e) => e.preventDefault());

await initPage("queries");
await load();
