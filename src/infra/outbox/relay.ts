import type { Clock } from "../../shared/clock.js";
import type { Bus } from "../bus/index.js";
import type { Db } from "../db/index.js";
import { coalesceStock, type OutboxRow, subjectOf, toEvent } from "./events.js";

export interface RelayOptions {
  db: Db;
  bus: Bus;
  clock: Clock;
  /** How often to look for new rows when nobody kicked the relay. */
  pollMs?: number;
  batchSize?: number;
  /** Longest wait between retries while the bus is failing. */
  maxBackoffMs?: number;
  onError?: (err: unknown) => void;
}

export interface OutboxRelay {
  start(): void;
  stop(): Promise<void>;
  /** Look for rows now (a writer in this process just committed one). */
  kick(): void;
  /** Publish everything unpublished now; returns how many rows were handled. For tests and tools. */
  drain(): Promise<number>;
}

/**
 * Publishes committed outbox rows to the bus in `seq` order and marks them published.
 * Rows are claimed with `for update skip locked`, so several relays (one per worker) share
 * the work without sending a row twice in the normal case; a crash between publish and
 * commit re-sends it, with the same id, which JetStream and consumers de-duplicate.
 * While the bus is down the transaction rolls back and the rows wait, with backoff.
 */
export function createOutboxRelay(opts: RelayOptions): OutboxRelay {
  const { db, bus, clock } = opts;
  const pollMs = opts.pollMs ?? 25;
  const batchSize = opts.batchSize ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 2_000;
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;

  // The common case is an empty outbox: one cheap read instead of begin/select/commit.
  const anyWaiting = async () =>
    (await db.query("select 1 from outbox_events where published_at is null limit 1")).rowCount > 0;

  const publishBatch = async (): Promise<number> => {
    if (!(await anyWaiting())) return 0;
    return db.tx(async (q) => {
      const r = await q.query<OutboxRow>(
        `select seq, id, type, aggregate_id, payload, created_at from outbox_events
         where published_at is null order by seq limit $1 for update skip locked`,
        [batchSize],
      );
      if (r.rows.length === 0) return 0;
      // Sent on one connection in this order, so the bus stores them in seq order.
      const sends = coalesceStock(r.rows).map((row) =>
        bus.publish(subjectOf(row.type), toEvent(row), row.id),
      );
      await Promise.all(sends);
      await q.query("update outbox_events set published_at = $2 where seq = any($1::bigint[])", [
        r.rows.map((x) => x.seq),
        clock.now(),
      ]);
      return r.rows.length;
    });
  };

  const drain = async () => {
    let total = 0;
    for (;;) {
      const n = await publishBatch();
      total += n;
      if (n < batchSize) return total;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (kicked || stopped) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const run = async () => {
    let backoff = 0;
    while (!stopped) {
      kicked = false;
      try {
        await drain();
        backoff = 0;
      } catch (err) {
        opts.onError?.(err);
        backoff = Math.min(maxBackoffMs, backoff ? backoff * 2 : 100);
      }
      await sleep(backoff || pollMs);
    }
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
    kick() {
      kicked = true;
      wake?.();
    },
    drain,
  };
}
