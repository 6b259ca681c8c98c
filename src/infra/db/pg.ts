import pg from "pg";
import type { Db, Queryable, QueryResult } from "./index.js";
import { createPgListener } from "./pg-listen.js";

// int8 (counts, sums) as JS numbers, as PGlite returns them: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function createPgDb(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});

  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      const res = await c.query(sql, params);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await c.query(sql); // no parameters: the simple protocol runs several statements
    },
  });

  const root = wrap(pool);
  const listener = createPgListener(url);
  return {
    kind: "postgres",
    query: root.query,
    exec: root.exec,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const out = await fn(wrap(client));
        await client.query("commit");
        return out;
      } catch (err) {
        await client.query("rollback").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    listen: listener.listen,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    ping: async () => {
      await pool.query("select 1");
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
