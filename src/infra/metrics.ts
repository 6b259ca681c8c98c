import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PoolStats } from "./db/index.js";
import { processFaults } from "./faults.js";

/**
 * Prometheus metrics. One registry per app instance (tests build many apps in one
 * process); modules record into the metrics they own through this object.
 */
export function createMetrics(poolStats: () => PoolStats) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const followerListDuration = new Histogram({
    name: "follower_list_duration_seconds",
    help: "Time to read one page of a followers or following list",
    labelNames: ["list"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  const cacheRequests = new Counter({
    name: "cache_requests_total",
    help: "Response cache lookups by result (hit, miss)",
    labelNames: ["cache", "result"] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "rate_limited_total",
    help: "Requests refused by an abuse limit (429 RATE_LIMITED), by limit and by key (account, address) or cap",
    labelNames: ["limit", "scope"] as const,
    registers: [registry],
  });
  const overloadRefusals = new Counter({
    name: "overload_refusals_total",
    help: "Requests refused at once with 503 OVERLOADED because the process was past capacity, by what was over its limit (event_loop_delay, event_loop_utilization)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "db_pool_connections",
    help: "Database pool connections by state",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const s = poolStats();
      this.set({ state: "total" }, s.total);
      this.set({ state: "idle" }, s.idle);
      this.set({ state: "waiting" }, s.waiting);
    },
  });

  const cacheFallbacks = new Counter({
    name: "cache_fallbacks_total",
    help: "Cache operations answered without Redis while it was away, by operation (get missed, set skipped, del deferred, incr counted in-process)",
    labelNames: ["op"] as const,
    registers: [registry],
  });
  const busConsumerRestarts = new Counter({
    name: "bus_consumer_restarts_total",
    help: "Bus consumer loops restarted after they failed or their consumer was gone, by subject",
    labelNames: ["subject"] as const,
    registers: [registry],
  });
  for (const [name, help, key] of [
    [
      "process_unhandled_rejections_total",
      "Promise rejections no code handled (logged; the process goes on)",
      "unhandledRejections",
    ],
    [
      "process_uncaught_exceptions_total",
      "Exceptions no code caught (logged; the process shuts down)",
      "uncaughtExceptions",
    ],
  ] as const) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(processFaults[key]);
      },
    });
  }

  return {
    registry,
    httpRequests,
    httpDuration,
    followerListDuration,
    cacheRequests,
    cacheFallbacks,
    busConsumerRestarts,
    rateLimited,
    overloadRefusals,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
