import type { Registry } from "prom-client";
import { AppError } from "../../shared/errors.js";

type Json = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;
type Value = { value: number; labels: Record<string, string | number>; metricName?: string };

/** Streams last as long as their connection: their "latency" is not one. */
const STREAMS = new Set(["/push", "/graphql", "/api/notifications/stream"]);

/**
 * Operators' view of this process: the key figures of its /metrics, summed into JSON for a
 * person (the dashboard, a curl). Operators are the accounts whose email OPERATOR_EMAILS
 * lists; everyone else is refused, since the figures say what the service is going through.
 */
export function createOpsService(deps: {
  registry: Registry;
  operatorEmails: readonly string[];
  emailOf: (userId: string) => Promise<string | undefined>;
}) {
  const operators = new Set(deps.operatorEmails.map((e) => e.toLowerCase()));

  async function assertOperator(userId: string): Promise<void> {
    const email = await deps.emailOf(userId);
    if (!email || !operators.has(email.toLowerCase())) {
      throw new AppError("FORBIDDEN", "Only operators (OPERATOR_EMAILS) see the service's figures");
    }
  }

  async function summary() {
    const json: Json = await deps.registry.getMetricsAsJSON();
    const values = (name: string): Value[] =>
      ((json.find((m) => m.name === name)?.values ?? []) as Value[]).filter(
        (v) => v.metricName === undefined || v.metricName === name,
      );
    const sum = (name: string, where: (l: Value["labels"]) => boolean = () => true) =>
      values(name)
        .filter((v) => where(v.labels))
        .reduce((n, v) => n + v.value, 0);
    const hits = sum("cache_requests_total", (l) => l.result === "hit");
    const misses = sum("cache_requests_total", (l) => l.result === "miss");
    const orders: Record<string, number> = {};
    for (const v of values("orders_outcomes_total")) orders[String(v.labels.outcome)] = v.value;
    const pool = (state: string) => sum("db_pool_connections", (l) => l.state === state);
    return {
      uptimeSeconds: Math.round(process.uptime()),
      requests: {
        total: sum("http_requests_total"),
        serverErrors: sum("http_requests_total", (l) => /^5/.test(String(l.status)) && l.status !== "503"),
        refused503: sum("http_requests_total", (l) => l.status === "503"),
        p99Seconds: p99(json),
      },
      cache: { hits, misses, hitRatio: hits + misses ? hits / (hits + misses) : 0 },
      refusals: {
        rateLimited: sum("rate_limited_total"),
        overloaded: sum("overload_refusals_total"),
        ordersOverloaded: orders.overloaded ?? 0,
      },
      orders,
      outbox: { lagSeconds: sum("outbox_lag_seconds"), unpublished: sum("outbox_unpublished_events") },
      push: { connections: sum("push_connections") },
      dbPool: { total: pool("total"), idle: pool("idle"), waiting: pool("waiting") },
      eventLoop: { lagP99Seconds: sum("nodejs_eventloop_lag_p99_seconds") },
    };
  }

  return { assertOperator, summary };
}

/** The upper bound of the bucket holding the 99th percentile of all non-stream requests. */
function p99(json: Json): number {
  const buckets = new Map<number, number>();
  const h = (json.find((m) => m.name === "http_request_duration_seconds")?.values ?? []) as Value[];
  for (const v of h) {
    if (v.metricName !== "http_request_duration_seconds_bucket" || STREAMS.has(String(v.labels.route)))
      continue;
    const le = v.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(v.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + v.value);
  }
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (!total) return 0;
  const hit = sorted.find(([, n]) => n >= 0.99 * total)?.[0] ?? 0;
  // Past the last finite bucket: say the last bound, the most the histogram can tell.
  return Number.isFinite(hit) ? hit : (sorted.at(-2)?.[0] ?? 0);
}

export type OpsService = ReturnType<typeof createOpsService>;
