import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { CURRENT_SCHEMA_SQL, quoteIdent, scopedChannel } from "./channel.js";
import { AFTER_COMMIT, type Db, type Queryable, type QueryResult } from "./index.js";

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

  // One process owns the database, so PGlite delivers a NOTIFY to its own LISTEN on commit.
  // A channel stays LISTENed once heard of: PGlite's own unlisten cannot quote the
  // scoped name (`schema.channel`), and an idle LISTEN costs nothing.
  let schema: Promise<string> | undefined;
  const channels = new Map<string, { fns: Set<() => void>; listening: Promise<unknown> }>();
  const listen = async (channel: string, fn: () => void) => {
    let ch = channels.get(channel);
    if (!ch) {
      const fns = new Set<() => void>();
      schema ??= pg.query<{ schema: string }>(CURRENT_SCHEMA_SQL).then((r) => String(r.rows[0]?.schema));
      const listening = schema.then((s) =>
        pg.listen(quoteIdent(scopedChannel(s, channel)), () => {
          for (const f of [...fns]) f();
        }),
      );
      ch = { fns, listening };
      channels.set(channel, ch);
    }
    ch.fns.add(fn);
    await ch.listening;
    const { fns } = ch;
    return async () => void fns.delete(fn);
  };

  return {
    kind: "pglite",
    query: root.query,
    exec: root.exec,
    // In-process: no round trip to save, so the last statement is a plain query and
    // `transaction` commits after it; as on PostgreSQL, nothing may follow it.
    tx: (fn) =>
      pg.transaction((tx) => {
        const q = wrap(tx);
        let last = false;
        const open = () => {
          if (last) throw new Error(AFTER_COMMIT);
        };
        return fn({
          query: async (sql, params) => {
            open();
            return q.query(sql, params);
          },
          exec: async (sql) => {
            open();
            await q.exec(sql);
          },
          queryAndCommit: async (sql, params) => {
            open();
            last = true;
            return q.query(sql, params);
          },
        });
      }),
    listen,
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    ping: async () => {
      await pg.query("select 1");
    },
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}
