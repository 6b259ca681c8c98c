import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api.ts";
import { Empty, ErrorBox, Spinner } from "../components/ui.tsx";
import { timeAgo } from "../format.ts";
import { useApi, useDocumentTitle } from "../hooks.ts";
import { describe, refreshUnread, unread } from "../notifications.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { Notification, Page } from "../types.ts";

function Item({ n, onRead }: { n: Notification; onRead: (id: string) => void }) {
  const [d, setD] = useState<{ title: string; body?: string; href: string }>();
  useEffect(() => {
    describe(n).then(setD);
  }, [n.id]);
  const open = () => {
    if (!n.read) onRead(n.id);
  };
  return (
    <li class={`inbox-item ${n.read ? "" : "unread"}`} data-testid="inbox-item">
      <span class="dot" aria-hidden="true" />
      <a href={d?.href ?? "#"} onClick={open}>
        <strong>{d?.title ?? n.type}</strong>
        {d?.body ? <span class="muted">{d.body}</span> : null}
      </a>
      <time class="muted small" dateTime={n.createdAt}>
        {timeAgo(n.createdAt)}
      </time>
      {!n.read ? (
        <button type="button" class="btn btn-ghost btn-small" onClick={() => onRead(n.id)}>
          <span class="sr-only">{d?.title} — </span>Mark read
        </button>
      ) : (
        <span class="sr-only">Read</span>
      )}
    </li>
  );
}

export function NotificationsPage() {
  const s = useStore(session);
  const count = useStore(unread);
  useDocumentTitle("Notifications");
  const [onlyUnread, setOnlyUnread] = useState(false);
  const inbox = useApi<Page<Notification>>(
    s ? `/api/users/${s.user.id}/notifications${qs({ limit: 50, unread: onlyUnread || undefined })}` : null,
  );
  // New arrivals (the bell's count moved) refresh the list.
  useEffect(() => inbox.reload(), [count]);
  if (!s)
    return (
      <div class="page">
        <p>
          Log in to see your notifications. <a href="/login?next=/notifications">Log in</a>
        </p>
      </div>
    );
  const markRead = async (id: string) => {
    inbox.set((p) => p && { ...p, items: p.items.map((n) => (n.id === id ? { ...n, read: true } : n)) });
    await api(`/api/notifications/${id}/read`, { method: "PUT" }).catch(() => {});
    void refreshUnread();
  };
  const markAll = async () => {
    await api(`/api/users/${s.user.id}/notifications/read-all`, { method: "PUT" }).catch(() => {});
    inbox.reload();
    void refreshUnread();
  };
  const items = inbox.data?.items ?? [];
  return (
    <div class="page narrow-wide">
      <div class="section-head">
        <h1>Notifications</h1>
        <div class="actions">
          <label class="toggle">
            <input
              type="checkbox"
              checked={onlyUnread}
              onChange={(e) => setOnlyUnread((e.target as HTMLInputElement).checked)}
            />
            Unread only
          </label>
          {count > 0 ? (
            <button type="button" class="btn btn-small" onClick={markAll}>
              Mark all read
            </button>
          ) : null}
        </div>
      </div>
      {inbox.error && !inbox.data ? <ErrorBox error={inbox.error} retry={inbox.reload} /> : null}
      {inbox.loading && !inbox.data ? <Spinner /> : null}
      {inbox.data && items.length === 0 ? <Empty>You're all caught up.</Empty> : null}
      <ul class="inbox">
        {items.map((n) => (
          <Item key={n.id} n={n} onRead={markRead} />
        ))}
      </ul>
    </div>
  );
}
