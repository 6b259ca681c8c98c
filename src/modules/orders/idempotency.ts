import { hash } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { failure, type Outcome } from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";

/**
 * What makes two requests "the same request" for a key: the operation and its input, never
 * the transport, so a key first used over REST replays over GraphQL and the other way round.
 * Node's one-shot `hash`: a third of createHash's time, on every order (sold-out ones too).
 */
export const fingerprint = (operation: string, input: unknown): string =>
  hash("sha256", JSON.stringify([operation, input]), "base64url");

export const inProgress = () =>
  new AppError("IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still in progress", {
    retryAfterSeconds: 1,
  });

export interface Claim {
  userId: string;
  key: string;
}

/**
 * Settles the work a dead owner left under a key (its order, its charge) and returns the
 * key's outcome, or null when nothing was done yet and the key was freed to run afresh.
 * `requestId` is the retry's: the request that settles it, recorded with its event.
 */
export type OrphanResolver = (
  claim: Claim & { requestId?: string | undefined },
  orderId: string | null,
) => Promise<Outcome | null>;

/** How long an unfinished claim stays its owner's without renewal. */
export const DEFAULT_LEASE_MS = 10_000;

/**
 * Idempotency keys, stored in the database so they hold across processes: a key is
 * claimed by inserting its row before the work, and the finished outcome is stored in it.
 * An unfinished claim is a lease: this process renews the leases of the keys it works on,
 * so a key whose owner died (kill -9 mid-order) is taken over by the next retry within
 * a lease, instead of answering "in progress" until its reservation expires.
 */
export function createIdempotency(repo: OrdersRepository, clock: Clock, leaseMs = DEFAULT_LEASE_MS) {
  /** Requests in flight in this process, answered 409 without a database trip. */
  const inflight = new Map<string, Claim>();
  let renewer: NodeJS.Timeout | undefined;
  let resolveOrphan: OrphanResolver = async () => {
    throw inProgress();
  };

  const leaseUntil = () => new Date(clock.now().getTime() + leaseMs);

  /** Renew while this process works on keys; no timer at all when idle. */
  const renew = () => {
    if (inflight.size === 0) {
      clearInterval(renewer);
      renewer = undefined;
      return;
    }
    repo.renewLeases([...inflight.values()], leaseUntil()).catch(() => {
      // The database is away: the leases may lapse, and a retry elsewhere then takes over.
    });
  };

  /**
   * The outcome owed to a key some request already claimed; 422 for another request, 409
   * while its owner works on it; null when its owner died before doing anything and the key
   * was freed, so the caller runs the request again. `requestId` is the asking request's.
   */
  const replay = async (
    userId: string,
    key: string,
    print: string,
    requestId?: string,
  ): Promise<Outcome | null> => {
    const row = await repo.findKey(userId, key);
    if (!row) throw inProgress(); // claimed by a transaction that has not committed yet
    if (row.fingerprint !== print) {
      throw new AppError(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was used for a different request; use a new key",
      );
    }
    if (row.outcome !== null) return row.outcome;
    const now = clock.now();
    if (row.lease_until !== null && row.lease_until > now) throw inProgress();
    const taken = await repo.takeOver(userId, key, now, leaseUntil());
    if (!taken) return replay(userId, key, print, requestId); // finished meanwhile, or another retry took it
    return resolveOrphan({ userId, key, requestId }, taken.order_id);
  };

  /** Mark a key busy in this process for the duration of `fn`, and keep its lease. */
  async function exclusive<T>(userId: string, key: string, fn: () => Promise<T>): Promise<T> {
    const k = `${userId}\n${key}`;
    if (inflight.has(k)) throw inProgress();
    inflight.set(k, { userId, key });
    renewer ??= setInterval(renew, Math.max(50, leaseMs / 3)).unref();
    try {
      return await fn();
    } finally {
      inflight.delete(k);
    }
  }

  return {
    replay,
    exclusive,
    leaseUntil,

    /** Who settles what a dead owner left (wired by the module: it needs payments). */
    onOrphan(fn: OrphanResolver): void {
      resolveOrphan = fn;
    },

    /** Stored outcome for this key if it has one (used where a cheap check must not hide a replay). */
    async stored(userId: string, key: string, print: string, requestId?: string): Promise<Outcome | null> {
      const row = await repo.findKey(userId, key);
      return row ? replay(userId, key, print, requestId) : null;
    },

    /** Record an outcome for a claimed key that the work did not store itself. */
    complete: (userId: string, key: string, outcome: Outcome) =>
      repo.completeKey(userId, key, outcome, clock.now()),

    /**
     * Claim the key, run `fn`, store its outcome. A domain error is an outcome too (stored and
     * replayed); an unexpected failure frees the key so that the client's retry runs again.
     */
    async run(
      k: { userId: string; key: string; print: string; orderId: string | null; requestId?: string },
      fn: () => Promise<Outcome>,
    ): Promise<Outcome> {
      for (let attempt = 0; ; attempt++) {
        const claimed = await repo.claimKey(
          { userId: k.userId, key: k.key, fingerprint: k.print, orderId: k.orderId },
          clock.now(),
          leaseUntil(),
        );
        if (claimed) break;
        const owed = await replay(k.userId, k.key, k.print, k.requestId);
        if (owed) return owed;
        if (attempt > 0) throw inProgress(); // freed twice in a row: someone else is at it
      }
      let outcome: Outcome;
      try {
        outcome = await fn();
      } catch (err) {
        if (err instanceof AppError && err.code !== "INTERNAL") outcome = failure(err);
        else {
          await repo.releaseKey(k.userId, k.key).catch(() => {});
          throw err;
        }
      }
      // A no-op when the settling statement already stored the outcome with the stock.
      await repo.completeKey(k.userId, k.key, outcome, clock.now());
      return outcome;
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
