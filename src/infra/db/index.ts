/**
 * The database interface every repository talks to. Two implementations share one SQL
 * dialect (PostgreSQL): PGlite in-process (the embedded default) and a `pg` pool (at
 * scale). Repositories write plain parameterised SQL against it.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Run a script of several statements without parameters (migrations, bulk seeding). */
  exec(sql: string): Promise<void>;
}

/**
 * A transaction's handle. `queryAndCommit` sends the transaction's last statement with its
 * COMMIT as one message: a statement that locks a hot row holds the lock until COMMIT, and
 * a COMMIT sent apart leaves only after this process has read the statement's answer, which
 * under load waits for a whole event-loop turn (15-20 ms at 1,000 connections) with the row
 * locked. Nothing may follow it; PGlite (in-process, nothing to wait for) runs it as a query.
 */
export interface Tx extends Queryable {
  queryAndCommit<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/** What a statement sent after `queryAndCommit` is refused with. */
export const AFTER_COMMIT = "this transaction has committed; nothing may follow queryAndCommit";

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface TxOptions {
  /**
   * Work that is long by nature (migrations, deleting an account with a million
   * followers): its statements run under the long statement timeout
   * (DB_LONG_STATEMENT_TIMEOUT_MS) instead of the one for requests.
   */
  long?: boolean;
  /**
   * Send BEGIN with the transaction's first statement, as one message (see `Tx`): for the
   * hot path's batches, where every round trip is a turn of a busy event loop.
   */
  bundleBegin?: boolean;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Run `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  tx<T>(fn: (q: Tx) => Promise<T>, opts?: TxOptions): Promise<T>;
  /**
   * Call `fn` after every commit, by any process on this database, that notified
   * `channel` (scoped to this schema, see channel.ts), and again whenever a lost listening
   * connection is back, since notifications sent meanwhile are gone. Resolves once
   * listening, with the function that stops it. Notifications carry no data here: they
   * only say "look now".
   */
  listen(channel: string, fn: () => void): Promise<() => Promise<void>>;
  poolStats(): PoolStats;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL's unique-violation SQLSTATE, the same from PGlite and pg. */
export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";
export const CHECK_VIOLATION = "23514";

export function pgErrorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String(err.code) : undefined;
}
