import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTopology, type Topology } from "../../scripts/topology.js";
import { createNatsBus } from "../../src/infra/bus/nats.js";
import { http } from "../factories.js";
import { openShop, type Shop, startLoad, summary } from "../load.js";

/**
 * Faults in the production topology (scripts/topology.ts: nginx, 2 serve, 1 worker,
 * PostgreSQL, Redis, 3 NATS nodes, all private copies), under a steady load of reads,
 * logins and orders from clients that retry with the same Idempotency-Key. Each scenario
 * prints what it measured. `npm run test:faults`.
 */

const ROOT = join(import.meta.dirname, "../..");
const OPERATOR = "ops@faults.example.com";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let topo: Topology;
let shop: Shop;
let db: pg.Pool;

/** `livedrop check` on the topology's database: the stock invariants and payment/order agreement. */
const check = () =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(ROOT, "src/cli.ts"), "check"],
      { env: { ...process.env, ...topo.env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });

async function within<T>(ms: number, what: string, fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const out = await fn().catch(() => undefined);
    if (out !== undefined) return out;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(250);
  }
}

/** An answer a client keeps: the order (confirmed), or its payment failed (the order failed, stock back). */
const final = (status: number | string) => status === 201 || status === 200 || status === 402;

/** Every key the clients gave up on or kept: exactly one order for each, the one they were told. */
async function everyKeyHasOneOrder(orders: ReturnType<typeof startLoad>["orders"]) {
  // A key whose retries were cut short when the load stopped is retried now, as its client would.
  for (const [key, o] of orders) {
    if (final(o.status)) continue;
    const buyer = shop.buyers[o.buyer] as Shop["buyers"][number];
    await within(30_000, `key ${key} answered`, async () => {
      const r = await fetch(`${topo.url}/api/orders`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${buyer.token}`,
          "idempotency-key": key,
        },
        body: JSON.stringify({ dropId: shop.dropId, quantity: 1, paymentMethodId: "pm_card_ok" }),
      });
      const text = await r.text();
      orders.set(key, { status: r.status, text, buyer: o.buyer });
      return final(r.status) ? true : undefined;
    });
  }
  const answered = [...orders.entries()];
  const keys = answered.map(([k]) => k);
  const rows = await db.query<{ idempotency_key: string; id: string; n: string }>(
    `select idempotency_key, min(id::text) as id, count(*) as n from orders
      where idempotency_key = any($1) group by idempotency_key`,
    [keys],
  );
  expect(rows.rows.length).toBe(keys.length);
  for (const r of rows.rows) {
    expect(Number(r.n)).toBe(1);
    const told = orders.get(r.idempotency_key);
    const body = JSON.parse(told?.text ?? "{}");
    expect(told?.status === 402 ? (body.error?.details?.orderId ?? r.id) : body.data?.order?.id).toBe(r.id);
  }
  return keys.length;
}

beforeAll(async () => {
  topo = await startTopology({
    serves: 2,
    workers: 1,
    runDir: mkdtempSync(join(tmpdir(), "livedrop-faults-")),
    env: {
      // One address sends the whole crowd here; the limits have their own tests.
      RATE_LIMITS: "off",
      // Admission control has its own tests (test/overload.test.ts); here a CI machine running
      // nine processes is busy, not overloaded, and a 503 OVERLOADED would read as an outage.
      OVERLOAD: "off",
      DB_CONNECT_TIMEOUT_MS: "2000",
      DB_POOL_WAIT_TIMEOUT_MS: "3000",
      RESERVATION_TTL_MS: "15000",
      LOG_REQUESTS: "errors",
      OPERATOR_EMAILS: OPERATOR,
      OPS_SAMPLE_MS: "1000",
    },
  });
  db = new pg.Pool({ connectionString: topo.postgres.url, max: 2 });
  db.on("error", () => {}); // the restart scenario ends its connections too
  shop = await openShop(topo.url, 8);
}, 240_000);

afterAll(async () => {
  await db?.end();
  await topo?.stop();
}, 60_000);

describe("faults in the production topology", () => {
  it("the operators' view through nginx shows every process, whichever serve answers; request ids pass", async () => {
    const r = await http(topo.url, "POST", "/api/auth/register", {
      body: { name: "Operator", email: OPERATOR, password: "correct horse battery" },
    });
    expect(r.status).toBe(201);
    // Round-robin: several calls reach both serves; each must list all three processes.
    for (let i = 0; i < 4; i++) {
      const view = await within(15_000, "three processes in the ops view", async () => {
        const m = await http(topo.url, "GET", "/api/ops/metrics", { token: r.data.token });
        return m.status === 200 && m.data.processes.length === 3 ? m.data : undefined;
      });
      expect(view.processes.map((p: { role: string }) => p.role).sort()).toEqual([
        "serve",
        "serve",
        "worker",
      ]);
      expect(view.requests.total).toBeGreaterThan(0);
    }
    const traced = await http(topo.url, "GET", "/api/drops", {
      headers: { "x-request-id": "faults-trace-1" },
    });
    expect(traced.headers.get("x-request-id")).toBe("faults-trace-1");
  });

  it("a serve killed with kill -9: retries succeed on the other, every key has exactly one order", async () => {
    const load = startLoad([topo.url], shop, { workers: 8, hangMs: 15_000, maxMs: 40_000 });
    await sleep(3_000);
    const killedAt = Date.now();
    await topo.serves[0]?.kill9();
    await sleep(6_000);
    await load.stop();
    const n = await everyKeyHasOneOrder(load.orders);
    const failed = load.tallies.filter((t) => t.at > killedAt && t.status !== 200 && t.status !== 201);
    console.log(
      `kill -9 serve: ${n} order keys, each one order; answers after the kill: ${JSON.stringify(summary(load.tallies.filter((t) => t.at > killedAt)))}; non-2xx seen by clients: ${failed.length}`,
    );
    // Back before judging, so a failure here does not leave the next scenarios one serve short.
    await topo.serves[0]?.restart();
    // Reads and logins never see the dead instance: nginx moves them to the other.
    expect(
      failed.filter((t) => t.kind !== "order" && (t.status === "hang" || Number(t.status) >= 500)),
    ).toEqual([]);
    const c = await check();
    expect(c.code, c.out).toBe(0);
  }, 120_000);

  it("one NATS node killed: no event lost, none delivered twice to a consumer", async () => {
    // A consumer group on the replicated stream, while a publisher sends through the cluster.
    const ns = `faults_${randomUUID().slice(0, 8)}`;
    const opts = { streamReplicas: 3 };
    const [pub, sub] = [
      await createNatsBus(topo.nats.url, ns, opts),
      await createNatsBus(topo.nats.url, ns, opts),
    ];
    const seen = new Map<string, number>();
    await sub.subscribe("e.>", (m) => void seen.set(m.id, (seen.get(m.id) ?? 0) + 1), { group: "faults" });
    // And the app itself: orders keep being confirmed and their events keep flowing.
    const load = startLoad([topo.url], shop, { workers: 4, maxMs: 30_000 });
    const ids: string[] = [];
    let publishErrors = 0;
    const started = Date.now();
    for (let i = 0; i < 600; i++) {
      const id = randomUUID();
      ids.push(id);
      if (i === 200) await topo.nats.nodes[0]?.kill();
      // A publisher retries with the same id until the stream has it (JetStream drops the copy).
      for (;;) {
        try {
          await pub.publish(`e.${i % 7}`, { i }, id);
          break;
        } catch {
          publishErrors++;
          await sleep(100);
        }
      }
    }
    await within(30_000, "every event consumed", async () =>
      ids.every((id) => seen.has(id)) ? true : undefined,
    );
    await sleep(1_000);
    await load.stop();
    const twice = [...seen.values()].filter((n) => n > 1).length;
    console.log(
      `NATS node killed: ${ids.length} events in ${Date.now() - started} ms, ${publishErrors} publish retries, ${seen.size} consumed, ${twice} twice; app answers: ${JSON.stringify(summary(load.tallies))}`,
    );
    expect(twice).toBe(0);
    expect(seen.size).toBe(ids.length);
    await everyKeyHasOneOrder(load.orders);
    // The relay published everything the app wrote while a node was down.
    await within(20_000, "outbox drained", async () => {
      const r = await db.query("select count(*)::int as n from outbox_events where published_at is null");
      return r.rows[0].n === 0 ? true : undefined;
    });
    await Promise.all([pub.close(), sub.close()]);
    await topo.nats.nodes[0]?.restart();
  }, 120_000);

  it("Redis stopped for 10 s: no 5xx on reads, logins or orders; it is used again afterwards", async () => {
    const load = startLoad([topo.url], shop, { workers: 6, hangMs: 15_000, maxMs: 40_000 });
    await sleep(2_000);
    await topo.redis.kill();
    const downAt = Date.now();
    await sleep(10_000);
    await topo.redis.restart();
    await sleep(4_000);
    await load.stop();
    const during = load.tallies.filter((t) => t.at >= downAt);
    console.log(`Redis away 10 s: ${JSON.stringify(summary(during))}`);
    expect(during.filter((t) => t.status === "hang" || Number(t.status) >= 500)).toEqual([]);
    expect(during.filter((t) => t.kind === "order" && t.status === 201).length).toBeGreaterThan(0);
    await everyKeyHasOneOrder(load.orders);
  }, 120_000);

  it("PostgreSQL restarted under load: fast 503s with Retry-After, then back by itself; no confirmed order lost", async () => {
    const load = startLoad([topo.url], shop, { workers: 6, hangMs: 10_000, maxMs: 40_000 });
    await sleep(2_000);
    const restartAt = Date.now();
    topo.postgres.restartFast();
    topo.postgres.stopFast();
    await sleep(2_000);
    topo.postgres.start();
    const backAt = Date.now();
    const recovered = await within(30_000, "reads answer again", async () => {
      const r = await fetch(`${topo.url}/api/drops/${shop.dropId}`);
      return r.status === 200 ? Date.now() : undefined;
    });
    await sleep(3_000);
    await load.stop();
    const gap = load.tallies.filter((t) => t.at >= restartAt && t.at <= recovered);
    const refused = gap.filter((t) => t.status === 503);
    console.log(
      `PostgreSQL restart: recovered ${recovered - backAt} ms after it was back; during the gap ${JSON.stringify(summary(gap))}; slowest 503 ${Math.max(0, ...refused.map((t) => t.ms))} ms`,
    );
    expect(gap.filter((t) => t.status === "hang" || t.status === 500)).toEqual([]);
    for (const t of refused) expect(t.retryAfter).not.toBeNull();
    expect(topo.serves.every((s) => s.alive()) && topo.workers.every((w) => w.alive())).toBe(true);
    await everyKeyHasOneOrder(load.orders);
    const c = await check();
    expect(c.code, c.out).toBe(0);
  }, 120_000);

  it("the worker killed: after its restart, reservations expire exactly once and events flow", async () => {
    const buyer = shop.buyers[0] as Shop["buyers"][number];
    await topo.workers[0]?.kill9();
    // Reservations nobody pays, taken while no worker runs.
    const pending: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await http(topo.url, "POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": randomUUID() },
        body: { dropId: shop.dropId, quantity: 1 },
      });
      expect(r.status).toBe(201);
      pending.push(r.body.data.order.id);
    }
    await sleep(16_000); // past RESERVATION_TTL_MS, with nobody to expire them
    const restartedAt = Date.now();
    await topo.workers[0]?.restart();
    await within(30_000, "reservations expired", async () => {
      const r = await db.query(
        "select count(*)::int as n from orders where id = any($1) and status = 'expired'",
        [pending],
      );
      return r.rows[0].n === pending.length ? true : undefined;
    });
    await within(20_000, "their events published once", async () => {
      const r = await db.query(
        `select aggregate_id, count(*)::int as n, bool_and(published_at is not null) as published
           from outbox_events where type = 'order.expired' and aggregate_id = any($1) group by aggregate_id`,
        [pending],
      );
      return r.rows.length === pending.length && r.rows.every((x) => x.n === 1 && x.published)
        ? true
        : undefined;
    });
    console.log(
      `worker killed: ${pending.length} reservations expired once, ${Date.now() - restartedAt} ms after its restart`,
    );
    const c = await check();
    expect(c.code, c.out).toBe(0);
  }, 120_000);
});
