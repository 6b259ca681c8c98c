import type { Clock } from "../../shared/clock.js";
import type { Db } from "../db/index.js";

export interface RetentionOptions {
  db: Db;
  clock: Clock;
  /** Published rows older than this (by `published_at`) are deleted. */
  retentionMs: number;
  /** Time between cleanups. */
  intervalMs?: number;
  /** Rows looked at (and at most deleted) per statement: short statements, short locks. */
  batchSize?: number;
  /** Rows deleted, for the metrics. */
  onDeleted?: (n: number) => void;
  onError?: (err: unknown) => void;
}

export interface OutboxCleanup {
  name: string;
  start(): void;
  stop(): Promise<void>;
  /** Delete every expired published row now, batch by batch; returns how many. */
  runOnce(): Promise<number>;
}

/**
 * Keeps the outbox small: deletes published rows once they are older than the retention
 * (push resume replays from the outbox, so it works within the retention; a resume from
 * a deleted event is answered "reload your inbox", as for any unknown id).
 *
 * It walks the table from its oldest `seq` in batches and stops at the first batch that
 * holds a row published within the retention: rows are roughly in time order, so it never
 * scans the young part of the table. Each statement deletes only rows already published;
 * the relay locks and updates only unpublished ones, so the two never wait for each other.
 * Two workers cleaning at once may wait briefly on the same rows, and delete each once.
 */
export function createOutboxCleanup(opts: RetentionOptions): OutboxCleanup {
  const { db, clock } = opts;
  const intervalMs = opts.intervalMs ?? 60_000;
  const batchSize = opts.batchSize ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const batch = async (after: number, cutoff: Date) => {
    const r = await db.query<{ last: number | null; deleted: number; young: number; seen: number }>(
      `with head as (
         select seq, published_at from outbox_events where seq > $1 order by seq limit $2
       ), gone as (
         delete from outbox_events o using head
         where o.seq = head.seq and head.published_at < $3 and o.published_at is not null
         returning o.seq
       )
       select (select max(seq) from head) as last,
              (select count(*) from gone)::int as deleted,
              (select count(*) from head where published_at >= $3)::int as young,
              (select count(*) from head)::int as seen`,
      [after, batchSize, cutoff],
    );
    const row = r.rows[0];
    return {
      last: row?.last == null ? null : Number(row.last),
      deleted: row?.deleted ?? 0,
      done: !row || row.young > 0 || row.seen < batchSize,
    };
  };

  const runOnce = async () => {
    const cutoff = new Date(clock.now().getTime() - opts.retentionMs);
    let after = 0;
    let total = 0;
    for (;;) {
      const b = await batch(after, cutoff);
      total += b.deleted;
      if (b.deleted > 0) opts.onDeleted?.(b.deleted);
      if (b.done || b.last === null) return total;
      after = b.last; // unpublished rows stay behind; the walk goes past them
    }
  };

  const tick = () => {
    running = runOnce()
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        if (timer) timer = setTimeout(tick, intervalMs);
      });
  };

  return {
    name: "outbox-cleanup",
    start() {
      if (timer) return;
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
    runOnce,
  };
}
