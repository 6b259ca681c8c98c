import type { Clock } from "../../shared/clock.js";
import type { Bus } from "../bus/index.js";
import type { Db } from "../db/index.js";
import { coalesceStock, type OutboxRow, subjectOf, toEvent } from "./events.js";

/** The channel migrations/006's trigger notifies on every outbox insert. */
export const OUTBOX_CHANNEL = "outbox";

export interface RelayOptions {
  db: Db;
  bus: Bus;
  clock: Clock;
  /**
   * The safety net: how often to look for rows when no wake-up came (a lost notification,
   * a listening connection being re-established). Commits normally wake the relay at once.
   */
  pollMs?: number;
  batchSize?: number;
  /** Longest wait between retries while the bus is failing. */
  maxBackoffMs?: number;
  onError?: (err: unknown) => void;
}

export interface OutboxRelay {
  start(): void;
  stop(): Promise<void>;
  /** Look for rows now (a writer just committed one). */
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
 * Every commit that inserts into the outbox notifies the `outbox` channel (a trigger,
 * migrations/006), so a relay in any process wakes at once; the poll is a slow safety net.
 */
export function createOutboxRelay(opts: RelayOptions): OutboxRelay {
  const { db, bus, clock } = opts;
  const pollMs = opts.pollMs ?? 1_000;
  const batchSize = opts.batchSize ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 2_000;
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;
  let unlisten: (() => Promise<void>) | undefined;
  let starts = 0;

  // A poll usually finds an empty outbox: one cheap read instead of begin/select/commit.
  // A wake-up means a commit just wrote rows, so it goes straight to the claim.
  const anyWaiting = async () =>
    (await db.query("select 1 from outbox_events where published_at is null limit 1")).rowCount > 0;

  const publishBatch = async (look: boolean): Promise<number> => {
    if (look && !(await anyWaiting())) return 0;
    return db.tx(async (q) => {
      const r = await q.query<OutboxRow>(
        `select seq, id, type, aggregate_id, payload, created_at, request_id from outbox_events
         where published_at is null order by seq limit $1 for update skip locked`,
        [batchSize],
      );
      if (r.rows.length === 0) return 0;
      // Sent on one connection in this order, so the bus stores them in seq order.
      const sends = coalesceStock(r.rows).map((row) =>
        bus.publish(subjectOf(row.type), toEvent(row), row.id),
      );
      await Promise.all(sends);
      // Marking rows sent need not wait for the disk: a mark lost in a crash only re-sends
      // them with the same ids, which JetStream and consumers de-duplicate. A relay woken
      // per commit would otherwise add a flush per commit to the orders' own.
      await q.query("set local synchronous_commit = off");
      await q.query("update outbox_events set published_at = $2 where seq = any($1::bigint[])", [
        r.rows.map((x) => x.seq),
        clock.now(),
      ]);
      return r.rows.length;
    });
  };

  const drain = async (woken = false) => {
    let total = 0;
    for (let first = true; ; first = false) {
      const n = await publishBatch(!(first && woken));
      total += n;
      if (n < batchSize) return total;
    }
  };

  // While backing off from a failing bus, commits (which now wake it from every process)
  // must not turn the backoff into a retry per commit: only `stop` cuts it short.
  let backingOff = false;
  const sleep = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      if ((wakeable && kicked) || stopped) return resolve();
      backingOff = !wakeable;
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
      const woken = kicked;
      kicked = false;
      try {
        await drain(woken);
        backoff = 0;
      } catch (err) {
        opts.onError?.(err);
        backoff = Math.min(maxBackoffMs, backoff ? backoff * 2 : 100);
      }
      await sleep(backoff || pollMs, backoff === 0);
    }
  };

  const kick = () => {
    kicked = true;
    if (!backingOff) wake?.();
  };

  const listen = () => {
    const start = ++starts;
    db.listen(OUTBOX_CHANNEL, kick).then(
      (stop) => {
        if (stopped || start !== starts) return void stop();
        unlisten = stop;
        kick(); // a commit between the first drain and LISTEN taking effect was not heard
      },
      (err) => opts.onError?.(err), // the poll still finds the rows
    );
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      listen();
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      const stopListening = unlisten;
      unlisten = undefined;
      await stopListening?.();
      await loop;
    },
    kick,
    drain,
  };
}
