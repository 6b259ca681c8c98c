import pg from "pg";
import { CURRENT_SCHEMA_SQL, quoteIdent, scopedChannel } from "./channel.js";

export interface Listener {
  listen(channel: string, fn: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * One dedicated connection per process for LISTEN, outside the pool: a pooled client
 * would be handed to queries and lose its LISTENs on release. Opened on the first
 * `listen`. When it drops (a PostgreSQL restart, a network cut) it reconnects with
 * backoff, listens again and calls every handler once, since notifications sent while it
 * was away are lost; it never lets a connection error crash the process.
 */
export function createPgListener(url: string, opts: { connectMs?: number } = {}): Listener {
  const handlers = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let schema = "";
  let ready: Promise<void> | undefined;
  let closed = false;
  let retry: { timer: NodeJS.Timeout; resolve(): void } | undefined;

  const call = (fns: Iterable<() => void>) => {
    for (const fn of [...fns]) {
      try {
        fn();
      } catch {
        // a handler's failure is its own business; the others still hear the wake
      }
    }
  };
  const everyHandler = () => [...handlers.values()].flatMap((s) => [...s]);
  const sql = (verb: "listen" | "unlisten", channel: string) =>
    `${verb} ${quoteIdent(scopedChannel(schema, channel))}`;

  const connect = async (): Promise<void> => {
    let backoff = 0;
    while (!closed) {
      // No statement or idle-in-transaction timeout here: this session only LISTENs, and
      // sits idle (outside any transaction) for as long as the process runs.
      const c = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: opts.connectMs,
        keepAlive: true,
      });
      // Without these, a dropped connection is an unhandled 'error' event: a crash.
      c.on("error", () => lost(c));
      c.on("end", () => lost(c));
      c.on("notification", (m) => {
        for (const [channel, fns] of handlers) if (scopedChannel(schema, channel) === m.channel) call(fns);
      });
      try {
        await c.connect();
        schema = String((await c.query<{ schema: string }>(CURRENT_SCHEMA_SQL)).rows[0]?.schema);
        for (const channel of handlers.keys()) await c.query(sql("listen", channel));
        if (closed) break;
        client = c;
        return;
      } catch {
        c.end().catch(() => {});
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 100);
        await new Promise<void>((resolve) => {
          retry = { timer: setTimeout(resolve, backoff), resolve };
        });
      }
    }
  };

  function lost(c: pg.Client) {
    if (client !== c || closed) return;
    client = undefined;
    c.end().catch(() => {});
    ready = connect().then(() => call(everyHandler()));
  }

  return {
    async listen(channel, fn) {
      const known = handlers.get(channel);
      const fns = known ?? new Set<() => void>();
      fns.add(fn);
      handlers.set(channel, fns);
      ready ??= connect();
      await ready;
      // A connection opened before this channel was added does not listen to it yet
      // (LISTEN twice is harmless). If it is down, the next one listens to every channel.
      if (!known && client) await client.query(sql("listen", channel)).catch(() => {});
      return async () => {
        fns.delete(fn);
        if (fns.size > 0 || handlers.get(channel) !== fns) return;
        handlers.delete(channel);
        await client?.query(sql("unlisten", channel)).catch(() => {});
      };
    },
    async close() {
      closed = true;
      if (retry) {
        clearTimeout(retry.timer);
        retry.resolve();
      }
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
