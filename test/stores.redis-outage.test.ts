import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRedis, startPrivateRedis } from "../scripts/local-services.js";
import { type Node, spawnNode } from "./cluster.js";
import { isolatedEnv } from "./harness.js";
import { openShop, type Shop, startLoad, summary } from "./load.js";

/**
 * Redis away for 10 s under steady load of reads, logins and orders: first frozen (SIGSTOP,
 * its connections open and silent, the hardest case), then killed (refused), then started
 * again on the same port. No request gets a 5xx or hangs, the process keeps running, and it
 * uses Redis again afterwards. A private redis-server on a free port, never the shared one;
 * the database is the suite's (embedded, or a fresh schema on PostgreSQL).
 */
let redis: PrivateRedis;
let node: Node;
let shop: Shop;
let dropSchema = async () => {};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let serviceToken = "";
const metric = async (base: string, name: string) => {
  const headers = { authorization: `Bearer ${serviceToken}` };
  const text = await (await fetch(`${base}/metrics`, { headers })).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
};

describe("Redis stopped for 10 s under load", () => {
  beforeAll(async () => {
    redis = await startPrivateRedis();
    const isolated = await isolatedEnv({
      REDIS_URL: redis.url,
      // Limits on, counted through the cache (in-process while Redis is away), and generous,
      // so the limit itself never answers.
      RATE_LIMITS: "on",
      ...Object.fromEntries(
        ["LOGIN", "REGISTER", "ORDERS", "PAYMENTS"].flatMap((l) => [
          [`RATE_LIMIT_${l}_PER_ACCOUNT`, "1000000"],
          [`RATE_LIMIT_${l}_PER_ADDRESS`, "1000000"],
        ]),
      ),
    });
    dropSchema = isolated.dropSchema;
    serviceToken = isolated.env.INTERNAL_TOKEN as string;
    node = await spawnNode(isolated.env, "serve");
    shop = await openShop(node.url, 12);
  }, 60_000);
  afterAll(async () => {
    await node?.stop();
    await redis?.stop();
    await dropSchema();
  });

  it("answers every read, login and order without a 5xx, and uses Redis again once it is back", async () => {
    const load = startLoad([node.url], shop, { workers: 6, hangMs: 10_000, maxMs: 45_000 });
    await sleep(1_500);
    redis.freeze();
    await sleep(5_000);
    await redis.kill();
    await sleep(1_000);
    // Still ready: a degraded cache does not take the process out of the load balancer.
    const during = await fetch(`${node.url}/health/ready`);
    expect(during.status).toBe(200);
    expect((await during.json()).checks["cache:redis"]).toBe("degraded");
    await sleep(4_000);
    await redis.restart();
    await sleep(2_500);
    await load.stop();

    const s = summary(load.tallies);
    const bad = load.tallies.filter((t) => typeof t.status !== "number" || t.status >= 500);
    expect(bad, JSON.stringify(s)).toEqual([]);
    // The load did run, through the outage, of every kind.
    for (const kind of ["read", "login", "order"] as const) {
      expect(
        load.tallies.filter((t) => t.kind === kind && (t.status === 200 || t.status === 201)).length,
      ).toBeGreaterThan(5);
    }
    expect(s["order 201"] ?? 0).toBeGreaterThan(5);
    expect(s["login 200"] ?? 0).toBeGreaterThan(5);
    expect(node.alive(), node.stderr()).toBe(true);
    // The outage was real: the cache answered without Redis...
    expect(await metric(node.url, "cache_fallbacks_total")).toBeGreaterThan(0);
    // ...and it is back on Redis: readiness says so, and no operation falls back any more.
    let ready: { checks?: Record<string, string> } = {};
    for (let i = 0; i < 50; i++) {
      ready = await (await fetch(`${node.url}/health/ready`)).json();
      if (Object.values(ready.checks ?? {}).every((v) => v === "ok")) break;
      await sleep(200);
    }
    expect(ready.checks?.["cache:redis"]).toBe("ok");
    // A few rounds, so that one slow command on a loaded machine does not decide it.
    let fellBack = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5 && fellBack > 0; round++) {
      await sleep(1_200); // past the pause after a failure
      const before = await metric(node.url, "cache_fallbacks_total");
      for (let i = 0; i < 5; i++) await fetch(`${node.url}/api/drops/${shop.dropId}`);
      fellBack = (await metric(node.url, "cache_fallbacks_total")) - before;
    }
    expect(fellBack).toBe(0);
  }, 60_000);
});
