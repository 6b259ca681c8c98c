/**
 * The waiting room at a million tickets, on PostgreSQL + Redis + NATS (DATABASE_URL,
 * REDIS_URL, NATS_URL, defaults: the local servers), in a fresh schema and namespace: one
 * `livedrop serve` and one `livedrop worker` (the admission job and the outbox relay run in
 * the worker), NODE_ENV=production and every other setting at its default except
 * RATE_LIMITS=off, because all the load comes from one address.
 *
 * Seed (SQL, as the join path and the draw leave it): N accounts (--tickets, 1,000,000),
 * each with an early ticket of one queue drop (no position, a random 63-bit draw key), then
 * the draw itself, run by the bench with the repository's own `rank` statement (timed and
 * printed: it is the one statement whose cost grows with the line), stamped as done at the
 * drop's start, which is set a few seconds ahead. Then, once the drop has started:
 *  (a) joins/s: --joins (3,000) new accounts join through `POST /api/drops/:id/queue`
 *      (each request a different account, so every one is a late join taking the next
 *      position under the room's lock), beside `GET /health/live`;
 *  (b) position reads: `GET /api/drops/:id/queue/me` from --connections (100) connections,
 *      each request a random one of 100,000 ticket holders, for --duration s (15) while
 *      the admission job admits, beside `GET /health/live` just before and after;
 *  (c) admission -> `queue.admitted` on the holder's push socket, for --sockets (300)
 *      tickets a little ahead of the admission front, once with the server quiet and once
 *      during (b): from the ticket's `admitted_at` (the admission tick's clock, written in
 *      the worker) to the message's arrival (one machine, one clock), p50/p99/max. A tick
 *      admits a second's worth in one transaction, so that includes its commit, the relay's
 *      wake-up, NATS and the push hub.
 * Options: --tickets, --joins, --connections, --duration, --sockets, --admit (the drop's
 * admitPerSecond, default 50 as a drop gets).
 */
import { performance } from "node:perf_hooks";
import type { Db } from "../src/infra/db/index.js";
import { createPgDb } from "../src/infra/db/pg.js";
import { createQueueRepository } from "../src/modules/fairdrops/queue.repository.js";
import { newId } from "../src/shared/ids.js";
import { insertCreator, insertDrop } from "../test/factories.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { PushClient, spawnWorker } from "../test/push.client.js";
import {
  arg,
  benchSecrets,
  DEFAULT_PG,
  type Figures,
  load,
  machine,
  signToken,
  startServer,
  table,
  withCpu,
} from "./lib.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 0.5), p99: pct(s, 0.99), max: s.at(-1) ?? Number.NaN };
};

/**
 * `n` accounts, each with an early ticket (no position yet, a random draw key), in batches.
 * Ids are UUIDv7 made here, as the app makes them, so the rows land at the right edge of
 * their indexes as they would when joined one by one. Returns every 10th account (readers).
 */
async function seedEarly(db: Db, dropId: string, n: number): Promise<string[]> {
  const sample: string[] = [];
  const batch = 50_000;
  for (let done = 0; done < n; done += batch) {
    const k = Math.min(batch, n - done);
    const users = Array.from({ length: k }, () => newId());
    const tickets = Array.from({ length: k }, () => newId());
    for (let i = 0; i < k; i += 10) sample.push(users[i] as string);
    await db.query(
      `with u as (
         insert into users (id, name, email, password_hash, created_at, updated_at)
         select id, 'Fan', null, 'x', now(), now() from unnest($1::uuid[]) as t(id)
       )
       insert into queue_tickets (id, drop_id, user_id, joined_at, draw)
       select t.tid, $3, t.uid, now(), floor(random() * 9223372036854775807)::bigint
       from unnest($2::uuid[], $1::uuid[]) as t(tid, uid)`,
      [users, tickets, dropId],
    );
  }
  return sample;
}

/** Accounts straight in SQL (the joiners of (a)), UUIDv7 ids. */
async function newAccounts(db: Db, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  await db.query(
    `insert into users (id, name, email, password_hash, created_at, updated_at)
     select id, 'Joiner', null, 'x', now(), now() from unnest($1::uuid[]) as t(id)`,
    [ids],
  );
  return ids;
}

interface PushRun {
  /** Per ticket: admitted_at -> arrival on the socket, ms. */
  delivery: number[];
  lost: number;
  /** Admitted before its socket was ready, or outside the window: not counted. */
  skipped: number;
}

/**
 * Sockets for the holders of tickets at positions [from, from + n), on `url`. `measure`
 * resolves once every ticket's `queue.admitted` has arrived (or `deadlineMs` passed), and
 * counts only tickets admitted inside [windowStart, windowEnd] (epoch ms) when given.
 */
async function pushWatch(
  db: Db,
  url: string,
  secret: string,
  where: { dropId: string; from: number; n: number },
  /** Every socket opened, so the caller closes them even when this fails half way. */
  opened: PushClient[],
) {
  const { dropId, from, n } = where;
  const rows = (
    await db.query<{ id: string; user_id: string }>(
      "select id, user_id from queue_tickets where drop_id = $1 and position >= $2 and position < $3",
      [dropId, from, from + n],
    )
  ).rows;
  const arrived = new Map<string, number>();
  const clients: PushClient[] = [];
  // As a client does: a refused upgrade (admission control's 503 on a busy server) is tried
  // again a little later, up to 20 times.
  const connect = async (r: { id: string; user_id: string }) => {
    for (let attempt = 0; ; attempt++) {
      const c = new PushClient(url, signToken(r.user_id, secret));
      opened.push(c);
      c.ws.on("message", (raw) => {
        const at = Date.now();
        const m = JSON.parse(String(raw));
        if (m.type === "queue.admitted" && m.data?.ticketId === r.id && !arrived.has(r.id))
          arrived.set(r.id, at);
      });
      try {
        await c.ready;
        clients.push(c);
        return;
      } catch (err) {
        await c.close().catch(() => {});
        if (attempt >= 20) throw err;
        await sleep(250);
      }
    }
  };
  await Promise.all(rows.map(connect));
  const readyAt = Date.now();
  return {
    clients,
    async measure(deadlineMs: number, window?: { start: number; end: number }): Promise<PushRun> {
      while (arrived.size < rows.length && Date.now() < deadlineMs) await sleep(50);
      const ids = rows.map((r) => r.id);
      const admitted = (
        await db.query<{ id: string; admitted_at: Date | null }>(
          "select id, admitted_at from queue_tickets where id = any($1::uuid[])",
          [ids],
        )
      ).rows;
      const run: PushRun = { delivery: [], lost: 0, skipped: 0 };
      for (const a of admitted) {
        const at = a.admitted_at?.getTime();
        if (at === undefined) {
          run.lost++; // never admitted in time: reported as lost, the deadline says how long we waited
          continue;
        }
        if (at < readyAt || (window && (at < window.start || at > window.end))) {
          run.skipped++;
          continue;
        }
        const got = arrived.get(a.id);
        if (got === undefined) {
          run.lost++;
          continue;
        }
        run.delivery.push(got - at);
      }
      return run;
    },
    close: () => Promise.all(clients.map((c) => c.close().catch(() => {}))),
  };
}

export default async function main(args: string[]): Promise<void> {
  const tickets = arg(args, "tickets", 1_000_000);
  const joins = arg(args, "joins", 3_000);
  const connections = arg(args, "connections", 100);
  const duration = arg(args, "duration", 15);
  const sockets = arg(args, "sockets", 300);
  const admit = arg(args, "admit", 50);
  const schema = await freshSchemaUrl(process.env.DATABASE_URL || DEFAULT_PG);
  const secrets = benchSecrets();
  const env = {
    NODE_ENV: "production",
    ...secrets,
    DATABASE_URL: schema.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    NATS_URL: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    SEED_DEMO: "false",
    RATE_LIMITS: "off", // a crowd from one address
  };
  console.log(
    `queue bench on ${machine()}; PostgreSQL + Redis + NATS, 1 server + 1 worker (NODE_ENV=production); ` +
      `${tickets} tickets, ${joins} joins, ${connections} connections, reads for ${duration} s, ` +
      `${sockets} push sockets per window, admitPerSecond ${admit}`,
  );
  // Everything started is stopped in `finally`, whatever fails on the way.
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  const opened: PushClient[] = [];
  const db = createPgDb(schema.url, 4);
  try {
    // The server migrates the fresh schema; the worker comes once the seed is in.
    server = await startServer(["src/cli.ts", "serve"], env);
    const url = server.url;
    const creatorId = await insertCreator(db);
    // Stock that does not run out: nobody buys here, and a sold-out room closes.
    const { dropId } = await insertDrop(db, {
      creatorId,
      stock: 10_000_000,
      startsAt: new Date(Date.now() + 3_600_000),
      endsAt: new Date(Date.now() + 7_200_000),
    });
    await db.query("update drops set access = 'queue', admit_per_second = $2 where id = $1", [dropId, admit]);
    await db.query("insert into queue_rooms (drop_id) values ($1)", [dropId]);

    let t = performance.now();
    const readerIds = await seedEarly(db, dropId, tickets);
    const seedS = (performance.now() - t) / 1000;
    // The draw: the repository's statement, in the bench's connection (no statement timeout).
    t = performance.now();
    const ranked = await db.tx(async (q) => {
      const repo = createQueueRepository(q);
      await repo.roomForUpdate(q, dropId);
      return repo.rank(q, dropId, new Date(), new Date());
    });
    const drawS = (performance.now() - t) / 1000;
    // Stamped as the draw at the start leaves it: ranked at startsAt, the admission clock a
    // second before (so the first second's buyers go in at startsAt).
    const startsAt = new Date(Date.now() + 5_000);
    await db.query("update drops set starts_at = $2 where id = $1", [dropId, startsAt]);
    await db.query("update queue_rooms set ranked_at = $2, admitted_at = $3 where drop_id = $1", [
      dropId,
      startsAt,
      new Date(startsAt.getTime() - 1_000),
    ]);
    // What autovacuum does soon after a bulk load: planner statistics for a million new rows.
    await db.exec("vacuum analyze queue_tickets");
    console.log(
      `seeded ${tickets} early tickets (and accounts) in ${seedS.toFixed(1)} s; the draw ranked ${ranked} ` +
        `tickets in one statement in ${drawS.toFixed(1)} s (the server's statement timeout, ` +
        `DB_STATEMENT_TIMEOUT_MS, defaults to 15 s)`,
    );
    worker = await spawnWorker(env);
    const joiners = await newAccounts(db, joins);
    const joinTokens = joiners.map((id) => signToken(id, secrets.JWT_SECRET));
    const readTokens = readerIds.slice(0, 100_000).map((id) => signToken(id, secrets.JWT_SECRET));
    const wait = startsAt.getTime() - Date.now();
    if (wait > 0) await sleep(wait + 500);

    // (a) Late joins, each request a new account.
    const floorA = await withCpu(server, () =>
      load("GET /health/live (floor)", { url: `${url}/health/live`, connections, duration: 3 }),
    );
    let next = 0;
    const joinsFig = await withCpu(server, () =>
      load("POST /api/drops/:id/queue (late join, new account)", {
        url,
        connections,
        amount: joins,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: `/api/drops/${dropId}/queue`,
            setupRequest: (req: any) => ({
              ...req,
              headers: { authorization: `Bearer ${joinTokens[next++ % joinTokens.length]}` },
            }),
          },
        ],
      }),
    );
    const room = (
      await db.query<{ last_position: number; n: number; max: number; admitted_through: number }>(
        `select r.last_position, r.admitted_through, (select count(*) from queue_tickets where drop_id = $1) as n,
           (select max(position) from queue_tickets where drop_id = $1) as max
         from queue_rooms r where r.drop_id = $1`,
        [dropId],
      )
    ).rows[0];
    console.log("(a) late joins, each a new account, beside GET /health/live:");
    table([joinsFig, floorA], floorA);
    console.log(
      `    server CPU per request: join ${joinsFig.cpuMsPerRequest.toFixed(3)} ms, /health/live ` +
        `${floorA.cpuMsPerRequest.toFixed(3)} ms; answers ${JSON.stringify(joinsFig.byStatus)}; tickets ${room?.n}, last position ${room?.last_position}, ` +
        `highest position ${room?.max} (no gaps, no repeats: all three equal)`,
    );

    // (c), quiet: sockets for tickets a few seconds ahead of the admission front.
    const front = async () =>
      Number(
        (
          await db.query<{ a: number }>("select admitted_through as a from queue_rooms where drop_id = $1", [
            dropId,
          ])
        ).rows[0]?.a ?? 0,
      );
    // Three seconds' worth ahead: the sockets are open before the front reaches them.
    const ahead = () => front().then((f) => ({ dropId, from: f + admit * 3, n: sockets }));
    const quiet = await pushWatch(db, url, secrets.JWT_SECRET, await ahead(), opened);
    const quietRun = await quiet.measure(Date.now() + 3_000 + (sockets / admit) * 1_000 + 10_000);
    await quiet.close();

    // (b) Position reads while the admission job admits, and (c) under that load.
    const floorBefore = await withCpu(server, () =>
      load("GET /health/live (floor, before)", { url: `${url}/health/live`, connections, duration: 5 }),
    );
    const loaded = await pushWatch(db, url, secrets.JWT_SECRET, await ahead(), opened);
    const admittedBefore = await front();
    const loadStart = Date.now();
    const readsP = withCpu(server, () =>
      load("GET /api/drops/:id/queue/me", {
        url,
        connections,
        duration,
        timeout: 30,
        requests: [
          {
            method: "GET",
            path: `/api/drops/${dropId}/queue/me`,
            setupRequest: (req: any) => ({
              ...req,
              headers: {
                authorization: `Bearer ${readTokens[Math.floor(Math.random() * readTokens.length)]}`,
              },
            }),
          },
        ],
      }),
    );
    const reads = await readsP;
    const loadEnd = Date.now();
    const admittedDuring = (await front()) - admittedBefore;
    const loadedRun = await loaded.measure(Date.now() + 10_000, { start: loadStart, end: loadEnd });
    await loaded.close();
    const floorAfter = await withCpu(server, () =>
      load("GET /health/live (floor, after)", { url: `${url}/health/live`, connections, duration: 5 }),
    );
    const floorMean: Figures = { ...floorBefore, rps: (floorBefore.rps + floorAfter.rps) / 2 };
    console.log("(b) position reads while the admission job runs, beside GET /health/live before and after:");
    table([reads, floorBefore, floorAfter], floorMean);
    console.log(
      `    server CPU per request: read ${reads.cpuMsPerRequest.toFixed(3)} ms, /health/live ` +
        `${((floorBefore.cpuMsPerRequest + floorAfter.cpuMsPerRequest) / 2).toFixed(3)} ms; ` +
        `answers ${JSON.stringify(reads.byStatus)}; ` +
        `${admittedDuring} tickets admitted during the reads (${(admittedDuring / ((loadEnd - loadStart) / 1000)).toFixed(1)}/s, ` +
        `the drop's rate ${admit}/s)`,
    );

    console.log("(c) admission (the ticket's admitted_at) -> queue.admitted on the holder's socket, ms:");
    const row = (label: string, r: PushRun) => ({
      window: label,
      ...summary(r.delivery),
      lost: r.lost,
      "not counted": r.skipped,
    });
    console.table([row("quiet", quietRun), row(`during (b), ${connections} connections`, loadedRun)]);
  } finally {
    await Promise.all(opened.map((c) => c.close().catch(() => {})));
    await worker?.stop().catch(() => {});
    await server?.stop().catch(() => {});
    await db.close();
    await schema.drop();
  }
}
