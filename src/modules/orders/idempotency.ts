import { createHash } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { failure, type Outcome } from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";

/**
 * What makes two requests "the same request" for a key: the operation and its input, never
 * the transport, so a key first used over REST replays over GraphQL and the other way round.
 */
export const fingerprint = (operation: string, input: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify([operation, input]))
    .digest("base64url");

export const inProgress = () =>
  new AppError("IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still in progress");

/**
 * Idempotency keys, stored in the database so they hold across processes: a key is
 * claimed by inserting its row before the work, and the finished outcome is stored in it.
 */
export function createIdempotency(repo: OrdersRepository, clock: Clock) {
  /** Requests in flight in this process, answered 409 without a database trip. */
  const inflight = new Set<string>();

  /** The outcome owed to a key some request already claimed; 422 or 409 when there is none. */
  const replay = async (userId: string, key: string, print: string): Promise<Outcome> => {
    const row = await repo.findKey(userId, key);
    if (!row) throw inProgress(); // claimed by a transaction that has not committed yet
    if (row.fingerprint !== print) {
      throw new AppError(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was used for a different request; use a new key",
      );
    }
    if (row.outcome === null) throw inProgress();
    return row.outcome;
  };

  return {
    replay,

    /** Stored outcome for this key if it has one (used where a cheap check must not hide a replay). */
    async stored(userId: string, key: string, print: string): Promise<Outcome | null> {
      const row = await repo.findKey(userId, key);
      return row ? replay(userId, key, print) : null;
    },

    /** Mark a key busy in this process for the duration of `fn`. */
    async exclusive<T>(userId: string, key: string, fn: () => Promise<T>): Promise<T> {
      const k = `${userId}\n${key}`;
      if (inflight.has(k)) throw inProgress();
      inflight.add(k);
      try {
        return await fn();
      } finally {
        inflight.delete(k);
      }
    },

    /** Record an outcome for a claimed key that the work did not store itself. */
    complete: (userId: string, key: string, outcome: Outcome) =>
      repo.completeKey(userId, key, outcome, clock.now()),

    /**
     * Claim the key, run `fn`, store its outcome. A domain error is an outcome too (stored and
     * replayed); an unexpected failure frees the key so that the client's retry runs again.
     */
    async run(
      k: { userId: string; key: string; print: string; orderId: string | null },
      fn: () => Promise<Outcome>,
    ): Promise<Outcome> {
      const claimed = await repo.claimKey(
        { userId: k.userId, key: k.key, fingerprint: k.print, orderId: k.orderId },
        clock.now(),
      );
      if (!claimed) return replay(k.userId, k.key, k.print);
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
