/**
 * Overload is refused, not suffered (issue 12 item 4). On PostgreSQL, one `serve` process
 * with production defaults (admission control on, RATE_LIMITS=off for a crowd from one
 * address), started as a child process like the other benches:
 *   1. sustainable: after a 2 s warm-up, closed loop (C connections, as fast as it answers) on one hot drop,
 *      briefly: its confirmed orders/s is the sustainable rate R;
 *   2. baseline: open loop at R/2, for the accepted orders' p99 when nothing is refused;
 *   3. overload: open loop at 10 x R (--factor) from this process: requests leave on a
 *      fixed schedule whatever the server answers, and each latency is counted from the
 *      moment the request was due (no coordinated omission), so a server that falls behind
 *      shows it.
 * Prints accepted orders/s and their p99, the refused count (503 OVERLOADED, split into the
 * event-loop limit's and the order queue's wait limit's) and how fast refusals were answered (p99).
 * Options: --duration S (5, per open-loop phase), --connections N (200, closed loop),
 * --factor F (10), --sockets N (2000, the open loop's most open connections).
 */

import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import autocannon from "autocannon";
import { closeInfra } from "../src/infra/index.js";
import { arg, DEFAULT_PG, machine, metricsText, startServer } from "./lib.js";
import { schema, seed } from "./orders.js";

interface Sample {
  status: number;
  ms: number;
  /** How late this process put the request on a socket (its own lag, or all sockets busy). */
  sendLagMs: number;
}

/** Percentile of sorted values. */
const pct = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : 0;

/** Open loop: `rate` orders per second for `seconds`, each timed from when it was due. */
async function openLoop(
  url: string,
  tokens: string[],
  dropId: string,
  rate: number,
  seconds: number,
  sockets: number,
): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ dropId, quantity: 1, paymentMethodId: "pm_card_ok" });
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  const send = (due: number) => {
    const p = new Promise<void>((resolve) => {
      let sendLagMs = Number.NaN;
      const req = request(
        {
          agent,
          hostname,
          port,
          method: "POST",
          path: "/api/orders",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}`,
            "idempotency-key": randomUUID(),
          },
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            samples.push({ status: res.statusCode ?? 0, ms: performance.now() - due, sendLagMs });
            resolve();
          });
        },
      );
      req.on("error", () => {
        samples.push({ status: 0, ms: performance.now() - due, sendLagMs });
        resolve();
      });
      req.on("timeout", () => req.destroy());
      // "socket" fires when the agent hands the request a connection: it leaves then.
      req.once("socket", () => {
        sendLagMs = performance.now() - due;
      });
      req.end(body);
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };
  const start = performance.now();
  const total = Math.round(rate * seconds);
  let sent = 0;
  // Every millisecond or so, send what is due by now: arrivals follow the clock, not the answers.
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate));
    for (; sent < due; sent++) send(start + (sent / rate) * 1000);
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(pending);
  agent.destroy();
  return samples;
}

function summarise(label: string, samples: Sample[], seconds: number) {
  const by = (s: number) =>
    samples
      .filter((x) => x.status === s)
      .map((x) => x.ms)
      .sort((a, b) => a - b);
  const accepted = by(201);
  const refused = by(503);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  return {
    phase: label,
    offered: samples.length,
    "accepted/s": Math.round(accepted.length / seconds),
    "accepted p50 ms": Math.round(pct(accepted, 50)),
    "accepted p99 ms": Math.round(pct(accepted, 99)),
    refused: refused.length,
    "refused p50 ms": Math.round(pct(refused, 50)),
    "refused p99 ms": Math.round(pct(refused, 99)),
    "send lag p99 ms": Math.round(
      pct(
        samples
          .map((x) => x.sendLagMs)
          .filter((x) => !Number.isNaN(x))
          .sort((a, b) => a - b),
        99,
      ),
    ),
    statuses: JSON.stringify(statuses),
  };
}

const counter = (text: string, prefix: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith(prefix))
    .reduce((n, l) => n + Number(l.split(" ").pop()), 0);

/** The upper bound of the histogram bucket holding quantile q of POST /api/orders answers with this status, between two scrapes. */
function serverPct(before: string, after: string, status: string, q: number): string {
  const buckets = (text: string) => {
    const m = new Map<string, number>();
    for (const l of text.split("\n")) {
      if (!l.startsWith("http_request_duration_seconds_bucket{")) continue;
      if (
        !l.includes('route="/api/orders"') ||
        !l.includes('method="POST"') ||
        !l.includes(`status="${status}"`)
      )
        continue;
      const le = /le="([^"]+)"/.exec(l)?.[1] as string;
      m.set(le, Number(l.split(" ").pop()));
    }
    return m;
  };
  const a = buckets(after);
  const b = buckets(before);
  const rows = [...a].map(([le, n]) => [le, n - (b.get(le) ?? 0)] as const);
  const total = rows.find(([le]) => le === "+Inf")?.[1] ?? 0;
  if (!total) return "-";
  const hit = rows
    .filter(([le]) => le !== "+Inf")
    .sort((x, y) => Number(x[0]) - Number(y[0]))
    .find(([, n]) => n >= q * total);
  return hit ? hit[0] : "> 2.5";
}

export default async function main(args: string[]): Promise<void> {
  const duration = arg(args, "duration", 5);
  const connections = arg(args, "connections", 200);
  const factor = arg(args, "factor", 10);
  const sockets = arg(args, "sockets", 2000);
  const base = process.env.DATABASE_URL || DEFAULT_PG;
  console.log(
    `overload bench: ${machine()}; ${duration} s per open-loop phase, ${factor}x the sustainable rate`,
  );

  const real = await schema(base);
  const data = await seed(real.infra, 1000);
  // Production defaults (admission control on); only the abuse limits are off.
  const server = await startServer(["src/cli.ts", "serve"], { ...real.env, NODE_ENV: "production" });
  try {
    const body = JSON.stringify({ dropId: data.hot, quantity: 1, paymentMethodId: "pm_card_ok" });
    const closedLoop = (seconds: number, conns: number) =>
      autocannon({
        url: server.url,
        connections: conns,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: "/api/orders",
            setupRequest: (req: any) => ({
              ...req,
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${data.tokens[Math.floor(Math.random() * data.tokens.length)]}`,
                "idempotency-key": randomUUID(),
              },
              body,
            }),
          },
        ],
      });
    await closedLoop(2, 50); // warm-up: JIT, pool, caches
    const closed = await closedLoop(3, connections);
    const created = (closed as any).statusCodeStats?.["201"]?.count ?? 0;
    const sustainable = Math.max(50, Math.round(created / closed.duration));
    console.log(
      `sustainable (closed loop, ${connections} connections, ${closed.duration} s): ${sustainable} orders/s, p99 ${closed.latency.p99} ms`,
    );

    const baseline = await openLoop(
      server.url,
      data.tokens,
      data.hot,
      Math.round(sustainable / 2),
      duration,
      sockets,
    );
    const before = await metricsText(server.url, real.env.INTERNAL_TOKEN);
    const offered = sustainable * factor;
    // The database pool's queue while it lasts: requests queued there are invisible to the event loop.
    let poolWaitingPeak = 0;
    const watch = setInterval(() => {
      metricsText(server.url, real.env.INTERNAL_TOKEN).then(
        (t) => {
          poolWaitingPeak = Math.max(poolWaitingPeak, counter(t, 'db_pool_connections{state="waiting"}'));
        },
        () => {},
      );
    }, 500);
    const overload = await openLoop(server.url, data.tokens, data.hot, offered, duration, sockets);
    clearInterval(watch);
    const after = await metricsText(server.url, real.env.INTERNAL_TOKEN);

    console.table([
      summarise(`baseline: open loop at ${Math.round(sustainable / 2)}/s`, baseline, duration),
      summarise(`overload: open loop at ${offered}/s (${factor}x)`, overload, duration),
    ]);
    const delta = (prefix: string) => counter(after, prefix) - counter(before, prefix);
    // The server's own view (request start to response, from its histogram): what the client
    // saw beyond it waited in the client, the kernel's queues or for a CPU on this machine.
    for (const status of ["201", "503"]) {
      console.log(
        `server-side POST /api/orders ${status}: p50 <= ${serverPct(before, after, status, 0.5)} s, p99 <= ${serverPct(before, after, status, 0.99)} s`,
      );
    }
    console.log(
      `database pool: at most ${poolWaitingPeak} queries waiting for a connection (DB_POOL_SIZE ${process.env.DB_POOL_SIZE ?? "10, the default"})`,
    );
    const refused = overload.filter((x) => x.status === 503).length;
    console.log(
      `503s during the overload phase: ${refused}: ${delta("overload_refusals_total")} by the event-loop limit, ` +
        `${delta('orders_outcomes_total{outcome="overloaded"}')} by the order queue's wait limit`,
    );
  } finally {
    await server.stop();
    await closeInfra(real.infra);
    await real.drop();
  }
}
