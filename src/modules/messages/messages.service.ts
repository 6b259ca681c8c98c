import type { WebPushConfig } from "../../config.js";
import { type Db, FOREIGN_KEY_VIOLATION, pgErrorCode, type Queryable } from "../../infra/db/index.js";
import type { VapidKeys } from "../../infra/push/index.js";
import { generateVapidKeys } from "../../infra/push/webpush.js";
import type { Clock } from "../../shared/clock.js";
import { AppError, forbidden, notFound } from "../../shared/errors.js";
import { isDirect, type OutboxEvent } from "../../shared/events.js";
import { urlProblem } from "../../shared/ssrf.js";
import type { MessagesRepository } from "./messages.repository.js";
import type { PreferencesUpdate, PushSubscriptionInput } from "./messages.schemas.js";
import { type EmailKind, type Preferences, withDefaults } from "./preferences.js";
import type { PushRepository } from "./push.repository.js";
import type { UnsubscribeTokens } from "./unsubscribe.js";

/**
 * Messages outside the app: preferences, unsubscribes, and turning events into queued
 * mails. Nothing here sends: the mail worker (mail.sender.ts) does, from the queue.
 */
export function createMessagesService(deps: {
  db: Db;
  clock: Clock;
  repo: MessagesRepository;
  pushRepo: PushRepository;
  tokens: UnsubscribeTokens;
  webPush: WebPushConfig;
}) {
  const { db, clock, repo, pushRepo, tokens, webPush } = deps;
  let vapid: Promise<VapidKeys> | undefined;
  let wake: (() => void) | undefined;

  const verified = (token: string) => {
    const who = tokens.verify(token);
    if (!who)
      throw new AppError("VALIDATION_ERROR", "This unsubscribe link is not valid", { field: "token" });
    return who;
  };

  const mustBeSelf = (actorId: string, id: string) => {
    if (actorId !== id) throw forbidden("You can only see and change your own preferences");
  };

  return {
    /** The sender to wake after an enqueue in this process (wired by the worker). */
    wakeSenderWith(fn: (() => void) | undefined) {
      wake = fn;
    },

    async preferences(actorId: string, userId: string): Promise<Preferences> {
      mustBeSelf(actorId, userId);
      return withDefaults(await repo.preferences(userId));
    },

    async updatePreferences(
      actorId: string,
      userId: string,
      change: PreferencesUpdate,
    ): Promise<Preferences> {
      mustBeSelf(actorId, userId);
      await repo.mergePreferences(
        db,
        userId,
        change as Parameters<typeof repo.mergePreferences>[2],
        clock.now(),
      );
      return withDefaults(await repo.preferences(userId));
    },

    /** The VAPID keys: from the environment, else made once and shared through the database. */
    vapidKeys(): Promise<VapidKeys> {
      vapid ??= (async () => {
        const { publicKey, privateKey, subject } = webPush;
        if (publicKey && privateKey) return { publicKey, privateKey, subject };
        return { ...(await pushRepo.vapidKeys(generateVapidKeys())), subject };
      })();
      vapid.catch(() => {
        vapid = undefined; // a database hiccup: the next call tries again
      });
      return vapid;
    },

    async subscribePush(actorId: string, userId: string, sub: PushSubscriptionInput): Promise<void> {
      mustBeSelf(actorId, userId);
      const url = new URL(sub.endpoint);
      // The worker POSTs to this URL: only https (a push service), never a plain-http address,
      // and never one inside our own network (checked again, after DNS, at each send).
      if (url.protocol !== "https:" && !(webPush.allowInsecure && url.protocol === "http:")) {
        throw new AppError("VALIDATION_ERROR", "A push endpoint must be an https URL", { field: "endpoint" });
      }
      const problem = urlProblem(sub.endpoint, webPush.allowInsecure);
      if (problem)
        throw new AppError("VALIDATION_ERROR", problem.replace(/^url/, "A push endpoint"), {
          field: "endpoint",
        });
      await pushRepo.addSubscription(
        userId,
        { endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth },
        webPush.maxSubscriptions,
        clock.now(),
      );
    },

    async unsubscribePush(actorId: string, userId: string, endpoint: string): Promise<boolean> {
      mustBeSelf(actorId, userId);
      return pushRepo.removeSubscription(userId, endpoint);
    },

    /** The kind a token turns off; a token we did not sign is a VALIDATION_ERROR. */
    checkUnsubscribeToken(token: string): EmailKind {
      return verified(token).kind;
    },

    /** A one-click unsubscribe: the token's kind of mail off for the token's user. */
    async unsubscribe(token: string): Promise<{ kind: EmailKind }> {
      const who = verified(token);
      try {
        await repo.mergePreferences(db, who.userId, { email: { [who.kind]: false } }, clock.now());
      } catch (err) {
        if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) throw notFound("Account");
        throw err;
      }
      return { kind: who.kind };
    },

    /**
     * Queues one mail to a user inside the caller's transaction (the password reset), so
     * the mail exists exactly when what it tells about committed.
     */
    async enqueueTx(
      q: Queryable,
      m: { dedupeKey: string; userId: string; kind: EmailKind; params: Record<string, unknown> },
    ): Promise<void> {
      await repo.enqueueForUser(q, m, clock.now());
    },

    /** Wakes this process's sender once a transaction that queued mail committed. */
    queued() {
      wake?.();
    },

    /**
     * An outbox event in, mails queued: order events to the buyer, a reminder to the user
     * who asked for it, a raffle's result to its entrant, a drop start to the
     * creator's followers who opted in (recorded as a fan-out the worker expands). Keys
     * carry the event id, so a redelivered event queues nothing twice.
     */
    async handle(e: OutboxEvent): Promise<void> {
      if (isDirect(e)) return;
      const now = clock.now();
      switch (e.type) {
        case "order.confirmed":
        case "order.cancelled":
        case "order.fulfilled":
        case "order.refunded":
        case "order.failed":
        case "order.expired":
        case "drop.reminder":
        case "raffle.won":
        case "raffle.lost": {
          const m = {
            dedupeKey: `${e.id}:${e.payload.userId}`,
            userId: e.payload.userId,
            kind: e.type,
            params: e.payload,
          };
          await repo.enqueueMailAndPush(db, m, now);
          break;
        }
        case "drop.started":
          await repo.addFanout(
            { eventId: e.id, creatorId: e.payload.creatorId, kind: "drop.started", params: e.payload },
            new Date(e.createdAt),
            now,
          );
          break;
        default:
          return;
      }
      wake?.();
    },

    /** Account deletion hook: pending mails and preferences go with the account. */
    removeAllOf: (q: Queryable, userId: string) => repo.removeUser(q, userId),
  };
}
export type MessagesService = ReturnType<typeof createMessagesService>;
