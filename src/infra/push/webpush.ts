import webpush from "web-push";
import { assertPublicHost, BlockedAddressError } from "../../shared/ssrf.js";
import type { PushSender, PushSubscription, VapidKeys } from "./index.js";

/**
 * Web Push via the `web-push` library's encryption and VAPID signing, sent with fetch:
 * the library's own sender speaks only https, and fetch gives a timeout per request (a push
 * service that hangs must not hold a worker's batch).
 */
export function createWebPushSender(
  vapid: () => Promise<VapidKeys>,
  opts: { timeoutMs?: number; allowPrivate?: boolean } = {},
): PushSender {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    async send(sub: PushSubscription, payload: string, ttlSeconds: number) {
      try {
        await assertPublicHost(sub.endpoint, opts.allowPrivate ?? false);
      } catch (err) {
        // An endpoint that leads into our own network is no push service: answered as one
        // that has forgotten the subscription (410), so it is deleted.
        if (err instanceof BlockedAddressError) return 410;
        throw err;
      }
      const keys = await vapid();
      const details = webpush.generateRequestDetails(sub, payload, {
        TTL: ttlSeconds,
        vapidDetails: { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
      });
      const res = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: details.body ? new Uint8Array(details.body as Buffer) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => {});
      return res.status;
    },
  };
}

/** A fresh VAPID key pair (P-256), base64url as browsers take the public key. */
export const generateVapidKeys = () => webpush.generateVAPIDKeys();
