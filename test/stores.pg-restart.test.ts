import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivatePostgres, startPrivatePostgres } from "../scripts/local-services.js";
import { type Node, spawnNode, spawnWorker } from "./cluster.js";
import { isolatedEnv } from "./harness.js";
import { openShop, type Shop, startLoad, summary } from "./load.js";

/**
 * PostgreSQL restarted (`pg_ctl restart -m fast`: every backend terminated with 57P01, the
 * server away for a moment; then stopped for 2 s and started again) under load of reads and orders on two `serve` processes, with
 * a `worker` beside them. Afterwards every process is still running and answers within
 * seconds (the worker shows it by publishing the outbox again); requests that met the gap
 * were answered 503 with Retry-After, never a 500 and never left hanging. A private
 * PostgreSQL on a free port (initdb/pg_ctl as the postgres user), never the shared one.
 */
let db: PrivatePostgres;
let serves: Node[] = [];
let worker: Node | undefined;
let shop: Shop;
let dropSchema = async () => {};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function within<T>(ms: number, what: string, fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const out = await fn().catch(() => undefined);
    if (out !== undefined) return out;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(200);
  }
}

describe("PostgreSQL restarted under load", () => {
  beforeAll(async () => {
    db = await startPrivatePostgres();
    const isolated = await isolatedEnv({
      DATABASE_URL: db.url,
      DB_CONNECT_TIMEOUT_MS: "2000",
      DB_POOL_WAIT_TIMEOUT_MS: "3000",
    });
    dropSchema = isolated.dropSchema;
    // The first one migrates; the others find the schema ready.
    serves = [await spawnNode(isolated.env, "serve")];
    const [second, w] = await Promise.all([spawnNode(isolated.env, "serve"), spawnWorker(isolated.env)]);
    serves.push(second);
    worker = w;
    shop = await openShop(serves[0]?.url as string, 8);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...serves, ...(worker ? [worker] : [])].map((n) => n.stop()));
    await db?.stop();
    await dropSchema();
  });

  it("keeps every process running; the gap is 503 with Retry-After, then everything answers again", async () => {
    const urls = serves.map((s) => s.url);
    const load = startLoad(urls, shop, { workers: 6, hangMs: 10_000, maxMs: 40_000 });
    await sleep(2_000);
    const restartedAt = Date.now();
    db.restartFast();
    const restartMs = Date.now() - restartedAt;
    await sleep(3_000);
    // And once more with the server away for 2 s (refusing connections) before it is back.
    db.stopFast();
    await sleep(2_000);
    db.start();
    const backAt = Date.now();
    await sleep(3_000);
    await load.stop();

    for (const n of [...serves, worker as Node]) expect(n.alive(), n.stderr()).toBe(true);

    const s = summary(load.tallies);
    console.info(`pg restart took ${restartMs} ms; answers: ${JSON.stringify(s)}`);
    // Never a hang, never a dropped connection, never a 500: a 5xx is a 503 with Retry-After.
    const bad = load.tallies.filter(
      (t) => typeof t.status !== "number" || (t.status >= 500 && (t.status !== 503 || !t.retryAfter)),
    );
    expect(bad, JSON.stringify(s)).toEqual([]);
    // The outage was met: requests were refused, fast (within the connect and pool-wait
    // timeouts, 2 s and 3 s, and some slack), and answered again after it.
    const refused = load.tallies.filter((t) => t.status === 503);
    expect(refused.length, JSON.stringify(s)).toBeGreaterThan(0);
    expect(Math.max(...refused.map((t) => t.ms))).toBeLessThan(6_000);
    const after = load.tallies.filter((t) => t.at > backAt + 1_500);
    expect(after.filter((t) => t.status === 200 || t.status === 201).length).toBeGreaterThan(0);

    // Every serve answers a read and readiness within seconds.
    for (const url of urls) {
      await within(5_000, `${url} ready`, async () =>
        (await fetch(`${url}/health/ready`)).ok ? true : undefined,
      );
      const r = await fetch(`${url}/api/drops/${shop.dropId}`);
      expect(r.status).toBe(200);
    }
    // The worker is at work on the new server: an order placed now has its event published.
    const buyer = shop.buyers[0] as Shop["buyers"][number];
    const order = await fetch(`${urls[1]}/api/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${buyer.token}`,
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({ dropId: shop.dropId, quantity: 1, paymentMethodId: "pm_card_ok" }),
    });
    expect(order.status).toBe(201);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await within(10_000, "the worker publishing the outbox", async () => {
        const r = await client.query<{ n: number }>(
          "select count(*)::int as n from outbox_events where published_at is null",
        );
        return r.rows[0]?.n === 0 ? true : undefined;
      });
    } finally {
      await client.end();
    }
  }, 60_000);
});
