/**
 * Web Push (RFC 8030 + VAPID, RFC 8292): a message to a browser's push service, encrypted
 * for the subscription's keys (RFC 8291). The push service answers 201; 404 or 410 means the
 * subscription is gone for good and its owner removes it.
 */
export interface PushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** mailto: or https: contact the push service may use. */
  subject: string;
}

export interface PushSender {
  /** The push service's HTTP status (2xx delivered, 404/410 gone); throws when unreachable. */
  send(sub: PushSubscription, payload: string, ttlSeconds: number): Promise<number>;
}
