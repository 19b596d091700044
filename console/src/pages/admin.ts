// Admin pages (admins only): dashboard, users, audit log, dead letters.
import type { admin } from "../../../generated/ts/index";
import { barList } from "../charts";
import { field, h, page, replace, table } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { busy, errorBox, statusLine } from "../ui";

export function adminNav(): HTMLElement {
  return h("nav", { "aria-label": "Admin", class: "subnav" },
    h("a", { href: "#/admin" }, "Dashboard"), h("a", { href: "#/admin/users" }, "Users"),
    h("a", { href: "#/admin/audit" }, "Audit log"), h("a", { href: "#/admin/dead-letters" }, "Dead letters"));
}

const DASHBOARD_REFRESH_MS = 5000;

function dashboardBody(board: admin.Dashboard): HTMLElement {
  const queues = board.plugins.flatMap((p) => p.jobs.map((job) => [p.plugin, job.kind, job.queued, job.running]));
  return h("div", { "data-testid": "dashboard-body", "data-generated-at": board.generated_at },
    h("p", { "data-testid": "platform-health", class: board.healthy ? "ok" : "bad" },
      board.healthy ? "All plugins healthy" : "Some plugins are unhealthy",
      ` - ${board.dead_letters} dead letters, ${board.dead_deliveries ?? "?"} dead deliveries, last ${board.window_seconds}s`),
    table("plugin-table", ["Plugin", "Health", "Instances", "Requests/min", "Errors/min", "Requests", "Dead letters"],
      board.plugins.map((p) => [p.plugin, p.healthy ? "ok" : "down", p.instances, p.requests_per_minute.toFixed(1),
        p.errors_per_minute.toFixed(1), p.requests, p.dead_letters])),
    h("h2", {}, "Request rate"),
    barList("requests-chart", "Requests per minute by plugin", board.plugins.map((p) => ({ label: p.plugin, value: p.requests_per_minute }))),
    h("h2", {}, "Queue depths"),
    queues.length ? table("queue-table", ["Plugin", "Job", "Queued", "Running"], queues) : h("p", {}, "No job queues."));
}

export async function renderDashboard(outlet: HTMLElement): Promise<void> {
  const errors = errorBox();
  const body = h("div", {}, dashboardBody(ok(await api.admin.GET("/admin/dashboard"))));
  const view = page("Admin dashboard", "admin-dashboard", adminNav(), errors.element, body);
  replace(outlet, view);
  // Kept current while shown: the figures are rates over a moving window.
  const tick = async (): Promise<void> => {
    if (!view.isConnected) return;
    try {
      replace(body, dashboardBody(ok(await api.admin.GET("/admin/dashboard"))));
      errors.clear();
    } catch (error) {
      errors.show(error);
    }
    setTimeout(() => void tick(), DASHBOARD_REFRESH_MS);
  };
  setTimeout(() => void tick(), DASHBOARD_REFRESH_MS);
}

function userRow(user: admin.AdminUser, errors: ReturnType<typeof errorBox>, refresh: () => Promise<void>): (string | HTMLElement)[] {
  const toggle = h("button", { type: "button", "data-testid": user.disabled ? "enable" : "disable" }, user.disabled ? "Enable" : "Disable");
  toggle.addEventListener("click", () => void busy(toggle, errors, async () => {
    const params = { params: { path: { user_id: user.id } } };
    ok(user.disabled ? await api.admin.POST("/admin/users/{user_id}/enable", params) : await api.admin.POST("/admin/users/{user_id}/disable", params));
    await refresh();
  }));
  const role = h("select", { "aria-label": `Role of ${user.email}`, "data-testid": "role" },
    h("option", { value: "user", selected: user.role === "user" }, "user"), h("option", { value: "admin", selected: user.role === "admin" }, "admin"));
  role.addEventListener("change", () => void (async () => {
    errors.clear();
    try {
      const chosen = role.value === "admin" ? "admin" : "user";
      ok(await api.admin.PUT("/admin/users/{user_id}/role", { params: { path: { user_id: user.id } }, body: { role: chosen } }));
      await refresh();
    } catch (error) {
      errors.show(error);
    }
  })());
  return [user.email, user.display_name, role, user.disabled ? "disabled" : "active", toggle];
}

export async function renderUsers(outlet: HTMLElement): Promise<void> {
  const query = h("input", { type: "search", name: "q", "data-testid": "user-search" });
  const submit = h("button", { type: "submit", "data-testid": "user-search-submit" }, "Search");
  const errors = errorBox();
  const list = h("div", { "data-testid": "user-list" });
  const refresh = async (): Promise<void> => {
    const q = query.value.trim();
    const users = ok(await api.admin.GET("/admin/users", { params: { query: q ? { q, limit: 50 } : { limit: 50 } } })).items;
    replace(list, table("users-table", ["Email", "Name", "Role", "State", ""], users.map((user) => userRow(user, errors, refresh))));
  };
  const form = h("form", { role: "search", "aria-label": "Search users", class: "row" }, field("Email or name", query), submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, refresh);
  });
  replace(outlet, page("Users", "admin-users", adminNav(), form, errors.element, list));
  await refresh();
}

export async function renderAudit(outlet: HTMLElement): Promise<void> {
  const action = h("input", { type: "text", name: "action", placeholder: "auth.login_succeeded", "data-testid": "audit-action" });
  const submit = h("button", { type: "submit" }, "Filter");
  const errors = errorBox();
  const list = h("div", { "data-testid": "audit-list" });
  const refresh = async (): Promise<void> => {
    const filter = action.value.trim();
    const entries = ok(await api.admin.GET("/admin/audit", { params: { query: filter ? { action: filter, limit: 100 } : { limit: 100 } } })).items;
    replace(list, table("audit-table", ["#", "When", "Action", "Actor", "Target"],
      entries.map((e) => [e.seq, new Date(e.at).toLocaleString(), e.action, e.actor ?? "system", e.target])));
  };
  const form = h("form", { "aria-label": "Filter the audit log", class: "row" }, field("Action", action), submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void busy(submit, errors, refresh);
  });
  replace(outlet, page("Audit log", "admin-audit", adminNav(), form, errors.element, list));
  await refresh();
}

export async function renderDeadLetters(outlet: HTMLElement): Promise<void> {
  const errors = errorBox();
  const done = statusLine("replay-status");
  const list = h("div", { "data-testid": "dead-letter-list" });
  const refresh = async (): Promise<void> => {
    const letters = ok(await api.admin.GET("/admin/dead-letters")).items;
    replace(list, letters.length === 0 ? h("p", { "data-testid": "no-dead-letters" }, "No dead letters.") : table("dead-letter-table",
      ["Plugin", "Event", "Kind", "Attempts", "Last error", ""],
      letters.map((letter) => {
        const replay = h("button", { type: "button", "data-testid": "replay", "data-letter-id": letter.id, disabled: letter.replay_requested },
          letter.replay_requested ? "Replay requested" : "Replay");
        replay.addEventListener("click", () => void busy(replay, errors, async () => {
          ok(await api.admin.POST("/admin/dead-letters/{dead_letter_id}/replay", { params: { path: { dead_letter_id: letter.id } } }));
          done.textContent = `Replay of ${letter.event} requested.`;
          await refresh();
        }));
        return [letter.plugin, letter.event, letter.kind, letter.attempts, letter.last_error, replay];
      })));
  };
  replace(outlet, page("Dead letters", "admin-dead-letters", adminNav(), errors.element, done, list));
  await refresh();
}
