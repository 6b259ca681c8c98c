import type { Registry } from "prom-client";

/**
 * A process's figures in a form that adds up across processes: counters and histogram
 * buckets are summed, gauges that read a shared store (outbox lag, lock waits) take the
 * largest value, since every process sees the same database. Read from the process's own
 * prom-client registry, so the dashboard shows exactly what /metrics exports.
 */
export interface Snapshot {
  /** Summed across processes (counters, and gauges of the process itself such as sockets). */
  sums: Record<string, number>;
  /** The largest across processes (gauges of a shared store, event-loop lag). */
  maxes: Record<string, number>;
  /** Cumulative histogram buckets: series -> upper bound (`le`) -> count. */
  histograms: Record<string, Record<string, number>>;
}

type Json = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;
type Value = { value: number; labels: Record<string, string | number>; metricName?: string };

/** Streams last as long as their connection: their "latency" is not one. */
const STREAMS = new Set(["/push", "/graphql", "/api/notifications/stream"]);

export async function readSnapshot(registry: Registry): Promise<Snapshot> {
  const json: Json = await registry.getMetricsAsJSON();
  const values = (name: string, metricName = name): Value[] =>
    ((json.find((m) => m.name === name)?.values ?? []) as Value[]).filter(
      (v) => v.metricName === undefined || v.metricName === metricName,
    );
  const sum = (name: string, where: (l: Value["labels"]) => boolean = () => true) =>
    values(name)
      .filter((v) => where(v.labels))
      .reduce((n, v) => n + v.value, 0);
  const max = (name: string) => values(name).reduce((n, v) => Math.max(n, v.value), 0);

  const sums: Record<string, number> = {
    requests: sum("http_requests_total"),
    serverErrors: sum("http_requests_total", (l) => /^5/.test(String(l.status)) && l.status !== "503"),
    refused503: sum("http_requests_total", (l) => l.status === "503"),
    cacheHits: sum("cache_requests_total", (l) => l.result === "hit"),
    cacheMisses: sum("cache_requests_total", (l) => l.result === "miss"),
    cacheFallbacks: sum("cache_fallbacks_total"),
    rateLimited: sum("rate_limited_total"),
    overloaded: sum("overload_refusals_total"),
    pushConnections: sum("push_connections"),
    pushEvents: sum("push_events_total"),
    dbPoolTotal: sum("db_pool_connections", (l) => l.state === "total"),
    dbPoolIdle: sum("db_pool_connections", (l) => l.state === "idle"),
    dbPoolWaiting: sum("db_pool_connections", (l) => l.state === "waiting"),
  };
  for (const v of values("orders_outcomes_total")) sums[`orders:${v.labels.outcome}`] = v.value;
  for (const v of values("http_requests_total")) {
    if (STREAMS.has(String(v.labels.route))) continue;
    const key = `route:${v.labels.method} ${v.labels.route}`;
    sums[key] = (sums[key] ?? 0) + v.value;
  }

  const maxes = {
    outboxLagSeconds: max("outbox_lag_seconds"),
    outboxUnpublished: max("outbox_unpublished_events"),
    eventLoopLagP99Seconds: max("nodejs_eventloop_lag_p99_seconds"),
    lockWaitingSessions: max("db_lock_waiting_sessions"),
    lockWaitLongestSeconds: max("db_lock_wait_longest_seconds"),
  };

  const histograms: Record<string, Record<string, number>> = {};
  const addTo = (series: string, v: Value) => {
    const h = histograms[series] ?? {};
    histograms[series] = h;
    const le = String(v.labels.le);
    h[le] = (h[le] ?? 0) + v.value;
  };
  const addBuckets = (series: string, name: string, where: (l: Value["labels"]) => boolean = () => true) => {
    for (const v of values(name, `${name}_bucket`)) if (where(v.labels)) addTo(series, v);
  };
  addBuckets("request", "http_request_duration_seconds", (l) => !STREAMS.has(String(l.route)));
  addBuckets("followerList", "follower_list_duration_seconds");
  addBuckets("pushDispatch", "push_dispatch_seconds");
  addBuckets("hotRow", "orders_hot_row_seconds");
  addBuckets("queueWait", "orders_queue_wait_seconds");
  for (const v of values("http_request_duration_seconds", "http_request_duration_seconds_bucket")) {
    if (!STREAMS.has(String(v.labels.route))) addTo(`route:${v.labels.method} ${v.labels.route}`, v);
  }
  return { sums, maxes, histograms };
}

export const emptySnapshot = (): Snapshot => ({ sums: {}, maxes: {}, histograms: {} });

/** `later - earlier` for sums and buckets (what happened in between); maxes are `later`'s. */
export function difference(later: Snapshot, earlier: Snapshot): Snapshot {
  const sums: Record<string, number> = {};
  // A counter that went down belongs to a restarted process: count from zero.
  for (const [k, v] of Object.entries(later.sums)) sums[k] = Math.max(0, v - (earlier.sums[k] ?? 0));
  const histograms: Record<string, Record<string, number>> = {};
  for (const [series, h] of Object.entries(later.histograms)) {
    const before = earlier.histograms[series] ?? {};
    const d: Record<string, number> = {};
    for (const [le, n] of Object.entries(h)) d[le] = Math.max(0, n - (before[le] ?? 0));
    histograms[series] = d;
  }
  return { sums, maxes: { ...later.maxes }, histograms };
}

/** The cluster's snapshot from its processes': sums and buckets added, maxes the largest. */
export function combine(snapshots: readonly Snapshot[]): Snapshot {
  const out = emptySnapshot();
  for (const s of snapshots) {
    for (const [k, v] of Object.entries(s.sums)) out.sums[k] = (out.sums[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.maxes)) out.maxes[k] = Math.max(out.maxes[k] ?? 0, v);
    for (const [series, h] of Object.entries(s.histograms)) {
      const o = out.histograms[series] ?? {};
      out.histograms[series] = o;
      for (const [le, n] of Object.entries(h)) o[le] = (o[le] ?? 0) + n;
    }
  }
  return out;
}

/** The upper bound of the bucket holding the 99th percentile; 0 when nothing was observed. */
export function p99(buckets: Record<string, number> | undefined): number {
  if (!buckets) return 0;
  const sorted = Object.entries(buckets)
    .map(([le, n]) => [le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (!total) return 0;
  const hit = sorted.find(([, n]) => n >= 0.99 * total)?.[0] ?? 0;
  // Beyond the largest bound: say the largest finite bound rather than Infinity (JSON has none).
  return Number.isFinite(hit) ? hit : (sorted.at(-2)?.[0] ?? 0);
}

/** How many observations a histogram holds (its +Inf bucket). */
export const observations = (buckets: Record<string, number> | undefined): number => buckets?.["+Inf"] ?? 0;
