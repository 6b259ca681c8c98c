import { useEffect, useState } from "preact/hooks";
import { fmt, LineChart } from "../components/Chart.tsx";
import { ErrorBox, Spinner } from "../components/ui.tsx";
import { useApi, useDocumentTitle } from "../hooks.ts";
import { session } from "../session.ts";
import { useStore } from "../store.ts";
import type { DataOf } from "../types.ts";

type Figures = DataOf<"getOpsMetrics">;

/** Samples kept on screen: three minutes at one poll every two seconds. */
const KEEP = 90;
const POLL_MS = 2_000;
const ms = (s: number) => s * 1000;

/**
 * The operators' dashboard: the whole cluster's figures (GET /api/ops/metrics sums every
 * process's own /metrics), polled every two seconds and drawn as they move. History lives
 * in the page only; Prometheus keeps the long one.
 */
export function OpsPage() {
  const s = useStore(session);
  useDocumentTitle("Operations");
  const figures = useApi<Figures>(s ? "/api/ops/metrics" : null, POLL_MS);
  const [history, setHistory] = useState<Figures[]>([]);
  useEffect(() => {
    const d = figures.data;
    if (d) setHistory((h) => (h.at(-1)?.sampledAt === d.sampledAt ? h : [...h, d].slice(-KEEP)));
  }, [figures.data]);

  if (!s)
    return (
      <div class="page">
        <p>
          Operators only. <a href="/login?next=/ops">Log in</a>
        </p>
      </div>
    );
  if (figures.error && !figures.data)
    return (
      <div class="page">
        <h1>Operations</h1>
        <ErrorBox error={figures.error} retry={figures.reload} />
      </div>
    );
  const d = history.at(-1);
  if (!d) return <Spinner label="Loading the cluster's figures" />;
  const line = (f: (x: Figures) => number) => history.map(f);
  return (
    <div class="page ops" data-testid="ops-page">
      <div class="section-head">
        <h1>Operations</h1>
        <p class="muted small" aria-live="polite">
          {d.processes.length} process{d.processes.length === 1 ? "" : "es"} · recent window{" "}
          {fmt(d.windowSeconds)} s · updated <time dateTime={d.sampledAt}>{d.sampledAt.slice(11, 19)}</time>
        </p>
      </div>
      <div class="ops-charts">
        <LineChart
          title="Requests"
          unit="/s"
          series={[
            { name: "all", color: "#2563eb", values: line((x) => x.requests.perSecond) },
            { name: "5xx", color: "#dc2626", values: line((x) => x.requests.serverErrorsPerSecond) },
          ]}
        />
        <LineChart
          title="Latency p99"
          unit="ms"
          series={[{ name: "requests", color: "#7c3aed", values: line((x) => ms(x.requests.p99Seconds)) }]}
        />
        <LineChart
          title="Cache hit ratio"
          unit="%"
          max={100}
          series={[{ name: "hits", color: "#059669", values: line((x) => 100 * x.cache.recentHitRatio) }]}
        />
        <LineChart
          title="Orders and refusals"
          unit="/s"
          series={[
            { name: "orders", color: "#2563eb", values: line((x) => x.ordersPerSecond) },
            { name: "refused", color: "#d97706", values: line((x) => x.refusals.perSecond) },
          ]}
        />
        <LineChart
          title="Lock contention"
          unit="ms"
          series={[
            { name: "hot row p99", color: "#dc2626", values: line((x) => ms(x.locks.hotRowP99Seconds)) },
            {
              name: "batch wait p99",
              color: "#d97706",
              values: line((x) => ms(x.locks.queueWaitP99Seconds)),
            },
            {
              name: "longest lock wait",
              color: "#7c3aed",
              values: line((x) => ms(x.locks.longestWaitSeconds)),
            },
          ]}
        />
        <LineChart
          title="Follower lists p99"
          unit="ms"
          series={[{ name: "page", color: "#0891b2", values: line((x) => ms(x.followerList.p99Seconds)) }]}
        />
        <LineChart
          title="Outbox lag"
          unit="s"
          series={[
            { name: "oldest unpublished", color: "#d97706", values: line((x) => x.outbox.lagSeconds) },
          ]}
        />
        <LineChart
          title="Push"
          series={[
            { name: "sockets", color: "#2563eb", values: line((x) => x.push.connections) },
            { name: "events/s", color: "#059669", values: line((x) => x.push.eventsPerSecond) },
          ]}
        />
        <LineChart
          title="Push delivery p99"
          unit="ms"
          series={[
            { name: "to sockets", color: "#7c3aed", values: line((x) => ms(x.push.deliveryP99Seconds)) },
          ]}
        />
        <LineChart
          title="Database pool"
          series={[
            { name: "in use", color: "#2563eb", values: line((x) => x.dbPool.total - x.dbPool.idle) },
            { name: "waiting", color: "#dc2626", values: line((x) => x.dbPool.waiting) },
          ]}
        />
        <LineChart
          title="Event-loop lag p99"
          unit="ms"
          series={[
            { name: "worst process", color: "#0891b2", values: line((x) => ms(x.eventLoop.lagP99Seconds)) },
          ]}
        />
      </div>

      <h2>Processes</h2>
      <table class="ops-table" data-testid="ops-processes">
        <thead>
          <tr>
            <th>Instance</th>
            <th>Role</th>
            <th class="num">Requests/s</th>
            <th class="num">p99 ms</th>
            <th class="num">Sockets</th>
            <th class="num">Loop lag ms</th>
            <th class="num">Sample age s</th>
            <th class="num">Up s</th>
          </tr>
        </thead>
        <tbody>
          {d.processes.map((p) => (
            <tr key={p.instance}>
              <td>{p.instance}</td>
              <td>{p.role}</td>
              <td class="num">{fmt(p.requestsPerSecond)}</td>
              <td class="num">{fmt(ms(p.p99Seconds))}</td>
              <td class="num">{fmt(p.pushConnections)}</td>
              <td class="num">{fmt(ms(p.eventLoopLagP99Seconds))}</td>
              <td class="num">{fmt(p.ageSeconds)}</td>
              <td class="num">{fmt(p.uptimeSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Busiest routes</h2>
      <table class="ops-table" data-testid="ops-routes">
        <thead>
          <tr>
            <th>Route</th>
            <th class="num">Requests/s</th>
            <th class="num">p99 ms</th>
            <th class="num">Since start</th>
          </tr>
        </thead>
        <tbody>
          {d.routes.map((r) => (
            <tr key={r.route}>
              <td>
                <code>{r.route}</code>
              </td>
              <td class="num">{fmt(r.perSecond)}</td>
              <td class="num">{fmt(ms(r.p99Seconds))}</td>
              <td class="num">{fmt(r.requests)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        Totals since each process started: {fmt(d.requests.total)} requests, {fmt(d.requests.serverErrors)}{" "}
        5xx, {fmt(d.requests.refused503)} 503 refusals, {fmt(d.refusals.rateLimited)} rate-limited,{" "}
        {fmt(d.cache.fallbacks)} cache fallbacks, {fmt(d.outbox.unpublished)} events waiting in the outbox.
      </p>
    </div>
  );
}
