// Shared by every admin page: the header and sign-out form, the admin API client (session cookie,
// CSRF header, problem bodies as errors), a tiny element builder and formatters.

const PAGES = [
  ["models", "Models"],
  ["profiles", "Skill profiles"],
  ["routing", "Routing explainer"],
  ["queries", "Query log"],
  ["keys", "API keys"],
];

let csrf = null;

/** Builds an element: h("a", {href: "/x", class: "y"}, "text", child…). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "style" && typeof value === "object") {
      Object.assign(el.style, value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the children of {@code el}. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Calls the admin API (or /v1) as the signed-in user; a problem body becomes an Error with its detail. */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", ...headers },
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (method !== "GET" && csrf) {
    init.headers[csrf.headerName] = csrf.token;
  }
  const response = await fetch(path, init);
  if (response.status === 401 && path.startsWith("/admin/")) {
    window.location.assign("/admin/login");
    throw new Error("signed out");
  }
  if (response.status === 204) return null;
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((data && (data.detail || data.title)) || `HTTP ${response.status}`);
    error.problem = data;
    error.status = response.status;
    throw error;
  }
  return data;
}

/** Renders the header (brand, navigation, user, sign-out) and loads the session; resolves to it. */
export async function initPage(current) {
  const header = document.getElementById("top");
  const logout = h(
    "form",
    { method: "post", action: "/admin/logout" },
    h("input", { type: "hidden", name: "_csrf", id: "logout-csrf" }),
    h("button", { type: "submit", id: "logout" }, "Sign out"),
  );
  const user = h("span", { id: "user" }, "");
  fill(
    header,
    h("a", { class: "brand", href: "/admin/models" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "Σ"), "Symposium admin"),
    h(
      "nav",
      { "aria-label": "Admin pages" },
      h(
        "ul",
        {},
        PAGES.map(([id, label]) =>
          h("li", {}, h("a", { href: `/admin/${id}`, "aria-current": id === current ? "page" : null }, label)),
        ),
      ),
    ),
    h("div", { class: "session" }, user, logout),
  );
  const session = await api("/admin/session");
  csrf = session.csrf || null;
  user.textContent = `Signed in as ${session.username}`;
  if (csrf) {
    const input = document.getElementById("logout-csrf");
    input.name = csrf.parameterName;
    input.value = csrf.token;
  }
  return session;
}

export const fmt = {
  bytes(n) {
    if (n === null || n === undefined) return "–";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
  },
  ms(n) {
    if (n === null || n === undefined) return "–";
    if (n < 1000) return `${Math.round(n)} ms`;
    return `${(n / 1000).toFixed(n < 10000 ? 2 : 1)} s`;
  },
  num(n, digits = 2) {
    if (n === null || n === undefined) return "–";
    return Number(n).toFixed(digits);
  },
  pct(x) {
    if (x === null || x === undefined) return "–";
    return `${(x * 100).toFixed(1)} %`;
  },
  time(iso) {
    if (!iso) return "–";
    const d = new Date(iso);
    return d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
  },
};

/** A status badge: answered → ok, failed → bad, … */
export function statusBadge(status) {
  const s = String(status || "").toUpperCase();
  const kind = { ANSWERED: "ok", SUCCEEDED: "ok", FAILED: "bad", CANCELLED: "warn", INTERRUPTED: "warn", RECEIVED: "info", RUNNING: "info" }[s] || "";
  return h("span", { class: `badge ${kind}` }, s.toLowerCase());
}

/** Shows an error (or clears it) in a live region. */
export function say(el, message, isError = false) {
  el.classList.toggle("error-text", isError);
  el.textContent = message || "";
}

/** A horizontal bar for a value in [0, 1], with its text. */
export function barCell(fraction, text) {
  const width = Math.max(0, Math.min(1, fraction || 0)) * 100;
  return h(
    "div",
    { class: "bar-cell" },
    h("div", { class: "bar-track", "aria-hidden": "true" }, h("div", { class: "bar", style: { width: `${width}%`, display: "block" } })),
    h("span", { class: "mono" }, text),
  );
}
