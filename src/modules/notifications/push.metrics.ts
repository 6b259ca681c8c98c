import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Metrics } from "../../infra/metrics.js";

/** Get a metric registered by an earlier hub of this registry, or register it. */
function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** The push gateway's metrics: open connections, events handed out, clients cut off (slow, revoked), hand-out time. */
export function pushMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  const r = metrics.registry;
  return {
    connections: once(
      r,
      "push_connections",
      () =>
        new Gauge({ name: "push_connections", help: "Open push connections (WebSocket and SSE)", registers }),
    ),
    sent: once(
      r,
      "push_events_total",
      () => new Counter({ name: "push_events_total", help: "Events handed to push connections", registers }),
    ),
    slow: once(
      r,
      "push_slow_disconnects_total",
      () =>
        new Counter({
          name: "push_slow_disconnects_total",
          help: "Push connections cut off for not reading",
          registers,
        }),
    ),
    revoked: once(
      r,
      "push_revoked_disconnects_total",
      () =>
        new Counter({
          name: "push_revoked_disconnects_total",
          help: "Push connections ended because their account was deleted or their token revoked",
          registers,
        }),
    ),
    handOut: once(
      r,
      "push_dispatch_seconds",
      () =>
        new Histogram({
          name: "push_dispatch_seconds",
          help: "Time to hand one event to every local connection on its channels",
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
          registers,
        }),
    ),
  };
}
