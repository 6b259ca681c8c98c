import { LRUCache } from "lru-cache";
import type { Cache } from "./index.js";

/** In-process cache: an LRU bounded by entry count, each entry with its own TTL. */
export function createMemoryCache(maxEntries = 50_000): Cache {
  const values = new LRUCache<string, string>({ max: maxEntries, ttlAutopurge: false });
  const counters = new LRUCache<string, { n: number }>({ max: maxEntries });
  return {
    kind: "memory",
    get: async (key) => values.get(key) ?? null,
    set: async (key, value, ttlMs) => {
      values.set(key, value, { ttl: ttlMs });
    },
    del: async (...keys) => {
      for (const k of keys) values.delete(k);
    },
    incr: async (key, windowMs) => {
      const hit = counters.get(key);
      if (hit) {
        hit.n += 1;
        return hit.n;
      }
      counters.set(key, { n: 1 }, { ttl: windowMs });
      return 1;
    },
    ping: async () => {},
    close: async () => {
      values.clear();
      counters.clear();
    },
  };
}
