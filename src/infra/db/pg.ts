import { createRequire } from "node:module";
import pg from "pg";
import { AFTER_COMMIT, type Db, type Queryable, type QueryResult, type Tx } from "./index.js";
import { createPgListener } from "./pg-listen.js";

// node-postgres's own conversion of a parameter to its text form (arrays, dates, JSON).
const { prepareValue } = createRequire(import.meta.url)("pg/lib/utils.js") as {
  prepareValue(value: unknown): string | null;
};

/**
 * `sql` with each `$n` replaced by parameter n as a literal: the same text pg would send as
 * that parameter, so a statement can share one simple-protocol message with BEGIN or COMMIT.
 * Only for the repositories' own constant SQL, which has no `$` inside string literals, and
 * casts every parameter whose type the context would not give.
 */
export function inlineParams(sql: string, params: unknown[] = []): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length)
      throw new Error(`statement names $${n} but has ${params.length} parameters`);
    const text = prepareValue(params[i]);
    if (text === null) return "null";
    // A NUL ends a simple-protocol message's text early; PostgreSQL refuses one in a
    // parameter as this error, which the order batches retry apart (its row fails alone).
    if (text.includes("\0")) {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    }
    // Dollar-quoted, so the text goes in unchanged: a batch's values (its answers as JSON)
    // run to tens of kilobytes, which `escapeLiteral` copies a character at a time (about
    // 4 ms per 70 KB on the event loop). Any `$` in the value and it is escaped instead: a
    // value ending in "$v" would otherwise close the quote early.
    return text.includes("$") ? pg.escapeLiteral(text) : `$v$${text}$v$`;
  });
}

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

  /** A checked-out client as a transaction handle; `state` notes BEGIN still owed and COMMIT sent. */
  const wrapTx = (c: pg.PoolClient, state: { begin: boolean; committed: boolean }): Tx => {
    const plain = wrap(c);
    const open = () => {
      if (state.committed) throw new Error(AFTER_COMMIT);
    };
    const send = async <R>(sql: string, params: unknown[] | undefined, commit: boolean) => {
      open();
      const begin = state.begin;
      const text = `${begin ? "begin;\n" : ""}${inlineParams(sql, params)}${commit ? ";\ncommit" : ""}`;
      state.begin = false;
      // Several statements in one message answer with one result each; ours is after BEGIN's.
      const res = (await c.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
      const mine = Array.isArray(res) ? res[begin ? 1 : 0] : res;
      if (!mine) throw new Error("the statement sent with BEGIN or COMMIT gave no result");
      if (commit) state.committed = true;
      return { rows: mine.rows as R[], rowCount: mine.rowCount ?? mine.rows.length };
    };
    return {
      query: async <R>(sql: string, params?: unknown[]) => {
        open();
        return state.begin ? send<R>(sql, params, false) : plain.query<R>(sql, params);
      },
      exec: async (sql: string) => {
        open();
        if (state.begin) {
          state.begin = false;
          await c.query("begin");
        }
        await plain.exec(sql);
      },
      queryAndCommit: <R>(sql: string, params?: unknown[]) => send<R>(sql, params, true),
    };
  };

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
      const state = { begin: opts.bundleBegin === true && !opts.long, committed: false };
      try {
        if (!state.begin) await client.query("begin");
        if (opts.long) {
          // Local to this transaction: the pooled session keeps the request timeout.
          await client.query(`set local statement_timeout = ${Math.trunc(timeouts.longStatementMs)}`);
        }
        const out = await fn(wrapTx(client, state));
        // A transaction that sent nothing still owes nothing; one that sent its COMMIT is done.
        if (!state.begin && !state.committed) await client.query("commit");
        return out;
      } catch (err) {
        if (!state.begin) {
          await client.query("rollback").catch((e: Error) => {
            broken ??= e;
          });
        }
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
