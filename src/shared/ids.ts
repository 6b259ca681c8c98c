import { randomFillSync } from "node:crypto";
import { v7 } from "uuid";

/**
 * Ids are UUIDv7: time-ordered, so new rows land at the right edge of every index and an
 * id is a usable tie-breaker for keyset pagination.
 *
 * uuid's own `v7()` asks the system for 16 random bytes per id (`crypto.getRandomValues`):
 * ~5 µs, about 4% of an order's server CPU with the several ids an order makes (issue 16).
 * So ids draw their random bytes from a pool refilled 256 ids at a time, and the ordering
 * state uuid keeps for `v7()` is kept here, as its `updateV7State` does (uuid does not export
 * it; recheck this copy when uuid is upgraded): a new millisecond starts the 31-bit sequence
 * at a random value, ids within one millisecond (or while the clock stands or steps back)
 * count up from it, so one process's ids sort in the order they were made. uuid still lays
 * out and formats them.
 */
const pool = new Uint8Array(16 * 256);
let next = pool.length;
const state = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

export const newId = (): string => {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const random = pool.subarray(next, next + 16);
  next += 16;
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq =
      (((random[6] as number) & 0x7f) << 24) |
      ((random[7] as number) << 16) |
      ((random[8] as number) << 8) |
      (random[9] as number);
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ random, msecs: state.msecs, seq: state.seq });
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);
