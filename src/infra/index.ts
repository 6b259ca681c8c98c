import { type Config, type LoadedConfig, resolveSecrets } from "../config.js";
import { type Clock, systemClock } from "../shared/clock.js";
import { createBus } from "./bus/connect.js";
import type { Bus } from "./bus/index.js";
import { createCache } from "./cache/connect.js";
import type { Cache } from "./cache/index.js";
import { createDb } from "./db/connect.js";
import type { Db } from "./db/index.js";
import { migrate } from "./db/migrate.js";
import { createMetrics, type Metrics } from "./metrics.js";

/** The infrastructure handles every module receives: explicit, created once per process. */
export interface Infra {
  config: Config;
  db: Db;
  cache: Cache;
  bus: Bus;
  clock: Clock;
  metrics: Metrics;
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
  });
  try {
    const config = await resolveSecrets(loaded);
    if (opts.migrate !== false) await migrate(db);
    const cache = await createCache({ redisUrl: config.redisUrl, namespace: config.namespace });
    const bus = await createBus({ natsUrl: config.natsUrl, namespace: config.namespace });
    const metrics = createMetrics(() => db.poolStats());
    return { config, db, cache, bus, clock: opts.clock ?? systemClock, metrics };
  } catch (err) {
    await db.close();
    throw err;
  }
}

export async function closeInfra(infra: Infra): Promise<void> {
  await infra.bus.close().catch(() => {});
  await infra.cache.close().catch(() => {});
  await infra.db.close().catch(() => {});
}
