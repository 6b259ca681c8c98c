import { session, signOut } from "./session.ts";
import { createStore } from "./store.ts";
import type { EventBody, PushMessage } from "./types.ts";

export type PushState = "off" | "connecting" | "open" | "closed";

/** Whether the real-time connection is up; views poll faster while it is not. */
export const pushState = createStore<PushState>("off");

type Listener = (m: PushMessage) => void;

/** A direct notification (its sender names the type) carries `recipientId`; no catalogue event does. */
export const isDirect = <E extends EventBody>(e: E): e is Extract<E, { data: { recipientId: string } }> =>
  "recipientId" in e.data;
const listeners = new Set<Listener>();
/** Drop channels wanted by the views on screen, with a count of views per drop. */
const dropRefs = new Map<string, number>();
const seen = new Set<string>();

let socket: WebSocket | null = null;
let token: string | null = null;
let lastEventId: string | undefined;
let retry = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Every event from /push, once each (ids are remembered across reconnects). */
export function onPush(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const send = (msg: unknown) => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
};

/** Receive a drop's `stock.changed` while the returned function is not called. */
export function watchDrop(dropId: string): () => void {
  const n = dropRefs.get(dropId) ?? 0;
  dropRefs.set(dropId, n + 1);
  if (n === 0) send({ type: "subscribe", channel: `drop:${dropId}` });
  return () => {
    const left = (dropRefs.get(dropId) ?? 1) - 1;
    if (left > 0) return void dropRefs.set(dropId, left);
    dropRefs.delete(dropId);
    send({ type: "unsubscribe", channel: `drop:${dropId}` });
  };
}

/**
 * Hear a creator's drop events at once after following them on this page (the server
 * joins followed creators' channels only when a connection opens).
 */
export function listenToCreator(creatorId: string, on: boolean): void {
  send({ type: on ? "subscribe" : "unsubscribe", channel: `creator:${creatorId}` });
}

function deliver(m: PushMessage) {
  if (seen.has(m.id)) return;
  seen.add(m.id);
  if (seen.size > 2_000) seen.delete(seen.values().next().value as string);
  lastEventId = m.id;
  for (const fn of [...listeners]) {
    try {
      fn(m);
    } catch (err) {
      console.error("push listener failed", err);
    }
  }
}

function connect() {
  clearTimeout(retryTimer);
  if (!token) return;
  const url = new URL("/push", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", token);
  if (lastEventId) url.searchParams.set("lastEventId", lastEventId);
  const drops = [...dropRefs.keys()].map((id) => `drop:${id}`);
  if (drops.length) url.searchParams.set("subscribe", drops.join(","));
  pushState.set("connecting");
  const ws = new WebSocket(url);
  socket = ws;
  ws.onmessage = (ev) => {
    let msg: Partial<PushMessage> & { error?: unknown };
    try {
      msg = JSON.parse(String(ev.data));
    } catch {
      return;
    }
    if (msg.type === "welcome") {
      retry = 0;
      pushState.set("open");
      // Views that started watching while the socket was opening.
      for (const id of dropRefs.keys())
        if (!drops.includes(`drop:${id}`)) send({ type: "subscribe", channel: `drop:${id}` });
      return;
    }
    if (typeof msg.id === "string" && typeof msg.type === "string" && msg.createdAt) {
      // The server pairs each type with its declared payload; JSON cannot say so.
      deliver({ id: msg.id, type: msg.type, createdAt: msg.createdAt, data: msg.data ?? {} } as PushMessage);
    }
  };
  ws.onclose = (ev) => {
    if (socket !== ws) return;
    socket = null;
    if (!token) return pushState.set("off");
    // 4401: the account was deleted or this token revoked (the password changed elsewhere):
    // reconnecting cannot help, sign out so the user signs in again.
    if (ev.code === 4401) {
      pushState.set("off");
      return signOut();
    }
    pushState.set("closed");
    // Back off (0.5 s doubling to 15 s, with jitter) and resume from the last event id.
    const delay = Math.min(15_000, 500 * 2 ** retry) * (0.75 + Math.random() * 0.5);
    retry = Math.min(retry + 1, 6);
    retryTimer = setTimeout(connect, delay);
  };
}

function stop() {
  clearTimeout(retryTimer);
  const ws = socket;
  socket = null;
  lastEventId = undefined;
  if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, "signed out");
  pushState.set("off");
}

/** Keep one socket per signed-in user; reconnect by itself; close on sign-out. */
export function startPush(): void {
  const apply = () => {
    const next = session.get()?.token ?? null;
    if (next === token) return;
    stop();
    token = next;
    if (token) connect();
  };
  apply();
  session.subscribe(apply);
  // Reconnect at once when the tab comes back or the network returns.
  const wake = () => {
    if (token && !socket) connect();
  };
  window.addEventListener("online", wake);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") wake();
  });
}
