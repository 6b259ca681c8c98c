import { Counter } from "prom-client";
import type { MailConfig } from "../../config.js";
import type { Mailer } from "../../infra/mail/index.js";
import type { Metrics } from "../../infra/metrics.js";
import type { PushSender } from "../../infra/push/index.js";
import type { Clock } from "../../shared/clock.js";
import type { MessagesRepository, QueueChannel, QueuedMail } from "./messages.repository.js";
import { DEFAULTS, type EmailKind } from "./preferences.js";
import type { PushRepository, SubscriptionRow } from "./push.repository.js";
import { renderMail, renderPush } from "./templates.js";
import type { UnsubscribeTokens } from "./unsubscribe.js";

/** How long a claimed row is this worker's before another may take it (a dead worker's rows). */
const LEASE_MS = 5 * 60_000;
const RETENTION_EVERY_MS = 60_000;

function mailCounter(metrics: Metrics | undefined): Counter | undefined {
  if (!metrics) return undefined;
  return (
    (metrics.registry.getSingleMetric("mail_messages_total") as Counter | undefined) ??
    new Counter({
      name: "mail_messages_total",
      help: "Mails handled by the worker, by outcome (sent, skipped, retried, failed)",
      labelNames: ["outcome"],
      registers: [metrics.registry],
    })
  );
}

/**
 * Worker job: sends the mail queue. Each pass claims a batch of due mails, re-checks each
 * recipient's email switch for its kind (turned off after it was queued: skipped), renders
 * and sends them, and records the outcome; a failed send is retried with exponential
 * backoff (with jitter) and given up after `maxAttempts`. The provider gets at most
 * `ratePerSecond` mails a second from this worker: a pass of n mails takes at least
 * n / rate seconds. Open follower fan-outs are expanded into the queue on a loop of their
 * own, page after page at the database's pace: tied to the send passes, a million-follower
 * start was queued one page per (rate-limited) batch, and a slow provider stalled it.
 * Runs on its own timer, beside the outbox relay and the push hub.
 */
export function createMailSender(deps: {
  repo: MessagesRepository;
  mailer: Mailer;
  clock: Clock;
  tokens: UnsubscribeTokens;
  /** PUBLIC_URL, or this server's own address in development. */
  baseUrl: string;
  settings: MailConfig;
  metrics?: Metrics;
  /** Web Push rows go here; without it they wait in the queue. */
  push?: PushSender;
  pushRepo: PushRepository;
  onError?: (err: unknown) => void;
}) {
  const { repo, mailer, clock, tokens, baseUrl, settings } = deps;
  const counter = mailCounter(deps.metrics);
  const byDefault = (channel: QueueChannel, kind: EmailKind) =>
    channel === "email"
      ? DEFAULTS.email[kind]
      : ((DEFAULTS.webPush as Record<string, boolean>)[kind] ?? false);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let expanding: Promise<void> | undefined;
  let expandAgain = false;
  let stopped = true;
  let lastRetention = 0;

  const backoff = (attempts: number) => {
    const ms = Math.min(3_600_000, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
    return ms * (0.8 + Math.random() * 0.4); // jitter: a provider outage does not end in a stampede
  };

  const message = (m: QueuedMail) => {
    const unsubscribeUrl = `${baseUrl}/api/unsubscribe?token=${encodeURIComponent(tokens.sign(m.user_id, m.kind))}`;
    return {
      to: m.to_address,
      ...renderMail(m.kind, m.params, { base: baseUrl, unsubscribeUrl }),
      headers: {
        "List-Unsubscribe": `<${unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    };
  };

  /**
   * A push to each of the user's subscriptions; a subscription the push service says is
   * gone (404, 410) is deleted. Any other refusal fails the row, which is retried (to every
   * subscription again: a duplicate is better than a lost drop start).
   */
  async function pushTo(r: QueuedMail, subs: SubscriptionRow[]) {
    if (!deps.push) throw new Error("web push is not configured in this worker");
    const payload = JSON.stringify({ type: r.kind, ...renderPush(r.kind, r.params, baseUrl) });
    for (const s of subs.filter((x) => x.user_id === r.user_id)) {
      const status = await deps.push.send(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        payload,
        24 * 3600,
      );
      if (status === 404 || status === 410) await deps.pushRepo.deleteEndpoint(s.endpoint);
      else if (status < 200 || status >= 300) throw new Error(`push service answered ${status}`);
    }
  }

  /** One batch: how many rows it handled, and whether there may be more work at once. */
  async function pass(): Promise<{ sent: number; more: boolean }> {
    const now = clock.now();
    const rows = await repo.claim(now, Math.min(settings.batchSize, settings.ratePerSecond), LEASE_MS);
    if (rows.length === 0) return { sent: 0, more: false };
    const allowed = new Set<string>();
    for (const key of new Set(rows.map((r) => `${r.channel} ${r.kind}`))) {
      const [channel, kind] = key.split(" ") as [QueueChannel, EmailKind];
      const ofKind = rows.filter((r) => r.kind === kind && r.channel === channel);
      const yes = await repo.allowed(
        ofKind.map((r) => r.user_id),
        channel,
        kind,
        byDefault(channel, kind),
      );
      for (const r of ofKind) if (yes.has(r.user_id)) allowed.add(r.id);
    }
    const pushRows = rows.filter((r) => r.channel === "webpush" && allowed.has(r.id));
    const subs = pushRows.length ? await deps.pushRepo.subscriptionsOf(pushRows.map((r) => r.user_id)) : [];
    const skipped = rows.filter((r) => !allowed.has(r.id)).map((r) => r.id);
    await repo.finish(skipped, "skipped", now);
    counter?.inc({ outcome: "skipped" }, skipped.length);
    const sent: string[] = [];
    await Promise.all(
      rows
        .filter((r) => allowed.has(r.id))
        .map(async (r) => {
          try {
            if (r.channel === "webpush") await pushTo(r, subs);
            else await mailer.send(message(r));
            sent.push(r.id);
          } catch (err) {
            const giveUp = r.attempts >= settings.maxAttempts;
            const at = clock.now();
            await repo.failed(
              r.id,
              String(err),
              giveUp ? null : new Date(at.getTime() + backoff(r.attempts)),
              at,
            );
            counter?.inc({ outcome: giveUp ? "failed" : "retried" });
          }
        }),
    );
    await repo.finish(sent, "sent", clock.now());
    counter?.inc({ outcome: "sent" }, sent.length);
    return { sent: rows.length, more: true };
  }

  async function retention() {
    const now = clock.now().getTime();
    if (now - lastRetention < RETENTION_EVERY_MS) return;
    lastRetention = now;
    const before = new Date(now - settings.retentionMs);
    while ((await repo.deleteDone(before)) > 0 && !stopped) {}
  }

  async function run() {
    try {
      for (;;) {
        again = false;
        const started = Date.now();
        const { sent: n, more } = await pass();
        if (stopped) return;
        await retention(); // at most once a minute, busy or not
        if (n > 0) {
          // The provider's rate: this batch may not take less than n / rate seconds.
          const wait = (n * 1000) / settings.ratePerSecond - (Date.now() - started);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        if (!more && !again) return;
      }
    } catch (err) {
      deps.onError?.(err);
    }
  }

  /**
   * Expands open fan-outs back to back until none is left (a page with no opted-in follower
   * counts too), waking the send loop after each page. Several workers share a fan-out's
   * pages through its skip-locked row.
   */
  const expand = () => {
    if (stopped) return;
    if (expanding) {
      expandAgain = true;
      return;
    }
    expanding = (async () => {
      try {
        do {
          expandAgain = false;
          while (!stopped && (await repo.expandFanout(byDefault, clock.now()))) send();
        } while (expandAgain && !stopped);
      } catch (err) {
        deps.onError?.(err);
      }
    })().finally(() => {
      expanding = undefined;
    });
  };

  const kick = () => {
    expand();
    send();
  };

  const send = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = run().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(kick, again ? 0 : settings.pollMs);
    });
  };

  return {
    name: "mail-sender",
    /** Look at the queue now (a mail was just queued in this process). */
    kick,
    start() {
      stopped = false;
      kick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all([running, expanding]);
      await mailer.close();
    },
  };
}
export type MailSender = ReturnType<typeof createMailSender>;
