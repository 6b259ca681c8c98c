import { createHash } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { errorResponse, ResponseError, type StoredResponse } from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";

/** What makes two requests "the same request" for a key: the operation and its body. */
export const fingerprint = (operation: string, body: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify([operation, body]))
    .digest("base64url");

export const inProgress = () =>
  new AppError("IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still in progress");

/**
 * Idempotency keys, stored in the database so they hold across processes: a key is
 * claimed by inserting its row before the work, and the finished answer is stored in it.
 */
export function createIdempotency(repo: OrdersRepository, clock: Clock) {
  /** Requests in flight in this process, answered 409 without a database trip. */
  const inflight = new Set<string>();

  /** The answer owed to a key some request already claimed: its stored response, 422 or 409. */
  const replay = async (userId: string, key: string, print: string): Promise<StoredResponse> => {
    const row = await repo.findKey(userId, key);
    if (!row) throw inProgress(); // claimed by a transaction that has not committed yet
    if (row.fingerprint !== print) {
      throw new AppError(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was used for a different request; use a new key",
      );
    }
    if (row.status_code === null) throw inProgress();
    return { statusCode: row.status_code, body: row.response };
  };

  return {
    replay,

    /** Stored answer for this key if it has one (used where a cheap check must not hide a replay). */
    async stored(userId: string, key: string, print: string): Promise<StoredResponse | null> {
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

    /**
     * Claim the key, run `fn`, store its answer. A domain error is an answer too (stored and
     * replayed); an unexpected failure frees the key so that a retry can run.
     */
    async run(
      k: { userId: string; key: string; print: string; orderId: string | null },
      fn: () => Promise<StoredResponse>,
    ): Promise<StoredResponse> {
      const claimed = await repo.claimKey(
        { userId: k.userId, key: k.key, fingerprint: k.print, orderId: k.orderId },
        clock.now(),
      );
      if (!claimed) return replay(k.userId, k.key, k.print);
      let res: StoredResponse;
      try {
        res = await fn();
      } catch (err) {
        if (err instanceof ResponseError) res = err.response;
        else if (err instanceof AppError && err.status < 500) res = errorResponse(err);
        else {
          await repo.releaseKey(k.userId, k.key).catch(() => {});
          throw err;
        }
      }
      // A no-op when the settling statement already stored the answer with the stock.
      await repo.completeKey(k.userId, k.key, res.statusCode, res.body, clock.now());
      return res;
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
