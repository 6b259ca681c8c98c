import { Redis } from "ioredis";
import type { Cache, CacheFallback } from "./index.js";
import { createMemoryCache } from "./memory.js";

export interface RedisCacheOptions {
  /** A command unanswered this long counts as Redis being away (a stopped or hung server). */
  commandTimeoutMs?: number;
  /** Called for every operation answered without Redis, for /metrics. */
  onFallback?: (op: CacheFallback) => void;
  /** Called when Redis goes away and when it is back (logging). */
  onState?: (state: "down" | "up", err?: unknown) => void;
}

/** After a failed command, Redis is not asked again for this long: an outage costs no timeouts per request. */
const DOWN_FOR_MS = 1_000;
/** Deletes that could not reach Redis, replayed once it is back; past this many the TTLs have to do. */
const MAX_PENDING_DELETES = 10_000;

/**
 * Redis, degrading instead of failing: when Redis is away (refused, closed, or not answering
 * within the command timeout) the cache keeps answering. `get` misses, so the caller reads
 * the database; `set` is skipped; `del` is remembered and replayed when Redis is back, so
 * an invalidation is not lost; `incr` counts in this process with the same window rules, so
 * rate limits still hold (per process) instead of turning into errors. After a failure
 * Redis is left alone for a second, then the next operation tries it again.
 */
export async function createRedisCache(
  url: string,
  namespace: string,
  opts: RedisCacheOptions = {},
): Promise<Cache> {
  const redis = new Redis(url, {
    keyPrefix: `${namespace}:`,
    lazyConnect: true,
    // Never queue commands while disconnected (they would wait for the reconnect): fail
    // them at once and fall back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs ?? 1_000,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  const local = createMemoryCache(10_000);
  const pendingDeletes = new Set<string>();
  let downUntil = 0;
  let down = false;
  let probing = false;
  let closing = false;

  const markDown = (err: unknown) => {
    if (closing) return;
    downUntil = Date.now() + DOWN_FOR_MS;
    if (!down) {
      down = true;
      opts.onState?.("down", err);
    }
  };
  const markUp = () => {
    if (!down) return;
    down = false;
    opts.onState?.("up");
    const keys = [...pendingDeletes];
    pendingDeletes.clear();
    if (keys.length > 0) {
      redis.del(...keys).catch((err) => {
        for (const k of keys) remember(k);
        markDown(err);
      });
    }
  };
  const remember = (key: string) => {
    if (pendingDeletes.size < MAX_PENDING_DELETES) pendingDeletes.add(key);
  };
  // Without a listener ioredis reports every failed reconnect as an unhandled error event.
  redis.on("error", markDown);
  redis.on("close", () => markDown(new Error("redis connection closed")));

  /** Run `op` on Redis, or `fallback` without it while Redis is away. */
  async function guarded<T>(
    name: CacheFallback,
    op: () => Promise<T>,
    fallback: () => Promise<T>,
  ): Promise<T> {
    // While Redis is away one operation at a time finds out whether it is back; the
    // others do not wait for its timeout.
    if (Date.now() < downUntil || redis.status !== "ready" || (down && probing)) {
      opts.onFallback?.(name);
      return fallback();
    }
    const probe = down;
    if (probe) probing = true;
    try {
      const out = await op();
      markUp();
      return out;
    } catch (err) {
      markDown(err);
      opts.onFallback?.(name);
      return fallback();
    } finally {
      if (probe) probing = false;
    }
  }

  await redis.connect();
  return {
    kind: "redis",
    get: (key) =>
      guarded(
        "get",
        () => redis.get(key),
        async () => null,
      ),
    set: (key, value, ttlMs) =>
      guarded(
        "set",
        async () => {
          await redis.set(key, value, "PX", ttlMs);
        },
        async () => {},
      ),
    del: async (...keys) => {
      if (keys.length === 0) return;
      await guarded(
        "del",
        async () => {
          await redis.del(...keys);
        },
        async () => {
          for (const k of keys) remember(k);
        },
      );
    },
    incr: (key, windowMs) =>
      guarded(
        "incr",
        async () => {
          // INCR then PEXPIRE NX in one round trip: the window is set by the first hit only.
          const res = await redis.multi().incr(key).pexpire(key, windowMs, "NX").exec();
          const [err, n] = res?.[0] ?? [new Error("redis multi returned nothing")];
          if (err) throw err;
          return Number(n);
        },
        () => local.incr(key, windowMs),
      ),
    // The real state, for readiness: the cache itself keeps answering either way.
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      closing = true;
      await redis.quit().catch(() => redis.disconnect());
      await local.close();
    },
  };
}
