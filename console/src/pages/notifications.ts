// Notifications: the inbox, marking one read, and the unread badge kept live by the stream.
import type { notifications } from "../../../generated/ts/index";
import { h, page, replace } from "../dom";
import { ok } from "../problem";
import { api } from "../session";
import { onLive, onLiveConnected } from "../stream";
import { busy, errorBox } from "../ui";

const UNREAD_PAGE = 100;

/** The number of unread notifications (up to a page of them) into `badge`. */
let counting = 0;
export async function refreshUnread(badge: HTMLElement): Promise<void> {
  const mine = ++counting;
  const unread = ok(await api.notifications.GET("/notifications/inbox", { params: { query: { unread: true, limit: UNREAD_PAGE } } })).items;
  if (mine === counting) showUnread(badge, unread.length); // an older count answering late is not shown
}

function showUnread(badge: HTMLElement, count: number): void {
  badge.textContent = count >= UNREAD_PAGE ? `${UNREAD_PAGE}+` : String(count);
  badge.dataset.count = String(count);
  badge.hidden = count === 0;
  badge.setAttribute("aria-label", `${count} unread notifications`);
}

function item(notice: notifications.Notification, errors: ReturnType<typeof errorBox>, changed: () => Promise<void>): HTMLElement {
  const read = notice.read_at !== null;
  const mark = h("button", { type: "button", "data-testid": "mark-read", "aria-label": `Mark "${notice.title}" read` }, "Mark read");
  mark.addEventListener("click", () => void busy(mark, errors, async () => {
    ok(await api.notifications.POST("/notifications/inbox/{notification_id}/read", { params: { path: { notification_id: notice.id } } }));
    await changed();
  }));
  return h("li", { class: read ? "notice read" : "notice unread", "data-testid": "notification", "data-kind": notice.kind, "data-read": read ? "true" : "false" },
    h("p", { class: "title" }, h("strong", {}, notice.title), " ", h("time", { datetime: notice.created_at }, new Date(notice.created_at).toLocaleString())),
    notice.body ? h("p", {}, notice.body) : null,
    read ? null : mark);
}

export async function renderNotifications(outlet: HTMLElement, badge: HTMLElement): Promise<void> {
  const errors = errorBox();
  const list = h("ul", { class: "inbox", "data-testid": "inbox" });
  const refresh = async (): Promise<void> => {
    const items = ok(await api.notifications.GET("/notifications/inbox", { params: { query: { limit: 50 } } })).items;
    replace(list, ...(items.length ? items.map((notice) => item(notice, errors, changed)) : [h("li", {}, "Nothing yet.")]));
  };
  const changed = async (): Promise<void> => {
    await Promise.all([refresh(), refreshUnread(badge)]);
  };
  const stop = onLive((event) => {
    if (!outlet.isConnected) return stop();
    if (event.event === "notification") void refresh().catch((error: unknown) => errors.show(error));
  });
  replace(outlet, page("Notifications", "notifications-page", errors.element, list));
  await refresh();
}

/** Keep `badge` current: counted again when the stream connects and whenever it brings a notification. */
export function liveBadge(badge: HTMLElement): void {
  // Counted by the server, not incremented here: a notice made while connecting is neither missed nor counted twice.
  const recount = (): void => void refreshUnread(badge).catch(() => undefined); // a hint; the inbox page shows errors
  onLiveConnected(recount);
  onLive((event) => {
    if (event.event === "notification") recount();
  });
}
