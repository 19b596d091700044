// The console: a header with the navigation and the unread badge, and the page the hash names.
import { h, page, replace } from "./dom";
import { renderAudit, renderDashboard, renderDeadLetters, renderUsers } from "./pages/admin";
import { renderAnalytics } from "./pages/analytics";
import { renderSignIn, renderSignUp } from "./pages/auth";
import { renderFiles } from "./pages/files";
import { renderGuidance } from "./pages/guidance";
import { liveBadge, renderNotifications } from "./pages/notifications";
import { renderSimulations } from "./pages/simulations";
import { renderTransactions } from "./pages/transactions";
import { problemOf } from "./problem";
import { current, go, type Route } from "./router";
import { currentUser, onSessionChange, restore, signOut } from "./session";
import { startLive, stopLive } from "./stream";

const badge = h("span", { class: "badge", "data-testid": "unread-badge", hidden: true, "data-count": "0" });
const outlet = h("main", { id: "main", tabindex: -1 });
const nav = h("nav", { "aria-label": "Main" });

const routes: Route[] = [
  { path: "sign-in", title: "Sign in", render: renderSignIn, access: "anyone", nav: false },
  { path: "sign-up", title: "Sign up", render: renderSignUp, access: "anyone", nav: false },
  { path: "files", title: "Files", render: renderFiles, access: "signed-in", nav: true },
  { path: "transactions", title: "Transactions", render: renderTransactions, access: "signed-in", nav: true },
  { path: "simulations", title: "Simulations", render: renderSimulations, access: "signed-in", nav: true },
  { path: "analytics", title: "Analytics", render: renderAnalytics, access: "signed-in", nav: true },
  { path: "guidance", title: "Guidance", render: renderGuidance, access: "signed-in", nav: true },
  { path: "notifications", title: "Notifications", render: (o) => renderNotifications(o, badge), access: "signed-in", nav: true },
  { path: "admin", title: "Admin", render: renderDashboard, access: "admin", nav: true },
  { path: "admin/users", title: "Users", render: renderUsers, access: "admin", nav: false },
  { path: "admin/audit", title: "Audit log", render: renderAudit, access: "admin", nav: false },
  { path: "admin/dead-letters", title: "Dead letters", render: renderDeadLetters, access: "admin", nav: false },
];

function allowed(route: Route): boolean {
  const user = currentUser();
  if (route.access === "anyone") return true;
  return user !== null && (route.access === "signed-in" || user.role === "admin");
}

function renderNav(): void {
  const user = currentUser();
  if (user === null) {
    replace(nav, h("a", { href: "#/sign-in" }, "Sign in"), h("a", { href: "#/sign-up" }, "Sign up"));
    return;
  }
  const out = h("button", { type: "button", "data-testid": "sign-out" }, "Sign out");
  out.addEventListener("click", () => void signOut().then(() => go("sign-in")));
  replace(nav,
    ...routes.filter((r) => r.nav && allowed(r)).map((r) =>
      h("a", { href: `#/${r.path}`, "data-testid": `nav-${r.path}` }, r.title, r.path === "notifications" ? badge : null)),
    h("span", { class: "who", "data-testid": "who" }, user.email),
    out);
}

let rendering = 0;
async function show(): Promise<void> {
  const route = current(routes);
  const mine = ++rendering;
  document.title = `${route.title} - Turnout`;
  if (currentUser() === null && route.access !== "anyone") return go("sign-in");
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === `#/${route.path}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (!allowed(route)) {
    replace(outlet, page("Not allowed", "forbidden", h("p", {}, "This page is for administrators.")));
    return;
  }
  outlet.setAttribute("aria-busy", "true");
  try {
    await route.render(outlet);
  } catch (error) {
    if (mine !== rendering) return;
    const problem = problemOf(error);
    replace(outlet, page(route.title, "page-error", h("div", { class: "error", role: "alert", "data-testid": "error" },
      h("strong", {}, `${problem.status ?? ""} ${problem.title ?? "Error"}`), problem.detail ? h("p", {}, problem.detail) : null)));
  } finally {
    if (mine === rendering) outlet.removeAttribute("aria-busy");
  }
}

onSessionChange(() => {
  renderNav();
  if (currentUser() === null) {
    stopLive();
    return;
  }
  startLive(); // the badge is counted once the stream is connected
});

async function boot(): Promise<void> {
  const root = document.getElementById("app");
  if (root === null) return;
  replace(root, h("header", {}, h("a", { href: "#/files", class: "brand" }, "Turnout"), nav), outlet);
  liveBadge(badge);
  renderNav();
  await restore();
  window.addEventListener("hashchange", () => void show());
  await show();
}

void boot();
