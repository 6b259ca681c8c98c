import { isIP } from "node:net";

/**
 * Configuration comes from environment variables only, validated once at start. A bad
 * value stops the process with a message naming the variable, what it got and what it
 * wants, instead of failing later in some request.
 */
export interface Config {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  /** PostgreSQL URL; when unset the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** PGlite data directory; "memory://" keeps it in memory (tests). */
  dataDir: string;
  dbPoolSize: number;
  redisUrl: string | undefined;
  natsUrl: string | undefined;
  /** Prefix for cache keys, bus subjects and streams, so several deployments can share services. */
  namespace: string;
  jwtSecret: string;
  jwtExpiresIn: string;
  internalToken: string;
  /** scrypt cost as a power of two (N = 2^cost). */
  passwordCost: number;
  authRateLimitPerMinute: number;
  bodyLimitBytes: number;
  logLevel: string;
  /** Which requests get a log line: every one, 5xx + slow + a sample, or 5xx + slow only. */
  logRequests: "all" | "sampled" | "errors";
  /** A request at least this slow is logged (warn) under any LOG_REQUESTS. */
  logSlowMs: number;
  /** Under LOG_REQUESTS=sampled, one in this many ordinary requests is logged. */
  logSampleEvery: number;
  /** Where users reach the service (links in mail, HSTS when https); unset in development. */
  publicUrl: string | undefined;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (rate limits per
   * address): false (none, the default), a hop count, or addresses/CIDRs/named ranges.
   */
  trustProxy: boolean | number | string;
  seedDemo: boolean;
  reservationTtlMs: number;
  /** How long the simulated provider takes for `pm_card_slow`. */
  paymentSlowMs: number;
  fanoutThreshold: number;
  /** How long before its end a drop announces `drop.ending_soon`. */
  dropEndingSoonLeadMs: number;
  pushHeartbeatMs: number;
  /** The relay's safety-net poll; commits wake it at once (LISTEN/NOTIFY). */
  outboxPollMs: number;
  /** How long published outbox rows are kept (push resume replays within it). */
  outboxRetentionMs: number;
  schedulerRescanMs: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (${protocols.join(" or ")}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(" or ")}, got "${parsed.protocol}"`);
  }
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], def: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  if (!values.includes(raw as T)) {
    throw new ConfigError(`${name} must be one of ${values.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  if (["1", "true", "yes"].includes(raw)) return true;
  if (["0", "false", "no"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * TRUST_PROXY: unset trusts no proxy (a client cannot forge its address with a header);
 * a number trusts that many hops; otherwise a comma-separated list of addresses, CIDRs or
 * proxy-addr's named ranges (loopback, linklocal, uniquelocal), e.g. nginx's address.
 */
function trustProxy(env: Env): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === "false" || raw === "none") return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const named = new Set(["loopback", "linklocal", "uniquelocal"]);
  const parts = raw.split(",").map((p) => p.trim());
  for (const p of parts) {
    const [addr = "", bits, ...rest] = p.split("/");
    const okBits =
      bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(addr) === 6 ? 128 : 32));
    if (!(named.has(p) || (isIP(addr) !== 0 && okBits && rest.length === 0))) {
      throw new ConfigError(
        `TRUST_PROXY must be a hop count or addresses/CIDRs (or loopback, linklocal, uniquelocal), got "${raw}"`,
      );
    }
  }
  return parts.join(",");
}

const DEV_SECRET = "livedrop-dev-secret-change-me-in-production";

export function loadConfig(env: Env = process.env): Config {
  const mode = oneOf(env, "NODE_ENV", ["development", "production", "test"] as const, "development");
  const jwtSecret = env.JWT_SECRET || DEV_SECRET;
  const internalToken = env.INTERNAL_TOKEN || "livedrop-dev-internal-token";
  if (mode === "production" && (jwtSecret === DEV_SECRET || !env.INTERNAL_TOKEN)) {
    throw new ConfigError("JWT_SECRET and INTERNAL_TOKEN must be set when NODE_ENV=production");
  }
  if (jwtSecret.length < 32) throw new ConfigError("JWT_SECRET must be at least 32 characters");
  const namespace = env.LIVEDROP_NAMESPACE || "livedrop";
  if (!/^[a-zA-Z0-9_]+$/.test(namespace)) {
    throw new ConfigError(`LIVEDROP_NAMESPACE must be letters, digits or _, got "${namespace}"`);
  }
  return {
    env: mode,
    host: env.HOST || "0.0.0.0",
    port: int(env, "PORT", 3000, 0, 65535),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    dataDir: env.DATA_DIR || "./data/pglite",
    dbPoolSize: int(env, "DB_POOL_SIZE", 10, 1, 200),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    natsUrl: url(env, "NATS_URL", ["nats:", "tls:"]),
    namespace,
    jwtSecret,
    jwtExpiresIn: env.JWT_EXPIRES_IN || "7d",
    internalToken,
    passwordCost: int(env, "PASSWORD_COST", 15, 10, 20),
    authRateLimitPerMinute: int(env, "AUTH_RATE_LIMIT_PER_MINUTE", 20, 1, 1_000_000),
    bodyLimitBytes: int(env, "BODY_LIMIT_BYTES", 64 * 1024, 1024, 10 * 1024 * 1024),
    trustProxy: trustProxy(env),
    publicUrl: url(env, "PUBLIC_URL", ["http:", "https:"]),
    logLevel: oneOf(env, "LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info"),
    // Demo accounts with a published password have no place in production.
    seedDemo: bool(env, "SEED_DEMO", mode !== "production"),
    logRequests: oneOf(
      env,
      "LOG_REQUESTS",
      ["all", "sampled", "errors"] as const,
      mode === "development" ? "all" : "sampled",
    ),
    logSlowMs: int(env, "LOG_SLOW_MS", 500, 0, 3_600_000),
    logSampleEvery: int(env, "LOG_SAMPLE_EVERY", 100, 1, 1_000_000_000),
    reservationTtlMs: int(env, "RESERVATION_TTL_MS", 10 * 60_000, 1_000, 24 * 3_600_000),
    paymentSlowMs: int(env, "PAYMENT_SLOW_MS", 1_500, 0, 60_000),
    fanoutThreshold: int(env, "FANOUT_THRESHOLD", 10_000, 0, 100_000_000),
    dropEndingSoonLeadMs: int(env, "DROP_ENDING_SOON_LEAD_MS", 5 * 60_000, 0, 7 * 24 * 3_600_000),
    pushHeartbeatMs: int(env, "PUSH_HEARTBEAT_MS", 25_000, 100, 600_000),
    outboxPollMs: int(env, "OUTBOX_POLL_MS", 1_000, 1, 600_000),
    outboxRetentionMs: int(env, "OUTBOX_RETENTION_MS", 7 * 24 * 3_600_000, 60_000, 365 * 24 * 3_600_000),
    schedulerRescanMs: int(env, "SCHEDULER_RESCAN_MS", 1_000, 10, 60_000),
  };
}
