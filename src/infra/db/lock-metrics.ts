import { Gauge, type Registry } from "prom-client";
import type { Db } from "./index.js";

/**
 * Lock contention in PostgreSQL, for /metrics: sessions of this database waiting for a lock
 * (pg_locks not granted) and how long the longest has waited. Sampled every `everyMs`
 * rather than at scrape time, so the gauges keep the worst of the last interval (a wait of
 * 50 ms on the hot row between two scrapes 15 s apart is otherwise never seen). PostgreSQL
 * only: PGlite has one session, nothing waits. Returns the stop function.
 */
export function sampleLockWaits(registry: Registry, db: Db, everyMs = 5_000): () => void {
  const waiting = new Gauge({
    name: "db_lock_waiting_sessions",
    help: "Most PostgreSQL sessions of this database waiting for a lock at once, over the last sampling interval (pg_locks)",
    registers: [registry],
  });
  const longest = new Gauge({
    name: "db_lock_wait_longest_seconds",
    help: "Longest time a PostgreSQL session of this database had been waiting for a lock, over the last sampling interval",
    registers: [registry],
  });
  // Sampled 10 times per interval; the gauges report the interval's maximum.
  let worst = { n: 0, s: 0 };
  let ticks = 0;
  const perInterval = 10;
  const sample = async () => {
    const r = await db.query<{ n: number; s: number }>(
      `select count(distinct l.pid)::int as n,
              coalesce(extract(epoch from max(now() - a.state_change)), 0)::float8 as s
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where not l.granted and a.datname = current_database()`,
    );
    const row = r.rows[0] ?? { n: 0, s: 0 };
    worst = { n: Math.max(worst.n, row.n), s: Math.max(worst.s, Number(row.s)) };
    if (++ticks >= perInterval) {
      waiting.set(worst.n);
      longest.set(worst.s);
      worst = { n: 0, s: 0 };
      ticks = 0;
    }
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow database: skip rather than pile up
    running = true;
    sample()
      .catch(() => {}) // the database away: the gauges keep their last value, readiness says why
      .finally(() => {
        running = false;
      });
  }, everyMs / perInterval);
  timer.unref();
  return () => clearInterval(timer);
}
