import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Metrics } from "../infra/metrics.js";
import { addressKey, type LimitName, type RateLimits, rateLimited } from "../shared/rate-limit.js";

/**
 * @fastify/rate-limit for the limits it fits: one key per request, known before the handler
 * runs (the client address), on a REST-only route. Its store is our counter store
 * (src/shared/rate-limit.ts `count`), so these windows are shared by every process, aligned
 * like the others, and degrade with the cache; refusals are the same RATE_LIMITED envelope,
 * Retry-After and metric. Limits with two keys, or whose account is only known inside the
 * operation, or that GraphQL and WebSocket share, are checked by the services instead.
 */
export async function registerRouteLimits(app: FastifyInstance, limits: RateLimits, metrics: Metrics) {
  class SharedStore {
    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void) {
      limits.count(key).then(
        (res) => cb(null, res),
        (err: Error) => cb(err),
      );
    }
    child() {
      return this;
    }
  }
  await app.register(rateLimit, {
    global: false,
    store: SharedStore as never,
    addHeadersOnExceeding: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
    },
    addHeaders: {
      "x-ratelimit-limit": false,
      "x-ratelimit-remaining": false,
      "x-ratelimit-reset": false,
      "retry-after": true,
    },
  });
  return {
    /**
     * Route `config` for a per-address limit named `name` (RATE_LIMIT_<NAME>_PER_ADDRESS);
     * nothing when RATE_LIMITS=off.
     */
    perAddress(name: LimitName) {
      if (!limits.enabled) return {};
      return {
        rateLimit: {
          max: limits.config.rules[name].perAddress,
          timeWindow: limits.config.windowMs,
          keyGenerator: (req: FastifyRequest) => `${name}:addr:${addressKey(req.ip)}`,
          onExceeded: () => metrics.rateLimited.inc({ limit: name, scope: "address" }),
          errorResponseBuilder: (_req: FastifyRequest, ctx: { ttl: number }) => {
            const s = Math.max(1, Math.ceil(ctx.ttl / 1000));
            return rateLimited(
              name,
              "address",
              s,
              `Too many ${name} requests from this address; try again in ${s} s`,
            );
          },
        },
      };
    },
  };
}

export type RouteLimits = Awaited<ReturnType<typeof registerRouteLimits>>;
