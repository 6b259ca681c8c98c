import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { Db, Queryable, QueryResult } from "./index.js";

/**
 * PGlite: PostgreSQL compiled to WebAssembly, in this process. One connection, so
 * statements and transactions run one at a time; PGlite queues them for us.
 */
export async function createPgliteDb(dataDir: string): Promise<Db> {
  const inMemory = dataDir === "memory://" || dataDir === "";
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(inMemory ? undefined : dataDir);

  const wrap = (q: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const res = await q.query<R>(sql, params as unknown[]);
      // PGlite reports affectedRows 0 for a SELECT; pg's rowCount counts the rows returned.
      return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  });
  const root = wrap(pg);

  return {
    kind: "pglite",
    query: root.query,
    exec: root.exec,
    tx: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    ping: async () => {
      await pg.query("select 1");
    },
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}
