import { isIP } from "node:net";
import type { Cache } from "../infra/cache/index.js";
import type { Clock } from "./clock.js";
import { AppError } from "./errors.js";

/** Every abuse limit; each has RATE_LIMIT_<NAME>_PER_ACCOUNT and _PER_ADDRESS (src/config.ts). */
export const LIMIT_NAMES = [
  "orders",
  "payments",
  "follows",
  "register",
  "login",
  "graphql",
  "connections",
  "notifications",
  "password_reset",
  "uploads",
  "entries",
  "queue_reads",
  "desk",
  "desk_exports",
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

export interface RateLimitsConfig {
  /** `RATE_LIMITS=off`: no limit, no cap (load tests that send a crowd from one address). */
  enabled: boolean;
  windowMs: number;
  rules: Record<LimitName, { perAccount: number; perAddress: number }>;
  /** Long-lived connections (WebSocket, SSE, GraphQL subscriptions) one account holds open. */
  maxSocketsPerAccount: number;
  /** Channels (/push) or subscriptions (GraphQL) one connection asks for. */
  maxSubscriptionsPerConnection: number;
}

/**
 * Who is asking: the account (a user id; an email for login and registration; the recipient
 * for internal sends) and the client address (`request.ip`, which honours TRUST_PROXY).
 * null skips that key: an anonymous caller, or an in-process caller such as the seed.
 */
export interface Who {
  account: string | null;
  address: string | null;
}

export type Scope = "account" | "address" | "sockets" | "subscriptions";

/** The refusal every transport maps: 429 + Retry-After on REST, extensions.code on GraphQL. */
export function rateLimited(limit: string, scope: Scope, retryAfterSeconds: number, message: string) {
  return new AppError("RATE_LIMITED", message, { limit, scope, retryAfterSeconds });
}

/**
 * One IPv6 client usually holds a whole /64, so a per-address key that took the full address
 * could be dodged by rotating through it: IPv6 addresses count by their /64.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6 || address.toLowerCase().startsWith("::ffff:")) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const full = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${full.slice(0, 4).join(":")}::/64`;
}

/**
 * Fixed-window limits on the shared counter store (`cache.incr`: Redis when configured, so
 * every server process counts the same window). Windows are aligned to the clock (window n
 * covers [n*w, (n+1)*w)), so every process agrees where one ends and Retry-After is the real
 * time left in it. Both keys of a check go out at once: one round trip per request.
 *
 * Why not @fastify/rate-limit for these: a check has two keys (account and address), the
 * account is often only known inside the operation (the email of a login, the caller behind
 * a GraphQL token, the recipient of a send), and the same counter must be hit from REST,
 * GraphQL and WebSocket alike; the plugin is a route hook with one key. It is used where it
 * fits, over this same store (src/http/rate-limit.ts).
 */
export function createRateLimits(deps: {
  cache: Cache;
  clock: Clock;
  config: RateLimitsConfig;
  /** Called on every refusal (the /metrics counter). */
  onRefused: (limit: string, scope: Scope) => void;
}) {
  const { cache, clock, config, onRefused } = deps;
  const { windowMs } = config;

  const windowNow = () => {
    const now = clock.now().getTime();
    const n = Math.floor(now / windowMs);
    return { n, leftMs: (n + 1) * windowMs - now };
  };
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  /** Open long-lived connections per account in this process (see `sockets`). */
  const open = new Map<string, number>();
  // No window for a cap: a slot frees when a connection closes, so Retry-After is a hint.
  const socketsRefusal = () =>
    rateLimited(
      "sockets",
      "sockets",
      5,
      `At most ${config.maxSocketsPerAccount} open connections per account; close one first`,
    );

  return {
    enabled: config.enabled,
    config,

    /**
     * Count one attempt of `name` for each key of `who`; throws RATE_LIMITED when either
     * is over its limit in this window. Refused attempts count too: a script that keeps
     * hammering stays refused until the window ends.
     */
    async check(name: LimitName, who: Who): Promise<void> {
      if (!config.enabled) return;
      const rule = config.rules[name];
      const w = windowNow();
      const keys: [Scope, string, number][] = [];
      if (who.account) keys.push(["account", `rl:${name}:acct:${who.account}:${w.n}`, rule.perAccount]);
      if (who.address)
        keys.push(["address", `rl:${name}:addr:${addressKey(who.address)}:${w.n}`, rule.perAddress]);
      // The key outlives its window by at most one window (the first hit may come late in it).
      const counts = await Promise.all(keys.map(([, key]) => cache.incr(key, windowMs)));
      const over = keys.find((k, i) => (counts[i] ?? 0) > k[2]);
      if (!over) return;
      onRefused(name, over[0]);
      throw rateLimited(
        name,
        over[0],
        seconds(w.leftMs),
        `Too many ${name} requests from this ${over[0]}; try again in ${seconds(w.leftMs)} s`,
      );
    },

    /** One hit on a single key in the current window, for @fastify/rate-limit's store. */
    async count(key: string): Promise<{ current: number; ttl: number }> {
      const w = windowNow();
      const current = await cache.incr(`rl:${key}:${w.n}`, windowMs);
      return { current, ttl: w.leftMs };
    },

    /**
     * Long-lived connections an account holds open. Counted per process: an open socket
     * lives in one process, and a shared count would need a decrement the counter store
     * does not have (nor a way to forget the sockets of a process that died). With P
     * processes an account holds at most P x MAX_SOCKETS_PER_ACCOUNT; new connections are
     * also limited per window on the shared store (`connections`).
     */
    sockets: {
      /** Throws RATE_LIMITED when the account is at its cap (a refusal before an upgrade). */
      check(account: string): void {
        if (!config.enabled || (open.get(account) ?? 0) < config.maxSocketsPerAccount) return;
        onRefused("sockets", "sockets");
        throw socketsRefusal();
      },
      /** Throws RATE_LIMITED when the account is at its cap; else takes a slot, freed by the returned function. */
      acquire(account: string): () => void {
        if (!config.enabled) return () => {};
        const n = open.get(account) ?? 0;
        if (n >= config.maxSocketsPerAccount) {
          onRefused("sockets", "sockets");
          throw socketsRefusal();
        }
        open.set(account, n + 1);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          const left = (open.get(account) ?? 1) - 1;
          if (left <= 0) open.delete(account);
          else open.set(account, left);
        };
      },
      openOf: (account: string) => open.get(account) ?? 0,
    },

    /** Throws RATE_LIMITED when a connection asks for one subscription more than allowed. */
    subscriptions(has: number): void {
      if (!config.enabled || has < config.maxSubscriptionsPerConnection) return;
      onRefused("subscriptions", "subscriptions");
      throw rateLimited(
        "subscriptions",
        "subscriptions",
        5,
        `At most ${config.maxSubscriptionsPerConnection} subscriptions per connection`,
      );
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
