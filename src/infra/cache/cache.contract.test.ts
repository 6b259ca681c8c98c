import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRedis, startPrivateRedis } from "../../../scripts/local-services.js";
import type { Cache } from "./index.js";
import { createMemoryCache } from "./memory.js";
import { createRedisCache } from "./redis.js";

// One contract, every implementation. Redis joins when REDIS_URL is set (npm run test:services).
const impls: [string, () => Promise<Cache>][] = [["memory", async () => createMemoryCache()]];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) impls.push(["redis", () => createRedisCache(redisUrl, `t${process.pid}${Date.now()}`)]);

describe.each(impls)("Cache contract: %s", (_name, make) => {
  let cache: Cache;
  beforeAll(async () => {
    cache = await make();
  });
  afterAll(() => cache.close());

  it("returns what was set and null for a missing key", async () => {
    await cache.set("a", "1", 10_000);
    expect(await cache.get("a")).toBe("1");
    expect(await cache.get("missing")).toBeNull();
  });

  it("forgets a value after its TTL", async () => {
    await cache.set("short", "x", 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await cache.get("short")).toBeNull();
  });

  it("deletes several keys at once", async () => {
    await cache.set("d1", "1", 10_000);
    await cache.set("d2", "2", 10_000);
    await cache.del("d1", "d2");
    expect(await cache.get("d1")).toBeNull();
    expect(await cache.get("d2")).toBeNull();
  });

  it("counts concurrent increments exactly and restarts the window after it expires", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.incr("ctr", 200)));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await new Promise((r) => setTimeout(r, 300));
    expect(await cache.incr("ctr", 200)).toBe(1);
  });
});

/**
 * Redis away: the cache degrades instead of failing (see redis.ts). A private redis-server
 * on a free port, frozen (SIGSTOP: connections open, nothing answers) and killed (refused),
 * never the shared one.
 */
describe("Redis cache while Redis is away", () => {
  let redis: PrivateRedis;
  let cache: Cache;
  const fallbacks: string[] = [];
  beforeAll(async () => {
    redis = await startPrivateRedis();
    cache = await createRedisCache(redis.url, "degrade", {
      commandTimeoutMs: 200,
      onFallback: (op) => void fallbacks.push(op),
    });
  });
  afterAll(async () => {
    await cache?.close();
    await redis?.stop();
  });

  it("answers while frozen: get misses, set and del are skipped, incr counts in-process in windows", async () => {
    await cache.set("kept", "before", 60_000);
    await cache.set("stale", "old", 60_000);
    expect(await cache.incr("win", 60_000)).toBe(1);
    redis.freeze();
    try {
      const started = Date.now();
      expect(await cache.get("kept")).toBeNull();
      await cache.set("new", "x", 60_000);
      await cache.del("stale");
      // In-process counting: exact under concurrency, and the window restarts after it ends.
      const hits = await Promise.all(Array.from({ length: 20 }, () => cache.incr("local", 200)));
      expect([...hits].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      await new Promise((r) => setTimeout(r, 300));
      expect(await cache.incr("local", 200)).toBe(1);
      // One command waits for the timeout; the rest do not wait at all.
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(new Set(fallbacks)).toEqual(new Set(["get", "set", "del", "incr"]));
    } finally {
      redis.thaw();
    }
  });

  it("is itself again once Redis answers: values kept, a delete made meanwhile replayed", async () => {
    let kept: string | null = null;
    for (let i = 0; i < 50 && kept === null; i++) {
      kept = await cache.get("kept");
      if (kept === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(kept).toBe("before");
    await new Promise((r) => setTimeout(r, 100)); // the replayed delete is one round trip behind
    expect(await cache.get("stale")).toBeNull();
    // Back on the shared counter: the window started before the outage goes on.
    expect(await cache.incr("win", 60_000)).toBe(2);
  });

  it("answers at once while Redis refuses connections, and recovers when it restarts", async () => {
    await redis.kill();
    const started = Date.now();
    expect(await cache.get("kept")).toBeNull();
    expect(await cache.incr("refused", 60_000)).toBe(1);
    expect(await cache.incr("refused", 60_000)).toBe(2);
    await cache.set("k", "v", 60_000);
    expect(Date.now() - started).toBeLessThan(1_500);
    await redis.restart();
    let back: string | null = null;
    for (let i = 0; i < 100 && back === null; i++) {
      await cache.set("after", "yes", 60_000);
      back = await cache.get("after");
      if (back === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBe("yes");
  });
});
