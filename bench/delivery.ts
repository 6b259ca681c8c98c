/**
 * Order confirmation delivery across processes, on PostgreSQL + Redis + NATS (DATABASE_URL,
 * REDIS_URL, NATS_URL, defaults: the local servers), in a fresh schema and namespace:
 * two `livedrop serve` processes and one `livedrop worker`, with production defaults
 * (NODE_ENV=production, secrets generated for the run). Each buyer holds a push socket on
 * one server and orders (pm_card_ok, so the order confirms in the call) through the other,
 * so every event crosses processes: serve (outbox row) -> worker (relay) -> NATS -> serve
 * -> socket. Prints the time from the HTTP answer to `order.confirmed` on the buyer's
 * socket (p50/p99/max), beside the HTTP answer time itself and the outbox's own lag
 * (commit to published_at). Options: --buyers N (200), --rate N orders/s (50), --duration S (10),
 * --warmup S (2, orders placed first and not counted).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createPgDb } from "../src/infra/db/pg.js";
import { type Node, spawnNode } from "../test/cluster.js";
import { http, insertCreator, insertDrop, insertUsers, tokensFor } from "../test/factories.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { PushClient, spawnWorker } from "../test/push.client.js";
import { arg, DEFAULT_PG, machine } from "./lib.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const ms = (v: number) => Math.round(v * 10) / 10;
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: ms(pct(s, 0.5)), p99: ms(pct(s, 0.99)), max: ms(s.at(-1) ?? Number.NaN) };
};

export default async function main(args: string[]): Promise<void> {
  const buyerCount = arg(args, "buyers", 200);
  const rate = arg(args, "rate", 50);
  const duration = arg(args, "duration", 10);
  const warmup = arg(args, "warmup", 2);
  const schema = await freshSchemaUrl(process.env.DATABASE_URL || DEFAULT_PG);
  const secret = randomBytes(32).toString("hex");
  const env = {
    NODE_ENV: "production",
    JWT_SECRET: secret,
    INTERNAL_TOKEN: randomUUID(),
    DATABASE_URL: schema.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    NATS_URL: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    RATE_LIMITS: "off", // a crowd from one address
  };
  console.log(
    `delivery bench on ${machine()}; PostgreSQL + Redis + NATS, 2 servers + 1 worker (NODE_ENV=production); ` +
      `${buyerCount} buyers, ${rate} orders/s for ${duration} s after ${warmup} s of warm-up`,
  );
  const nodes: Node[] = [];
  let worker: { stop(): Promise<void> } | undefined;
  const sockets: PushClient[] = [];
  const db = createPgDb(schema.url, 2);
  try {
    // The first server migrates the fresh schema; the others find it done.
    nodes.push(await spawnNode(env));
    nodes.push(await spawnNode(env));
    worker = await spawnWorker(env);
    const creatorId = await insertCreator(db);
    const { dropId } = await insertDrop(db, { creatorId, stock: 10_000_000 });
    const ids = await insertUsers(db, buyerCount);
    const tokens = tokensFor(secret, ids);

    // When each order's confirmation reached its buyer's socket, by order id.
    const arrived = new Map<string, number>();
    const arrivedWall = new Map<string, number>();
    for (const [i, token] of tokens.entries()) {
      const s = new PushClient(nodes[i % 2]?.url ?? "", token);
      s.ws.on("message", (raw) => {
        const m = JSON.parse(String(raw));
        if (m.type === "order.confirmed" && !arrived.has(m.data?.orderId)) {
          arrived.set(m.data.orderId, performance.now());
          arrivedWall.set(m.data.orderId, Date.now());
        }
      });
      sockets.push(s);
    }
    await Promise.all(sockets.map((s) => s.ready));

    // Paced arrivals (open loop): one order every 1000/rate ms, whatever the answers do.
    // The first `warmup` seconds of them are not counted (JIT, pools and caches filling).
    const answered = new Map<string, { sent: number; at: number; wall: number }>();
    let refused = 0;
    const warm = rate * warmup;
    const total = warm + rate * duration;
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = t0 + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const i = k % buyerCount;
      inflight.push(
        (async () => {
          const sent = performance.now();
          const res = await http(nodes[(i + 1) % 2]?.url ?? "", "POST", "/api/orders", {
            token: tokens[i],
            headers: { "idempotency-key": randomUUID() },
            body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
          });
          const at = performance.now();
          const wall = Date.now();
          const order = res.body?.data?.order;
          if (k < warm) return;
          if (res.status !== 201 || order?.status !== "confirmed") refused++;
          else answered.set(order.id, { sent, at, wall });
        })(),
      );
    }
    await Promise.all(inflight);
    const deadline = performance.now() + 5_000;
    while ([...answered.keys()].some((id) => !arrived.has(id)) && performance.now() < deadline)
      await sleep(20);

    const delivery: number[] = [];
    const answers: number[] = [];
    let early = 0;
    for (const [id, a] of answered) {
      answers.push(a.at - a.sent);
      const got = arrived.get(id);
      if (got === undefined) continue;
      delivery.push(got - a.at);
      if (got < a.at) early++;
    }
    // Where the time went, in wall-clock ms (one machine, one clock): the worker's relay
    // marks `published_at` once NATS has the event; the rest is NATS to a server to the socket.
    const published = new Map(
      (
        await db.query<{ id: string; at: Date }>(
          "select aggregate_id as id, published_at as at from outbox_events where type = 'order.confirmed'",
        )
      ).rows.map((r) => [r.id, r.at?.getTime()]),
    );
    const toPublished: number[] = [];
    const toSocket: number[] = [];
    for (const [id, a] of answered) {
      const p = published.get(id);
      const w = arrivedWall.get(id);
      if (p === undefined || w === undefined) continue;
      toPublished.push(p - a.wall);
      toSocket.push(w - p);
    }
    const d = summary(delivery);
    console.table([
      {
        measure: "HTTP answer -> order.confirmed on the socket",
        ...d,
        lost: answered.size - delivery.length,
        "before the answer": early,
      },
      {
        measure: "HTTP answer time (request -> response)",
        ...summary(answers),
        lost: "",
        "before the answer": "",
      },
      {
        measure: "  of which: HTTP answer -> published (relay)",
        ...summary(toPublished),
        lost: "",
        "before the answer": "",
      },
      {
        measure: "  of which: published -> socket (NATS, push)",
        ...summary(toSocket),
        lost: "",
        "before the answer": "",
      },
    ]);
    console.log(
      `orders: ${answered.size} confirmed, ${refused} refused; delivery p99 ${d.p99} ms (target <= 50 ms)`,
    );
  } finally {
    await Promise.all(sockets.map((s) => s.close().catch(() => {})));
    await worker?.stop().catch(() => {});
    await Promise.all(nodes.map((n) => n.stop()));
    await db.close();
    await schema.drop();
  }
}
