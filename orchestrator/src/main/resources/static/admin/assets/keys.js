// API keys page: the query API's keys (list, create — shown once —, revoke), on the admin API
// GET/POST /admin/api/keys and DELETE /admin/api/keys/{id}.
import { api, fill, fmt, h, initPage, say } from "./common.js";

const status = document.getElementById("keys-status");
const tbody = document.querySelector("#keys tbody");
let armed = null;

async function load() {
  let keys;
  try {
    keys = await api("/admin/api/keys");
  } catch (e) {
    if (e.status === 404 || e.status === 405) {
      document.getElementById("keys-unavailable").hidden = false;
      document.getElementById("create-panel").hidden = true;
      fill(tbody, h("tr", {}, h("td", { colspan: 6 }, "No API keys on this service.")));
      return;
    }
    throw e;
  }
  fill(tbody, keys.length ? keys.map((k) => h("tr", { "data-key": k.id },
    h("th", { scope: "row" }, k.name),
    h("td", { class: "mono" }, `${k.prefix}…`),
    h("td", {}, fmt.time(k.createdAt)),
    h("td", {}, k.lastUsedAt ? fmt.time(k.lastUsedAt) : "never"),
    h("td", {}, k.revokedAt ? h("span", { class: "badge bad" }, `revoked ${fmt.time(k.revokedAt)}`) : h("span", { class: "badge ok" }, "active")),
    h("td", {}, k.revokedAt ? "" : h("button", {
      type: "button", class: "small danger", "data-action": "revoke",
      onclick: async () => {
        if (armed !== k.id) {
          armed = k.id;
          say(status, `Choose “Confirm revoke” to revoke ${k.name}: clients using it are refused at once.`);
          await load();
          return;
        }
        armed = null;
        try {
          await api(`/admin/api/keys/${encodeURIComponent(k.id)}`, { method: "DELETE" });
          say(status, `${k.name} revoked.`);
        } catch (e) {
          say(status, e.message, true);
        }
        await load();
      },
    }, armed === k.id ? "Confirm revoke" : "Revoke")),
  )) : h("tr", {}, h("td", { colspan: 6 }, "No keys yet.")));
}

document.getElementById("create-key").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = event.target.name.value.trim();
  try {
    const created = await api("/admin/api/keys", { method: "POST", body: { name } });
    const box = document.getElementById("new-key");
    box.hidden = false;
    const value = document.getElementById("new-key-value");
    value.value = created.key ?? ""; // the contract: the new key, once, as "key"
    value.focus();
    value.select();
    say(status, `${name} created.`);
    event.target.reset();
  } catch (e) {
    say(status, e.message, true);
  }
  await load();
});

await initPage("keys");
await load();
