import type { Cache } from "./index.js";
import type { RedisCacheOptions } from "./redis.js";

/**
 * Which cache this process uses. Apart from index.ts (the interface) so the
 * implementations can import it without a cycle.
 */
export interface CacheOptions extends RedisCacheOptions {
  redisUrl: string | undefined;
  namespace: string;
}

export async function createCache(opts: CacheOptions): Promise<Cache> {
  if (opts.redisUrl) {
    const { createRedisCache } = await import("./redis.js");
    return createRedisCache(opts.redisUrl, opts.namespace, opts);
  }
  const { createMemoryCache } = await import("./memory.js");
  return createMemoryCache();
}
