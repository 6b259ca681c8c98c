import { api, qs } from "./api.ts";
import { dropTitle } from "./cache.ts";
import { isDirect, onPush, pushState } from "./push.ts";
import { session } from "./session.ts";
import { createStore } from "./store.ts";
import { showToast } from "./toasts.ts";
import type { EventBody, EventType, Notification, Page } from "./types.ts";

/** Unread inbox items of the signed-in user (the bell). */
export const unread = createStore(0);

/** What an event means for a person, and where it leads. */
export async function describe(e: EventBody): Promise<{ title: string; body?: string; href: string }> {
  if (isDirect(e)) {
    const { message, title } = e.data;
    const text = typeof message === "string" ? message : typeof title === "string" ? title : "";
    return { title: text || e.type.replace(/[._]/g, " "), href: "/notifications" };
  }
  const title = await dropTitle(e.data.dropId);
  const drop = `/drops/${e.data.dropId}`;
  switch (e.type) {
    case "drop.started":
      return { title: `${title} is live now`, body: "The drop just started. Grab yours.", href: drop };
    case "drop.scheduled":
      return { title: `New drop scheduled: ${title}`, href: drop };
    case "drop.ending_soon":
      return { title: `${title} ends soon`, href: drop };
    case "drop.ended":
      return { title: `${title} has ended`, href: drop };
    case "drop.cancelled":
      return { title: `${title} was cancelled`, href: drop };
    case "drop.sold_out":
      return { title: `${title} sold out`, href: drop };
    case "drop.reminder":
      return { title: `${title} starts soon`, body: "You asked to be reminded.", href: drop };
    case "stock.low":
      return { title: `${title} is almost gone`, href: drop };
    case "stock.changed":
      return { title: `${title}: stock changed`, href: drop };
    case "order.confirmed":
      return {
        title: "Order confirmed",
        body: `${title}: payment received.`,
        href: `/orders/${e.data.orderId}`,
      };
    case "order.failed":
      return {
        title: "Payment failed",
        body: `${title}: the order was not placed.`,
        href: `/orders/${e.data.orderId}`,
      };
    case "order.expired":
      return {
        title: "Reservation expired",
        body: `${title}: the order was not paid in time.`,
        href: `/orders/${e.data.orderId}`,
      };
    case "order.cancelled":
      return {
        title: e.data.status === "refunded" ? "Order cancelled and refunded" : "Order cancelled",
        body: title,
        href: `/orders/${e.data.orderId}`,
      };
    case "order.fulfilled":
      return {
        title: "Order shipped",
        body: `${title}: ${e.data.carrier} ${e.data.trackingNumber}`,
        href: `/orders/${e.data.orderId}`,
      };
    case "order.refunded":
      return {
        title: "Order refunded",
        body: `${title}: the creator refunded it.`,
        href: `/orders/${e.data.orderId}`,
      };
    case "raffle.won":
      return {
        title: `You won the raffle for ${title}`,
        body: e.data.claimExpiresAt
          ? `Order before ${new Date(e.data.claimExpiresAt).toLocaleString()}.`
          : undefined,
        href: drop,
      };
    case "raffle.lost":
      return { title: `Raffle for ${title}: not drawn this time`, href: drop };
    default:
      return unknownEvent(e);
  }
}

/** A new catalogue event type fails the type check here until it is described above. */
function unknownEvent(e: never): never {
  throw new Error(`no description for ${JSON.stringify(e)}`);
}

// A failed payment is already explained where it happened; these arrive when the person may be elsewhere.
const TOAST: ReadonlySet<string> = new Set<EventType>([
  "drop.started",
  "drop.reminder",
  "raffle.won",
  "order.confirmed",
  "order.expired",
  "order.fulfilled",
  "order.refunded",
]);
const toasted = new Set<string>();

async function toastFor(eventId: string, e: EventBody) {
  if (!TOAST.has(e.type) || toasted.has(eventId)) return;
  toasted.add(eventId);
  const d = await describe(e);
  showToast({
    id: eventId,
    ...d,
    tone:
      e.type === "order.confirmed" || e.type === "order.fulfilled"
        ? "success"
        : e.type.startsWith("order.")
          ? "error"
          : "info",
  });
}

export async function refreshUnread(): Promise<void> {
  const s = session.get();
  if (!s) return unread.set(0);
  try {
    const r = await api<{ unread?: number; count?: number }>(
      `/api/users/${s.user.id}/notifications/unread-count`,
    );
    unread.set(r.unread ?? r.count ?? 0);
  } catch {
    // Older servers: count the first page of unread items.
    try {
      const page = await api<Page<Notification>>(
        `/api/users/${s.user.id}/notifications${qs({ unread: true, limit: 100 })}`,
      );
      unread.set(page.items.length);
    } catch {
      /* the bell keeps its last count */
    }
  }
}

/** Without a live socket, new unread inbox items become toasts (the polling fallback). */
async function pollInbox(first: boolean): Promise<void> {
  const s = session.get();
  if (!s) return;
  try {
    const page = await api<Page<Notification>>(
      `/api/users/${s.user.id}/notifications${qs({ unread: true, limit: 20 })}`,
    );
    for (const n of page.items) {
      const id = n.eventId ?? n.id;
      if (first) toasted.add(id);
      else void toastFor(id, n);
    }
  } catch {
    /* try again on the next tick */
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Inbox rows are written just after the push goes out; count a moment later. */
const refreshSoon = () => {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refreshUnread(), 400);
};

export function startNotifications(): void {
  onPush((m) => {
    void toastFor(m.id, m);
    if (m.type !== "stock.changed" && m.type !== "stock.low") refreshSoon();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let user: string | undefined;
  const tick = async (first: boolean) => {
    clearTimeout(timer);
    if (!session.get()) return;
    if (first || pushState.get() !== "open") await pollInbox(first);
    await refreshUnread();
    timer = setTimeout(() => void tick(false), pushState.get() === "open" ? 30_000 : 3_000);
  };
  const onSession = () => {
    const id = session.get()?.user.id;
    if (id === user) return;
    user = id;
    unread.set(0);
    toasted.clear();
    void tick(true);
  };
  onSession();
  session.subscribe(onSession);
  // Catch up on what arrived while the socket was down.
  pushState.subscribe((st) => {
    if (st === "open") refreshSoon();
  });
}
