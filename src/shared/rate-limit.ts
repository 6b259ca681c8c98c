import type { Cache } from "../infra/cache/index.js";
import { AppError } from "./errors.js";

/**
 * Fixed-window limits on the shared counter store, so every server process counts the
 * same window (Redis) and a key can be anything: an IP, an account, both. We use this
 * rather than @fastify/rate-limit because a login must be limited per IP *and* per
 * account, which is two keys for one request.
 */
export function createRateLimiter(cache: Cache) {
  return {
    async hit(key: string, max: number, windowMs: number): Promise<void> {
      const n = await cache.incr(`rl:${key}`, windowMs);
      if (n > max) {
        throw new AppError("RATE_LIMITED", "Too many attempts; try again later", {
          retryAfterSeconds: Math.ceil(windowMs / 1000),
        });
      }
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
