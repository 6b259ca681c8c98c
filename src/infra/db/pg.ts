import pg from "pg";
import type { Db, Queryable, QueryResult } from "./index.js";
import { createPgListener } from "./pg-listen.js";

// int8 (counts, sums) as JS numbers, as PGlite returns them: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Milliseconds; 0 turns a timeout off (see src/config.ts for the defaults and why). */
export interface PgTimeouts {
  connectMs: number;
  /** How long a query waits for a free pooled connection when all are busy. */
  poolWaitMs: number;
  statementMs: number;
  longStatementMs: number;
  idleInTransactionMs: number;
}

/** No timeouts: a database made outside the configuration (tests, scripts). */
const NONE: PgTimeouts = {
  connectMs: 0,
  poolWaitMs: 0,
  statementMs: 0,
  longStatementMs: 0,
  idleInTransactionMs: 0,
};

export function createPgDb(url: string, poolSize: number, timeouts: PgTimeouts = NONE): Db {
  // pg-pool gives its own `connectionTimeoutMillis` (the wait for a free client) to each
  // client it opens, where it bounds the connect: the two get their own settings here.
  class TimedClient extends pg.Client {
    constructor(config: pg.ClientConfig = {}) {
      super({ ...config, connectionTimeoutMillis: timeouts.connectMs });
    }
  }
  const pool = new pg.Pool({
    Client: TimedClient,
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    // Fail fast while the database is away, or every connection is busy for too long,
    // instead of queueing requests forever.
    connectionTimeoutMillis: timeouts.poolWaitMs,
    // A peer that vanished without a FIN (a failover, a cut cable) is noticed, not waited on.
    keepAlive: true,
    // Sent as startup parameters: every pooled session gets them, none can forget them.
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  });
  // An idle client losing its connection (57P01 on a restart, say) must not crash the
  // process: the pool drops it and opens a new one for the next query.
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
  const listener = createPgListener(url, { connectMs: timeouts.connectMs });
  return {
    kind: "postgres",
    query: root.query,
    exec: root.exec,
    async tx(fn, opts = {}) {
      const client = await pool.connect();
      // pg-pool listens for errors only while a client is idle: one checked out here that
      // loses its connection between two statements (a restart terminates every backend)
      // would emit an unhandled 'error' and crash the process. It is noted instead; the
      // next statement fails with it, and the client is destroyed, not pooled again.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken ??= err;
      };
      client.on("error", onError);
      try {
        await client.query("begin");
        if (opts.long) {
          // Local to this transaction: the pooled session keeps the request timeout.
          await client.query(`set local statement_timeout = ${Math.trunc(timeouts.longStatementMs)}`);
        }
        const out = await fn(wrap(client));
        await client.query("commit");
        return out;
      } catch (err) {
        await client.query("rollback").catch((e: Error) => {
          broken ??= e;
        });
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
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
