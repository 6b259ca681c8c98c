import { api } from "./api.ts";
import { session } from "./session.ts";

const supported = () =>
  typeof window !== "undefined" &&
  "serviceWorker" in navigator &&
  "PushManager" in window &&
  "Notification" in window;

const fromBase64Url = (s: string) => {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
};

/**
 * Browser notifications for when no tab is open. Asked at a moment that explains itself
 * (right after a follow or a "remind me"), never on page load; a refusal is remembered by the browser, so it
 * is asked at most once. Quietly does nothing where Web Push is not available.
 */
export async function enableWebPush(): Promise<void> {
  const s = session.get();
  if (!s || !supported() || Notification.permission === "denied") return;
  try {
    const permission =
      Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
    if (permission !== "granted") return;
    const reg = await navigator.serviceWorker.register("/sw.js");
    await navigator.serviceWorker.ready;
    const { publicKey } = await api<{ publicKey: string }>("/api/push/vapid-key");
    const sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: fromBase64Url(publicKey),
      }));
    await api(`/api/users/${s.user.id}/push-subscriptions`, { method: "POST", body: sub.toJSON() });
  } catch {
    // Notifications are a nicety: the inbox and live updates work without them.
  }
}
