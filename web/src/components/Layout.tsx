import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { unread } from "../notifications.ts";
import { pushState } from "../push.ts";
import { location, navigate } from "../router.ts";
import { session, signOut } from "../session.ts";
import { useStore } from "../store.ts";
import { dismissToast, toasts } from "../toasts.ts";
import { Search } from "./Search.tsx";

function Bell() {
  const count = useStore(unread);
  const live = useStore(pushState);
  const label = `Notifications${count ? `, ${count} unread` : ""}`;
  return (
    <a
      href="/notifications"
      class="icon-btn bell"
      aria-label={label}
      data-push={live}
      title={live === "open" ? "Live updates on" : "Reconnecting…"}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"
        />
      </svg>
      {count > 0 ? (
        <span class="bell-count" data-testid="unread-count">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </a>
  );
}

function Account() {
  const s = useStore(session);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const loc = useStore(location);
  useEffect(() => setOpen(false), [loc.path]);
  useEffect(() => {
    const close = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    // Escape closes the menu from anywhere in it and gives focus back to its button.
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || !ref.current?.contains(document.activeElement)) return;
      setOpen(false);
      ref.current.querySelector<HTMLButtonElement>(".avatar")?.focus();
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", onEscape);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", onEscape);
    };
  }, []);
  if (!s) {
    const next = encodeURIComponent(loc.path + loc.search);
    return (
      <div class="account">
        <a class="btn btn-ghost btn-small" href={`/login?next=${next}`}>
          Log in
        </a>
        <a class="btn btn-primary btn-small" href={`/signup?next=${next}`}>
          Sign up
        </a>
      </div>
    );
  }
  const initial = s.user.name.trim()[0]?.toUpperCase() ?? "?";
  return (
    <div class="account" ref={ref}>
      <button
        type="button"
        class="avatar"
        aria-expanded={open}
        aria-controls="account-menu"
        aria-label={`Account menu for ${s.user.name}`}
        onClick={() => setOpen(!open)}
      >
        {initial}
      </button>
      {open ? (
        <div class="menu" id="account-menu">
          <p class="menu-head">
            <strong>{s.user.name}</strong>
            <span class="muted small">{s.user.email}</span>
          </p>
          <a href="/orders">My orders</a>
          <a href="/notifications">Notifications</a>
          <a href="/settings/notifications">Notification settings</a>
          <a href="/dashboard">{s.user.isCreator ? "Creator dashboard" : "Become a creator"}</a>
          <button
            type="button"
            onClick={() => {
              signOut();
              navigate("/");
            }}
          >
            Log out
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Toasts() {
  const list = useStore(toasts);
  return (
    <section class="toasts" aria-live="polite" aria-label="Notifications">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.tone}`} role="status" data-testid="toast">
          <div class="toast-text">
            {t.href ? (
              <a href={t.href} onClick={() => dismissToast(t.id)}>
                <strong>{t.title}</strong>
              </a>
            ) : (
              <strong>{t.title}</strong>
            )}
            {t.body ? <span>{t.body}</span> : null}
          </div>
          <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const s = useStore(session);
  const loc = useStore(location);
  const navLink = (href: string, label: string) => (
    <a
      href={href}
      aria-current={loc.path === href || (href !== "/" && loc.path.startsWith(href)) ? "page" : undefined}
    >
      {label}
    </a>
  );
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a href="/" class="logo" aria-label="LiveDrop home">
            <svg viewBox="0 0 64 64" width="28" height="28" aria-hidden="true">
              <rect width="64" height="64" rx="14" fill="#ff4d4f" />
              <path d="M32 12 18 36h12l-4 16 20-26H34l6-14z" fill="#fff" />
            </svg>
            <span>LiveDrop</span>
          </a>
          <Search />
          <nav class="mainnav" aria-label="Main">
            {navLink("/", "Drops")}
            {s ? navLink("/orders", "Orders") : null}
            {s ? navLink("/dashboard", "Dashboard") : null}
          </nav>
          <div class="topbar-actions">
            {s ? <Bell /> : null}
            <Account />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="footer">
        <p>
          LiveDrop · limited drops from the creators you follow · <a href="/docs">API docs</a>
        </p>
      </footer>
      <Toasts />
    </>
  );
}
