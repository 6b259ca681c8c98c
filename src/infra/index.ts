import { type Config, type LoadedConfig, resolveSecrets } from "../config.js";
import { type Clock, systemClock } from "../shared/clock.js";
import { createBus } from "./bus/connect.js";
import type { Bus } from "./bus/index.js";
import { createCache } from "./cache/connect.js";
import type { Cache } from "./cache/index.js";
import { createDb } from "./db/connect.js";
import type { Db } from "./db/index.js";
import { sampleLockWaits } from "./db/lock-metrics.js";
import { migrate } from "./db/migrate.js";
import type { PgTimeouts } from "./db/pg.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { createStorage } from "./storage/connect.js";
import type { Storage } from "./storage/index.js";

/** The infrastructure handles every module receives: explicit, created once per process. */
export interface Infra {
  config: Config;
  db: Db;
  cache: Cache;
  bus: Bus;
  clock: Clock;
  metrics: Metrics;
  /** Object storage for uploads: a local folder, or S3 with S3_URL (no connection is opened until used). */
  storage: Storage;
  /** Stops the periodic samplers (lock waits); closeInfra calls it. */
  stopSampling?: () => void;
}

/**
 * PostgreSQL timeouts from the configuration. `long` is for a process that only does long
 * work (`livedrop migrate`, `livedrop check`): every statement gets the long timeout.
 */
export function dbTimeouts(
  config: Pick<
    Config,
    | "dbConnectTimeoutMs"
    | "dbPoolWaitTimeoutMs"
    | "dbStatementTimeoutMs"
    | "dbLongStatementTimeoutMs"
    | "dbIdleInTransactionTimeoutMs"
  >,
  long = false,
): PgTimeouts {
  return {
    connectMs: config.dbConnectTimeoutMs,
    poolWaitMs: config.dbPoolWaitTimeoutMs,
    statementMs: long ? config.dbLongStatementTimeoutMs : config.dbStatementTimeoutMs,
    longStatementMs: config.dbLongStatementTimeoutMs,
    idleInTransactionMs: config.dbIdleInTransactionTimeoutMs,
  };
}

/**
 * The process's infrastructure from its configuration. Secrets the environment left unset
 * are resolved here, after the database has its data directory (where the embedded one keeps
 * them), so `infra.config` is the one configuration that signs and checks tokens.
 */
export async function createInfra(
  loaded: LoadedConfig,
  opts: { clock?: Clock; migrate?: boolean } = {},
): Promise<Infra> {
  const db = await createDb({
    databaseUrl: loaded.databaseUrl,
    dataDir: loaded.dataDir,
    poolSize: loaded.dbPoolSize,
    timeouts: dbTimeouts(loaded),
  });
  try {
    const config = await resolveSecrets(loaded);
    if (opts.migrate !== false) await migrate(db);
    const metrics = createMetrics(() => db.poolStats());
    const cache = await createCache({
      redisUrl: config.redisUrl,
      namespace: config.namespace,
      commandTimeoutMs: config.redisCommandTimeoutMs,
      onFallback: (op) => metrics.cacheFallbacks.inc({ op }),
      onState: (state, err) =>
        console.error(
          state === "down"
            ? `redis is away, the cache degrades (reads miss, rate limits count in-process): ${String(err)}`
            : "redis is back",
        ),
    });
    const bus = await createBus({
      natsUrl: config.natsUrl,
      streamReplicas: config.natsStreamReplicas,
      namespace: config.namespace,
      onConsumerRestart: (subject, err) => {
        metrics.busConsumerRestarts.inc({ subject });
        console.error(`bus consumer for ${subject} restarted: ${String(err)}`);
      },
    });
    const storage = createStorage(config.storage);
    const stopSampling = db.kind === "postgres" ? sampleLockWaits(metrics.registry, db) : undefined;
    return { config, db, cache, bus, clock: opts.clock ?? systemClock, metrics, storage, stopSampling };
  } catch (err) {
    await db.close();
    throw err;
  }
}

export async function closeInfra(infra: Infra): Promise<void> {
  infra.stopSampling?.();
  await infra.bus.close().catch(() => {});
  await infra.storage.close().catch(() => {});
  await infra.cache.close().catch(() => {});
  await infra.db.close().catch(() => {});
}
