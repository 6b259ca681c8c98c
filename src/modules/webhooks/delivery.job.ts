import { type Bus, type Subscription, subscribeTo } from "../../infra/bus/index.js";
import { ALL_EVENTS } from "../../infra/outbox/index.js";
import type { Clock } from "../../shared/clock.js";
import { isDirect, type OutboxEvent } from "../../shared/events.js";
import { newId } from "../../shared/ids.js";
import type { ClaimedDelivery } from "./deliveries.repository.js";
import { send } from "./sender.js";
import type { WebhookMetrics } from "./webhooks.metrics.js";
import { WEBHOOK_EVENTS } from "./webhooks.schemas.js";
import type { WebhookSettings, WebhooksService } from "./webhooks.service.js";

export interface DeliveryJobDeps {
  bus: Bus;
  clock: Clock;
  webhooks: WebhooksService;
  settings: WebhookSettings;
  metrics: WebhookMetrics;
  /** The creator of a drop (catalog facade), for events whose payload does not name one. */
  creatorOfDrop: (dropId: string) => Promise<string | undefined>;
  /** Tell an owner their endpoint was disabled (notifications facade: inbox and push). */
  notifyDisabled: (
    ownerId: string,
    payload: { webhookId: string; url: string; failingSince: string | null },
  ) => Promise<unknown>;
  /** Deliveries claimed per statement. */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

const webhookTypes: ReadonlySet<string> = new Set(WEBHOOK_EVENTS);
const MAX_DELAY_MS = 6 * 3_600_000;

/**
 * When a failed attempt is tried again: the base doubled per attempt (capped at 6 h), plus
 * up to 10% so endpoints recovering from an outage are not hit by every retry at once;
 * never after the window's end, and null (give up) once the window is over.
 */
export function nextAttempt(attempts: number, now: Date, windowStart: Date, s: WebhookSettings): Date | null {
  const end = windowStart.getTime() + s.failureWindowMs;
  if (now.getTime() >= end) return null;
  const delay = Math.min(MAX_DELAY_MS, s.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return new Date(Math.min(end, now.getTime() + delay + Math.floor(Math.random() * delay * 0.1)));
}

/**
 * The worker's share of webhooks, two jobs:
 * - `webhooks-enqueue`: a member of the `webhooks` bus group (durable on NATS) turns each
 *   published event of a creator's drops and orders into one delivery row per matching
 *   endpoint. It only writes rows, so it keeps pace with the relay and never waits on an
 *   endpoint.
 * - `webhooks-sender`: claims due deliveries in batches (skip-locked, leased), POSTs them
 *   concurrently with a short timeout, and records each outcome; also deletes old
 *   finished deliveries. Safe with several workers.
 */
export function createDeliveryJobs(deps: DeliveryJobDeps) {
  const { clock, webhooks, settings, metrics } = deps;
  const batchSize = deps.batchSize ?? 50;
  const pollMs = Math.max(10, Math.min(1_000, settings.retryBaseMs));
  // A claim outlives the longest attempt, so no other worker sends it meanwhile.
  const leaseMs = settings.timeoutMs * 2 + 5_000;
  const creators = new Map<string, string>();
  let sub: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let lastPurge = 0;

  const creatorOf = async (e: OutboxEvent): Promise<string | undefined> => {
    const p = e.payload as { creatorId?: string; dropId?: string };
    if (p.creatorId) return p.creatorId;
    if (!p.dropId) return undefined;
    let c = creators.get(p.dropId);
    if (!c) {
      c = await deps.creatorOfDrop(p.dropId);
      if (c) {
        if (creators.size > 50_000) creators.clear(); // a drop never changes creator; bounded
        creators.set(p.dropId, c);
      }
    }
    return c;
  };

  /** One published event into its deliveries; answers how many were new. */
  const enqueue = async (e: OutboxEvent): Promise<number> => {
    if (isDirect(e) || !webhookTypes.has(e.type)) return 0;
    const creatorId = await creatorOf(e);
    if (!creatorId) return 0;
    const body = JSON.stringify({ id: e.id, type: e.type, createdAt: e.createdAt, data: e.payload });
    const n = await webhooks.deliveries.enqueue(
      creatorId,
      { id: e.id, type: e.type, body },
      clock.now(),
      newId,
    );
    if (n > 0) {
      metrics.enqueued.inc(n);
      kick();
    }
    return n;
  };

  const attempt = async (d: ClaimedDelivery) => {
    const started = performance.now();
    const result = await send(
      { url: d.url, secret: d.secret, body: d.body, eventId: d.event_id },
      {
        timeoutMs: settings.timeoutMs,
        allowPrivate: settings.allowPrivate,
        nowSeconds: Math.floor(clock.now().getTime() / 1000),
      },
    );
    metrics.duration.observe((performance.now() - started) / 1000);
    const now = clock.now();
    if (result.ok) {
      await webhooks.deliveries.delivered(d, now, result.code);
      metrics.attempts.inc({ outcome: "delivered" });
      return;
    }
    const retryAt = nextAttempt(d.attempts, now, d.window_start, settings);
    const e = await webhooks.deliveries.failed(d, now, result, retryAt, settings.failureWindowMs);
    metrics.attempts.inc({ outcome: retryAt ? "retry" : "gave_up" });
    if (e.disabled && e.ownerId) {
      metrics.disabled.inc();
      await deps.notifyDisabled(e.ownerId, {
        webhookId: d.endpoint_id,
        url: e.url,
        failingSince: e.failingSince?.toISOString() ?? null,
      });
    }
  };

  /** Send everything due now, batch after batch; answers how many attempts were made. */
  const runOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const batch = await webhooks.deliveries.claim(clock.now(), leaseMs, batchSize);
      await Promise.all(batch.map((d) => attempt(d).catch((err) => deps.onError?.(err))));
      total += batch.length;
      if (batch.length < batchSize) break;
    }
    const now = clock.now().getTime();
    if (now - lastPurge >= 60_000) {
      lastPurge = now;
      const cutoff = new Date(now - settings.retentionMs);
      while ((await webhooks.deliveries.purge(cutoff, 1_000)) === 1_000) {}
    }
    return total;
  };

  /** One run at a time; a kick during a run asks for one more after it. */
  const run = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = runOnce()
      .catch((err) => {
        deps.onError?.(err);
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && timer) {
          again = false;
          void run();
        }
      });
    return running;
  };
  const kick = () => {
    if (timer) void run();
  };

  return {
    enqueue,
    /** Send what is due by the clock now (tests move a ManualClock, then call this). */
    runDue: () => run(),
    jobs: [
      {
        name: "webhooks-enqueue",
        async start() {
          sub = await subscribeTo(deps.bus, ALL_EVENTS, async (e) => void (await enqueue(e)), {
            group: "webhooks",
          });
        },
        async stop() {
          await sub?.unsubscribe();
          sub = undefined;
        },
      },
      {
        name: "webhooks-sender",
        start() {
          if (timer) return;
          timer = setInterval(() => void run(), pollMs);
          void run();
        },
        async stop() {
          clearInterval(timer);
          timer = undefined;
          await running;
        },
      },
    ],
  };
}

export type DeliveryJobs = ReturnType<typeof createDeliveryJobs>;
