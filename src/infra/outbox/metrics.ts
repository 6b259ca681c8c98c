import { Counter, Gauge } from "prom-client";
import type { Clock } from "../../shared/clock.js";
import type { Db } from "../db/index.js";
import type { Metrics } from "../metrics.js";

/**
 * Outbox lag in /metrics: how many committed events wait for the relay, and how old the
 * oldest is. Read from the database at scrape time, so any process can report it.
 */
export function registerOutboxMetrics(metrics: Metrics, db: Db, clock: Clock): void {
  if (metrics.registry.getSingleMetric("outbox_lag_seconds")) return;
  // Both gauges come from one statement: a scrape collects them together, so the second
  // joins the first's read instead of asking the database again.
  let pending: Promise<{ n: number; oldest: Date | null }> | undefined;
  const read = () => {
    pending ??= db
      .query<{ n: number; oldest: Date | null }>(
        "select count(*)::int as n, min(created_at) as oldest from outbox_events where published_at is null",
      )
      .then((r) => r.rows[0] ?? { n: 0, oldest: null })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  new Gauge({
    name: "outbox_unpublished_events",
    help: "Committed outbox events the relay has not published yet",
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).n);
    },
  });
  new Gauge({
    name: "outbox_lag_seconds",
    help: "Age of the oldest unpublished outbox event (0 when none wait)",
    registers: [metrics.registry],
    async collect() {
      const { oldest } = await read();
      this.set(oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
}

/** Rows the retention cleanup deleted; registered once per registry. */
export function outboxDeletedCounter(metrics: Metrics): Counter {
  return (
    (metrics.registry.getSingleMetric("outbox_deleted_events_total") as Counter | undefined) ??
    new Counter({
      name: "outbox_deleted_events_total",
      help: "Published outbox events deleted after the retention period (OUTBOX_RETENTION_MS)",
      registers: [metrics.registry],
    })
  );
}
