import { Redis } from "ioredis";
import type { Cache } from "./index.js";

export async function createRedisCache(url: string, namespace: string): Promise<Cache> {
  const redis = new Redis(url, { keyPrefix: `${namespace}:`, lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  return {
    kind: "redis",
    get: (key) => redis.get(key),
    set: async (key, value, ttlMs) => {
      await redis.set(key, value, "PX", ttlMs);
    },
    del: async (...keys) => {
      if (keys.length > 0) await redis.del(...keys);
    },
    incr: async (key, windowMs) => {
      // INCR then PEXPIRE NX in one round trip: the window is set by the first hit only.
      const res = await redis.multi().incr(key).pexpire(key, windowMs, "NX").exec();
      return Number(res?.[0]?.[1] ?? 0);
    },
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
