/**
 * The production topology measured through its gateway: `npm run cluster`'s nginx in front
 * of 2 `serve` and 1 `worker` (NODE_ENV=production, the deployment's defaults) on a private
 * PostgreSQL, Redis and 3-node NATS cluster. Prints what the README's sizing rests on:
 * - cached drop detail req/s through nginx, beside the same load on one `serve` directly;
 * - hot-drop orders/s through nginx (each confirmed in the call), with p50/p99;
 * - delivery: orders paced at --rate/s through nginx, time from the HTTP answer to
 *   `order.confirmed` on the buyer's socket, itself held through nginx.
 * The load comes from many loopback addresses (127.0.0.2 ...), each under nginx's edge
 * limit per address, as a crowd would; the app's own per-account limits are off
 * (RATE_LIMITS=off: a few thousand bench accounts order far more often than people do).
 * Options: --seconds S (8), --connections N (64 reads, 128 orders), --rate N (50), --buyers N (200).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startTopology } from "../scripts/topology.js";
import { createPgDb } from "../src/infra/db/pg.js";
import { insertCreator, insertDrop, insertUsers, tokensFor } from "../test/factories.js";
import { PushClient } from "../test/push.client.js";
import { arg, machine } from "./lib.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Loopback addresses the load comes from: nginx limits ordering per client address. */
const ADDRESSES = 250;
const from = (i: number) => `127.0.0.${2 + (i % ADDRESSES)}`;

interface Result {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  byStatus: Record<string, number>;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const round = (n: number) => Math.round(n * 10) / 10;

/** One HTTP request on a keep-alive agent bound to one source address. */
function send(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Closed loop: `connections` clients, each its own address, sending back to back for `seconds`. */
async function closedLoop(
  label: string,
  base: string,
  o: {
    connections: number;
    seconds: number;
    method: string;
    path: string;
    headers: (n: number) => Record<string, string>;
    body?: string;
  },
): Promise<Result> {
  const url = new URL(o.path, base);
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  const t0 = performance.now();
  const end = t0 + o.seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: o.connections }, async (_, c) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: from(c) });
      while (performance.now() < end) {
        const sent = performance.now();
        const r = await send(agent, url, o.method, o.headers(n++), o.body).catch(() => ({
          status: 0,
          text: "",
        }));
        latencies.push(performance.now() - sent);
        byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      }
      agent.destroy();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const ok = Object.entries(byStatus)
    .filter(([s]) => /^2/.test(s))
    .reduce((m, [, v]) => m + v, 0);
  latencies.sort((a, b) => a - b);
  return {
    label,
    perSecond: ok / seconds,
    p50: round(pct(latencies, 0.5)),
    p99: round(pct(latencies, 0.99)),
    byStatus,
  };
}

export default async function main(args: string[]): Promise<void> {
  const seconds = arg(args, "seconds", 8);
  const readConnections = arg(args, "connections", 64);
  const orderConnections = arg(args, "connections", 64);
  const rate = arg(args, "rate", 50);
  const buyerCount = arg(args, "buyers", 200);
  const runDir = mkdtempSync(join(tmpdir(), "livedrop-bench-cluster-"));
  console.log(
    `cluster bench on ${machine()}; nginx + 2 serve + 1 worker (NODE_ENV=production) on private PostgreSQL, Redis, 3 NATS nodes; load from ${ADDRESSES} loopback addresses`,
  );
  const topology = await startTopology({
    serves: 2,
    workers: 1,
    runDir,
    env: { RATE_LIMITS: "off", LOG_LEVEL: "warn" },
  });
  const db = createPgDb(topology.env.DATABASE_URL as string, 2);
  const sockets: PushClient[] = [];
  try {
    const creatorId = await insertCreator(db);
    const { dropId } = await insertDrop(db, { creatorId, stock: 50_000_000 });
    const ids = await insertUsers(db, Math.max(2_000, buyerCount));
    const tokens = tokensFor(topology.env.JWT_SECRET as string, ids);
    const results: Result[] = [];

    // Reads: the cached drop detail, through the gateway and on one instance directly.
    const read = {
      connections: readConnections,
      seconds,
      method: "GET",
      path: `/api/drops/${dropId}`,
      headers: () => ({}),
    };
    await closedLoop("warm-up", topology.url, { ...read, seconds: 2 });
    results.push(
      await closedLoop("drop detail, one serve directly", topology.serves[0]?.url as string, read),
    );
    results.push(await closedLoop("drop detail through nginx (2 serve)", topology.url, read));

    // Orders: a hot drop, every order paid in the call.
    const body = JSON.stringify({ dropId, quantity: 1, paymentMethodId: "pm_card_ok" });
    const orders = {
      connections: orderConnections,
      seconds,
      method: "POST",
      path: "/api/orders",
      body,
      headers: (n: number) => ({
        "content-type": "application/json",
        authorization: `Bearer ${tokens[n % tokens.length]}`,
        "idempotency-key": randomUUID(),
      }),
    };
    results.push(
      await closedLoop("hot-drop orders, one serve directly", topology.serves[0]?.url as string, orders),
    );
    results.push(await closedLoop("hot-drop orders through nginx (2 serve)", topology.url, orders));
    console.table(
      results.map((r) => ({
        scenario: r.label,
        "ok/s": Math.round(r.perSecond),
        "p50 ms": r.p50,
        "p99 ms": r.p99,
        statuses: JSON.stringify(r.byStatus),
      })),
    );

    // Delivery through the gateway: sockets on nginx, orders paced on nginx.
    const arrived = new Map<string, number>();
    // Connected as a client would: a refusal (503 while the machine is still busy) is retried.
    const connect = async (token: string): Promise<PushClient> => {
      for (let attempt = 0; ; attempt++) {
        const s = new PushClient(topology.url, token);
        s.ws.on("message", (raw) => {
          const m = JSON.parse(String(raw));
          if (m.type === "order.confirmed" && !arrived.has(m.data?.orderId))
            arrived.set(m.data.orderId, performance.now());
        });
        try {
          await s.ready;
          return s;
        } catch (err) {
          s.ws.terminate();
          if (attempt >= 10) throw err;
          await sleep(200 * (attempt + 1));
        }
      }
    };
    await sleep(2_000); // let the order load's backlog drain
    for (let i = 0; i < buyerCount; i += 20)
      sockets.push(...(await Promise.all(tokens.slice(i, Math.min(i + 20, buyerCount)).map(connect))));
    const answered = new Map<string, number>();
    const agents = Array.from(
      { length: buyerCount },
      (_, i) => new Agent({ keepAlive: true, localAddress: from(i) }),
    );
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    let failed = 0;
    for (let k = 0; k < rate * seconds; k++) {
      const wait = t0 + (k * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      const i = k % buyerCount;
      inflight.push(
        send(
          agents[i] as Agent,
          new URL("/api/orders", topology.url),
          "POST",
          {
            "content-type": "application/json",
            authorization: `Bearer ${tokens[i]}`,
            "idempotency-key": randomUUID(),
          },
          body,
        ).then(
          (r) => {
            const order = r.status === 201 ? JSON.parse(r.text).data?.order : undefined;
            if (order?.status === "confirmed") answered.set(order.id, performance.now());
            else failed++;
          },
          () => {
            failed++;
          },
        ),
      );
    }
    await Promise.all(inflight);
    const deadline = performance.now() + 5_000;
    while ([...answered.keys()].some((id) => !arrived.has(id)) && performance.now() < deadline)
      await sleep(20);
    for (const a of agents) a.destroy();
    const delivery = [...answered]
      .map(([id, at]) => (arrived.get(id) ?? Number.NaN) - at)
      .filter((d) => !Number.isNaN(d))
      .sort((a, b) => a - b);
    console.log(
      `delivery through nginx at ${rate} orders/s for ${seconds} s, ${buyerCount} sockets: ` +
        `${answered.size} confirmed, ${failed} not; answer -> order.confirmed on the socket ` +
        `p50 ${round(pct(delivery, 0.5))} ms, p99 ${round(pct(delivery, 0.99))} ms, ` +
        `max ${round(delivery.at(-1) ?? Number.NaN)} ms, ${answered.size - delivery.length} never arrived`,
    );
  } finally {
    await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
    await db.close();
    await topology.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}
