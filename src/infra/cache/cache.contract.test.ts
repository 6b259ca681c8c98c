import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
