import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { LIMIT_NAMES, type LimitName, type RateLimitsConfig } from "./shared/rate-limit.js";

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
  /** How long opening a PostgreSQL connection may take. */
  dbConnectTimeoutMs: number;
  /** How long a query may wait for a free pooled connection while all are busy. */
  dbPoolWaitTimeoutMs: number;
  /** PostgreSQL statement_timeout for requests and jobs; 0 = none. */
  dbStatementTimeoutMs: number;
  /** statement_timeout for the work that is long by nature (migrations, account deletion, check); 0 = none. */
  dbLongStatementTimeoutMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout: a transaction left open is ended; 0 = none. */
  dbIdleInTransactionTimeoutMs: number;
  /** A Redis command not answered within this counts as Redis being away (the cache degrades). */
  redisCommandTimeoutMs: number;
  /** After SIGTERM/SIGINT the process exits by this deadline even if something hangs. */
  shutdownTimeoutMs: number;
  redisUrl: string | undefined;
  /** One NATS server or a comma-separated list of a cluster's servers (any one is enough to join). */
  natsUrl: string | undefined;
  /** How many NATS servers keep a copy of the event stream (3 on a 3-node cluster survives losing one). */
  natsStreamReplicas: number;
  /** Prefix for cache keys, bus subjects and streams, so several deployments can share services. */
  namespace: string;
  /** HS256 secret of user tokens: from JWT_SECRET, else generated (see resolveSecrets). */
  jwtSecret: string;
  jwtExpiresIn: string;
  /** The service token of /internal and /metrics: from INTERNAL_TOKEN, else generated. */
  internalToken: string;
  /** A separate, unauthenticated /metrics listener (for Prometheus); unset: none. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** scrypt cost as a power of two (N = 2^cost). */
  passwordCost: number;
  /** Abuse limits (src/shared/rate-limit.ts); `RATE_LIMITS=off` turns them all off. */
  rateLimits: RateLimitsConfig;
  /** Accounts (by email) that may read the operators' figures (GET /api/ops/metrics). */
  operatorEmails: string[];
  /** How often each process broadcasts its figures for the operators' cluster view. */
  opsSampleMs: number;
  /** Admission control for the whole API (src/http/overload.ts); `OVERLOAD=off` turns it off. */
  overload: OverloadConfig;
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
  /** How often push connections re-check their account (deleted, token revoked) in case an event was lost. */
  pushRecheckMs: number;
  /** The relay's safety-net poll; commits wake it at once (LISTEN/NOTIFY). */
  outboxPollMs: number;
  /** How long published outbox rows are kept (push resume replays within it). */
  outboxRetentionMs: number;
  schedulerRescanMs: number;
  /** How long before a drop's start `drop.reminder` fires. */
  reminderLeadMs: number;
  /**
   * The proof-of-work's size: a challenge's secret number is drawn below this, so solving it
   * costs half of it in SHA-256 hashes on average (50,000: about a second in a browser).
   */
  challengeMaxNumber: number;
  /** Webhook endpoints one creator may register. */
  webhookMaxEndpoints: number;
  /** Let webhooks reach private, loopback and link-local addresses (tests, local development only). */
  webhookAllowPrivate: boolean;
  /** The first retry of a failed webhook delivery after this long, doubling per attempt. */
  webhookRetryBaseMs: number;
  /** One webhook attempt's time limit. */
  webhookTimeoutMs: number;
  /** Webhook retries stop after this long, and an endpoint failing this long is disabled. */
  webhookFailureWindowMs: number;
  /** Finished webhook deliveries are kept this long in the log. */
  webhookRetentionMs: number;
  /** Mail (src/infra/mail, src/modules/messages): SMTP when set, else files under mailDir. */
  mail: MailConfig;
  /** Object storage for uploads (src/infra/storage): S3 when s3Url is set, else a local folder. */
  storage: StorageConfig;
  /**
   * The base of stored images' URLs (a CDN): `${publicAssetUrl}/<key>`; unset, the app serves
   * them at `/media/<key>` (under PUBLIC_URL when set).
   */
  publicAssetUrl: string | undefined;
  /** How long a password reset link works. */
  passwordResetTtlMs: number;
  webPush: WebPushConfig;
}

export interface OverloadConfig {
  enabled: boolean;
  /** Mean event-loop delay over the last sample past which requests are refused; 0 = not checked. */
  maxEventLoopDelayMs: number;
  /** Event-loop utilization (0-1) over the last sample past which requests are refused; 0 = not checked. */
  maxEventLoopUtilization: number;
  /** How often the event loop is sampled: how fast refusals start and stop. */
  sampleMs: number;
  /** New orders for a drop are refused while its oldest queued order has waited this long; 0 = never. */
  orderQueueMaxWaitMs: number;
}

export interface WebPushConfig {
  /** VAPID key pair (base64url); unset: generated once and kept in the database. */
  publicKey: string | undefined;
  privateKey: string | undefined;
  /** The contact push services may use (mailto: or https:). */
  subject: string;
  /** Subscriptions one account keeps (the oldest go). */
  maxSubscriptions: number;
  /** Accept http:// push endpoints (tests with a local push service stand-in only). */
  allowInsecure: boolean;
}

export interface MailConfig {
  /** nodemailer connection URL (smtp://user:pass@host:587, smtps://...); unset: the file mailer. */
  smtpUrl: string | undefined;
  from: string;
  /** The file mailer's directory; undefined with an in-memory database (kept in memory). */
  dir: string | undefined;
  /** Messages per second one worker process hands the provider (its send limit). */
  ratePerSecond: number;
  /** Queue rows one worker claims at a time. */
  batchSize: number;
  /** The queue's safety-net poll; enqueues in this process wake it at once. */
  pollMs: number;
  /** First retry delay; doubles per attempt, up to an hour. */
  retryBaseMs: number;
  maxAttempts: number;
  /** How long sent, skipped and failed queue rows are kept. */
  retentionMs: number;
  /** Pooled SMTP connections per worker process. */
  smtpConnections: number;
}

export interface StorageConfig {
  /** An S3-compatible store: `http(s)://KEY:SECRET@host[:port]/bucket[/prefix]`; unset: the local folder. */
  s3Url: string | undefined;
  s3Region: string;
  /** The local folder; undefined keeps objects in memory (an in-memory database). */
  dir: string | undefined;
}

/**
 * What loadConfig reads from the environment: the secrets are still missing when the
 * environment does not set them, until resolveSecrets (at start, in createInfra) fills
 * them in. Nothing signs or checks with a LoadedConfig.
 */
export type LoadedConfig = Omit<Config, "jwtSecret" | "internalToken"> & {
  jwtSecret: string | undefined;
  internalToken: string | undefined;
};

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

/** A comma-separated list of URLs, each checked as `url` does; kept as the original string. */
function urlList(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  for (const one of raw.split(",")) url({ [name]: one.trim() }, name, protocols);
  return raw;
}

/** A decimal between min and max (a ratio), or its default. */
function ratio(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  }
  return n;
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

/**
 * Each limit's defaults, per window (a minute unless RATE_LIMIT_WINDOW_SECONDS says
 * otherwise). Per-account numbers are above what a person does by hand, retries included (a
 * buyer's client retrying a 409/503 every second for a minute still gets through); per-address
 * numbers are far higher because a campus, an office or a mobile carrier's NAT puts hundreds
 * of people behind one address during a sale.
 */
const LIMIT_DEFAULTS: Record<LimitName, { perAccount: number; perAddress: number }> = {
  orders: { perAccount: 60, perAddress: 1_200 },
  payments: { perAccount: 30, perAddress: 600 },
  follows: { perAccount: 60, perAddress: 1_200 },
  // Registration per account is per email; 20 sign-ups a minute from one address is a script.
  register: { perAccount: 5, perAddress: 20 },
  // Login per account guards one account's password; per address guards spraying many.
  login: { perAccount: 10, perAddress: 100 },
  graphql: { perAccount: 600, perAddress: 6_000 },
  // New WebSocket / SSE / GraphQL-subscription connections (a reconnect loop, not a tab).
  connections: { perAccount: 30, perAddress: 600 },
  // Internal sends per recipient, and per calling service address.
  notifications: { perAccount: 120, perAddress: 6_000 },
  // Reset mails per email address (each one lands in someone's inbox), and per client address.
  password_reset: { perAccount: 3, perAddress: 30 },
  // Image uploads (up to 10 MB each, decoded and resized): a creator adding photos by hand.
  uploads: { perAccount: 30, perAddress: 300 },
  // Joining a waiting room, entering and withdrawing from a raffle, together: a buyer does
  // each once per drop (again is a no-op answering the same ticket or entry), so 30 a minute
  // is a dozen drops with every retry; a script cycling enter/withdraw or hammering joins is not.
  entries: { perAccount: 30, perAddress: 1_200 },
  // Reads of one's own ticket or raffle entry (REST and the GraphQL queries). The web app polls
  // a ticket as often as its retryAfterMs says, never more than once a second (60 a minute per
  // open drop page); 300 leaves room for five tabs or drops at that floor. Most tickets are told
  // to wait up to 30 s, so hundreds of buyers behind one NAT stay well under the address's 6,000.
  queue_reads: { perAccount: 300, perAddress: 6_000 },
  // A creator fulfilling and refunding orders: by hand a few a minute; an integration marking a
  // drop's shipments goes at 2 a second (7,200 an hour). Each one tells the buyer (push, inbox,
  // mail) and a refund calls the payment provider, so a runaway loop is held to that pace.
  desk: { perAccount: 120, perAddress: 1_200 },
  // CSV exports of a drop's orders: each walks every order of the drop (a million-order drop
  // reads a million rows); the web app downloads once per click.
  desk_exports: { perAccount: 10, perAddress: 100 },
};

function rateLimits(env: Env): RateLimitsConfig {
  if (env.AUTH_RATE_LIMIT_PER_MINUTE) {
    throw new ConfigError(
      "AUTH_RATE_LIMIT_PER_MINUTE is replaced by RATE_LIMIT_LOGIN_PER_ACCOUNT, RATE_LIMIT_LOGIN_PER_ADDRESS, " +
        "RATE_LIMIT_REGISTER_PER_ACCOUNT and RATE_LIMIT_REGISTER_PER_ADDRESS",
    );
  }
  const rules = {} as RateLimitsConfig["rules"];
  for (const name of LIMIT_NAMES) {
    const d = LIMIT_DEFAULTS[name];
    const v = `RATE_LIMIT_${name.toUpperCase()}`;
    rules[name] = {
      perAccount: int(env, `${v}_PER_ACCOUNT`, d.perAccount, 1, 100_000_000),
      perAddress: int(env, `${v}_PER_ADDRESS`, d.perAddress, 1, 100_000_000),
    };
  }
  return {
    enabled: oneOf(env, "RATE_LIMITS", ["on", "off"] as const, "on") === "on",
    windowMs: int(env, "RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400) * 1000,
    rules,
    maxSocketsPerAccount: int(env, "MAX_SOCKETS_PER_ACCOUNT", 10, 1, 100_000),
    maxSubscriptionsPerConnection: int(env, "MAX_SUBSCRIPTIONS_PER_CONNECTION", 100, 1, 5_000),
  };
}

/**
 * No secret in the source: JWT_SECRET / INTERNAL_TOKEN come from the environment, or are
 * generated by resolveSecrets. A deployment (DATABASE_URL) runs several processes that must
 * agree on them, and only the environment can make them agree, so outside development and
 * test it must set them.
 */
function secrets(env: Env, mode: Config["env"]) {
  const jwtSecret = env.JWT_SECRET || undefined;
  const internalToken = env.INTERNAL_TOKEN || undefined;
  if (env.DATABASE_URL && mode === "production" && !(jwtSecret && internalToken)) {
    throw new ConfigError(
      "JWT_SECRET and INTERNAL_TOKEN must be set with DATABASE_URL (every process of a deployment must share them) unless NODE_ENV is development or test",
    );
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError("JWT_SECRET must be at least 32 characters");
  }
  return { jwtSecret, internalToken };
}

export function loadConfig(env: Env = process.env): LoadedConfig {
  const mode = oneOf(env, "NODE_ENV", ["development", "production", "test"] as const, "development");
  const { jwtSecret, internalToken } = secrets(env, mode);
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
    dbConnectTimeoutMs: int(env, "DB_CONNECT_TIMEOUT_MS", 5_000, 100, 600_000),
    dbPoolWaitTimeoutMs: int(env, "DB_POOL_WAIT_TIMEOUT_MS", 15_000, 100, 600_000),
    dbStatementTimeoutMs: int(env, "DB_STATEMENT_TIMEOUT_MS", 15_000, 0, 24 * 3_600_000),
    dbLongStatementTimeoutMs: int(env, "DB_LONG_STATEMENT_TIMEOUT_MS", 30 * 60_000, 0, 24 * 3_600_000),
    dbIdleInTransactionTimeoutMs: int(env, "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 30_000, 0, 24 * 3_600_000),
    redisCommandTimeoutMs: int(env, "REDIS_COMMAND_TIMEOUT_MS", 1_000, 50, 60_000),
    shutdownTimeoutMs: int(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 100, 600_000),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    natsUrl: urlList(env, "NATS_URL", ["nats:", "tls:"]),
    natsStreamReplicas: int(env, "NATS_STREAM_REPLICAS", 1, 1, 5),
    namespace,
    jwtSecret,
    jwtExpiresIn: env.JWT_EXPIRES_IN || "7d",
    internalToken,
    passwordCost: int(env, "PASSWORD_COST", 15, 10, 20),
    rateLimits: rateLimits(env),
    operatorEmails: (env.OPERATOR_EMAILS ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    opsSampleMs: int(env, "OPS_SAMPLE_MS", 5_000, 100, 600_000),
    overload: {
      // On by default for deployments (PostgreSQL). The embedded PGlite runs its queries on the
      // event loop, so there the loop's delay is ordinary database work, not overload.
      enabled: oneOf(env, "OVERLOAD", ["on", "off"] as const, env.DATABASE_URL ? "on" : "off") === "on",
      maxEventLoopDelayMs: int(env, "OVERLOAD_MAX_EVENT_LOOP_DELAY_MS", 50, 0, 60_000),
      maxEventLoopUtilization: ratio(env, "OVERLOAD_MAX_EVENT_LOOP_UTILIZATION", 0, 0, 1),
      sampleMs: int(env, "OVERLOAD_SAMPLE_MS", 100, 10, 60_000),
      orderQueueMaxWaitMs: int(env, "OVERLOAD_ORDER_QUEUE_MAX_WAIT_MS", 100, 0, 60_000),
    },
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
    pushRecheckMs: int(env, "PUSH_RECHECK_MS", 30_000, 100, 600_000),
    outboxPollMs: int(env, "OUTBOX_POLL_MS", 1_000, 1, 600_000),
    outboxRetentionMs: int(env, "OUTBOX_RETENTION_MS", 7 * 24 * 3_600_000, 60_000, 365 * 24 * 3_600_000),
    schedulerRescanMs: int(env, "SCHEDULER_RESCAN_MS", 1_000, 10, 60_000),
    reminderLeadMs: int(env, "REMINDER_LEAD_MS", 10 * 60_000, 0, 7 * 24 * 3_600_000),
    challengeMaxNumber: int(env, "CHALLENGE_MAX_NUMBER", 50_000, 1, 10_000_000),
    webhookMaxEndpoints: int(env, "WEBHOOK_MAX_ENDPOINTS", 10, 1, 1_000),
    webhookAllowPrivate: bool(env, "WEBHOOK_ALLOW_PRIVATE", false),
    webhookRetryBaseMs: int(env, "WEBHOOK_RETRY_BASE_MS", 30_000, 1, 3_600_000),
    webhookTimeoutMs: int(env, "WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000),
    webhookFailureWindowMs: int(env, "WEBHOOK_FAILURE_WINDOW_MS", 24 * 3_600_000, 1_000, 30 * 24 * 3_600_000),
    webhookRetentionMs: int(env, "WEBHOOK_RETENTION_MS", 30 * 24 * 3_600_000, 60_000, 365 * 24 * 3_600_000),
    mail: mailConfig(env),
    storage: storageConfig(env),
    publicAssetUrl: url(env, "PUBLIC_ASSET_URL", ["http:", "https:"])?.replace(/\/+$/, ""),
    webPush: {
      publicKey: env.VAPID_PUBLIC_KEY || undefined,
      privateKey: env.VAPID_PRIVATE_KEY || undefined,
      subject: env.VAPID_SUBJECT || "mailto:admin@livedrop.local",
      maxSubscriptions: int(env, "WEB_PUSH_MAX_SUBSCRIPTIONS", 10, 1, 1_000),
      allowInsecure: bool(env, "WEB_PUSH_ALLOW_INSECURE", false),
    },
    passwordResetTtlMs: int(env, "PASSWORD_RESET_TTL_MS", 3_600_000, 60_000, 7 * 24 * 3_600_000),
    // 0 picks a free port (tests); unset, /metrics is only on the main port, with the service token.
    metricsPort: env.METRICS_PORT ? int(env, "METRICS_PORT", 0, 0, 65535) : undefined,
    metricsHost: env.METRICS_HOST || "127.0.0.1",
  };
}

function mailConfig(env: Env): MailConfig {
  const dataDir = env.DATA_DIR || "./data/pglite";
  return {
    smtpUrl: url(env, "SMTP_URL", ["smtp:", "smtps:"]),
    from: env.MAIL_FROM || "LiveDrop <no-reply@livedrop.local>",
    // The default database's neighbour (./data/mail), else inside the data directory given.
    dir:
      env.MAIL_DIR || (inMemory(dataDir) ? undefined : env.DATA_DIR ? join(dataDir, "mail") : "./data/mail"),
    ratePerSecond: int(env, "MAIL_RATE_PER_SECOND", 50, 1, 100_000),
    batchSize: int(env, "MAIL_BATCH_SIZE", 100, 1, 10_000),
    pollMs: int(env, "MAIL_POLL_MS", 1_000, 10, 600_000),
    retryBaseMs: int(env, "MAIL_RETRY_BASE_MS", 30_000, 10, 3_600_000),
    maxAttempts: int(env, "MAIL_MAX_ATTEMPTS", 8, 1, 100),
    retentionMs: int(env, "MAIL_RETENTION_MS", 7 * 24 * 3_600_000, 60_000, 365 * 24 * 3_600_000),
    smtpConnections: int(env, "SMTP_CONNECTIONS", 5, 1, 100),
  };
}

function storageConfig(env: Env): StorageConfig {
  const dataDir = env.DATA_DIR || "./data/pglite";
  const s3Url = url(env, "S3_URL", ["http:", "https:"]);
  if (s3Url && !new URL(s3Url).pathname.split("/").some(Boolean)) {
    throw new ConfigError(
      `S3_URL must name the bucket as its path (http(s)://KEY:SECRET@host/bucket), got "${s3Url}"`,
    );
  }
  return {
    s3Url,
    s3Region: env.S3_REGION || "us-east-1",
    // Beside the default database (./data/assets), else inside the data directory given, as mail.
    dir:
      env.ASSETS_DIR ||
      (inMemory(dataDir) ? undefined : env.DATA_DIR ? join(dataDir, "assets") : "./data/assets"),
  };
}

/** Where the embedded database keeps the secrets it generated, inside its data directory. */
export const SECRETS_FILE = "livedrop-secrets.json";

const inMemory = (dataDir: string) => dataDir === "memory://" || dataDir === "";
const randomSecret = () => randomBytes(32).toString("base64url");

/**
 * Fills in the secrets the environment did not set. The embedded database on disk keeps
 * generated ones in its data directory (mode 0600), so tokens outlive a restart and every
 * process opening that directory agrees; in memory, or with DATABASE_URL in development and
 * test, they are random per process (loadConfig refused a deployment without them).
 */
export async function resolveSecrets(config: LoadedConfig): Promise<Config> {
  const { jwtSecret, internalToken } = config;
  if (jwtSecret && internalToken) return { ...config, jwtSecret, internalToken };
  const generated =
    config.databaseUrl || inMemory(config.dataDir)
      ? { jwtSecret: randomSecret(), internalToken: randomSecret() }
      : await storedSecrets(join(config.dataDir, SECRETS_FILE));
  return {
    ...config,
    jwtSecret: jwtSecret ?? generated.jwtSecret,
    internalToken: internalToken ?? generated.internalToken,
  };
}

/** The secrets file's content, created on first use: written aside, then linked in (atomic, once). */
async function storedSecrets(path: string): Promise<{ jwtSecret: string; internalToken: string }> {
  const read = async () => {
    let parsed: { jwtSecret?: unknown; internalToken?: unknown };
    try {
      parsed = JSON.parse(await readFile(path, "utf8"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new ConfigError(`${path} is not a readable secrets file (${(err as Error).message})`);
    }
    const { jwtSecret, internalToken } = parsed;
    if (typeof jwtSecret !== "string" || jwtSecret.length < 32 || typeof internalToken !== "string") {
      throw new ConfigError(`${path} must hold { "jwtSecret": ≥ 32 characters, "internalToken" }`);
    }
    return { jwtSecret, internalToken };
  };
  const existing = await read();
  if (existing) return existing;
  await mkdir(join(path, ".."), { recursive: true });
  const fresh = { jwtSecret: randomSecret(), internalToken: randomSecret() };
  const aside = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(aside, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  await chmod(aside, 0o600); // whatever the umask
  try {
    await link(aside, path); // fails if another process got there first: then theirs wins
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const theirs = await read();
    if (!theirs) throw err;
    return theirs;
  } finally {
    await unlink(aside).catch(() => {});
  }
}
