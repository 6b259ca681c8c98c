import type { Db } from "./index.js";
import type { PgTimeouts } from "./pg.js";

/**
 * Which database this process talks to. Apart from index.ts (the interface every
 * repository uses) so the implementations can import the interface without a cycle.
 */
export interface DbOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
  /** PostgreSQL only (PGlite is in-process: nothing to time out). */
  timeouts?: PgTimeouts;
}

export async function createDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const { createPgDb } = await import("./pg.js");
    return createPgDb(opts.databaseUrl, opts.poolSize, opts.timeouts);
  }
  const { createPgliteDb } = await import("./pglite.js");
  return createPgliteDb(opts.dataDir);
}
