/**
 * Fan-out at the start of a drop, on PostgreSQL + Redis + NATS (DATABASE_URL, REDIS_URL,
 * NATS_URL, defaults: the local servers):
 * 1. N followers (default 10,000) bulk-loaded in SQL, their WebSockets spread over two
 *    `livedrop serve` processes, one `livedrop worker`; a drop of the creator starts.
 *    Prints delivery latency from `startsAt` (p50/p99/max), messages lost and duplicated,
 *    and the servers' resident memory added by the sockets and the delivery.
 * 2. A creator with 1,000,000 followers (bulk-loaded): how long after `startsAt` a
 *    follower's inbox shows `drop.started` (fan-out on read: one feed row, no 1M inserts).
 * Options: --sockets N (10000), --celebrity N (1000000, 0 skips it), --clients N (client
 * processes holding the sockets, 2), --lead-ms N (time to the start once every socket is
 * connected, 3000). Everything runs on 127.0.0.1.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { WebSocket } from "ws";
import { type Node, spawnNode } from "../test/cluster.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { spawnWorker } from "../test/push.client.js";
import {
  arg,
  benchCreator,
  benchDrop,
  benchSecrets,
  DEFAULT_PG,
  machine,
  metricsText,
  signToken,
} from "./lib.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** A creator, a product and `n` followers, in SQL at millisecond precision (what cursors carry). */
async function loadCreator(
  db: pg.Client,
  handle: string,
  n: number,
): Promise<{ creator: string; product: string }> {
  const { creator, product } = await benchCreator(db, handle);
  for (let done = 0; done < n; done += 100_000) {
    const k = Math.min(100_000, n - done);
    await db.query(
      `with u as (
         insert into users (id, name, email, created_at, updated_at)
         select gen_random_uuid(), 'fan', null, now(), now() from generate_series(1, $2) returning id
       )
       insert into follows (user_id, creator_id, created_at)
       select id, $1, date_trunc('milliseconds', now() - interval '1 minute') from u`,
      [creator, k],
    );
  }
  await db.query("insert into follow_counters (owner_id, kind, slot, n) values ($1, 1, 0, $2)", [creator, n]);
  return { creator, product };
}

/** The slowest hand-out of one event to a server's sockets, from its histogram (upper bucket bound). */
async function dispatchMs(url: string, internalToken: string): Promise<number> {
  const text = await metricsText(url, internalToken);
  const buckets = text
    .split("\n")
    .filter((l) => l.startsWith("push_dispatch_seconds_bucket"))
    .map((l) => ({ le: l.match(/le="([^"]+)"/)?.[1] ?? "", n: Number(l.split(" ").at(-1)) }));
  const total = buckets.find((b) => b.le === "+Inf")?.n ?? 0;
  const first = buckets.find((b) => b.n === total);
  return first ? Number(first.le) * 1000 : NaN;
}

async function rss(url: string, internalToken: string): Promise<number> {
  const text = await metricsText(url, internalToken);
  const line = text.split("\n").find((l) => l.startsWith("process_resident_memory_bytes "));
  return Number(line?.split(" ")[1] ?? NaN);
}

/**
 * A client process (forked from this file with FANOUT_CLIENT=1): opens its share of the
 * sockets, then reports when each received `drop.started`. Several of them keep the
 * receiving side from being one event loop that every message queues behind.
 */
async function clientProcess(): Promise<void> {
  const got: number[][] = [];
  const sockets: WebSocket[] = [];
  let dropId = "";
  const send = (m: unknown) => process.send?.(m);
  process.on("message", async (m: any) => {
    if (m.cmd === "connect") {
      let next = 0;
      const one = async (): Promise<void> => {
        for (;;) {
          const i = next++;
          if (i >= m.tokens.length) return;
          const base = (m.urls[i % m.urls.length] as string).replace("http", "ws");
          const ws = new WebSocket(`${base}/push?token=${m.tokens[i]}`);
          sockets.push(ws);
          const mine: number[] = [];
          got.push(mine);
          await new Promise<void>((resolve, reject) => {
            ws.on("message", (raw) => {
              const at = Date.now();
              const msg = JSON.parse(String(raw));
              if (msg.type === "welcome") resolve();
              else if (msg.type === "drop.started" && msg.data.dropId === dropId) mine.push(at);
            });
            ws.on("error", reject);
          });
        }
      };
      await Promise.all(Array.from({ length: m.parallel }, one));
      send({ ready: sockets.length });
    } else if (m.cmd === "collect") {
      dropId = m.dropId;
      while (Date.now() < m.deadline && !got.every((v) => v.length > 0)) await sleep(20);
      await sleep(500); // room for duplicates
      send({
        firsts: got.map((v) => v[0] ?? -1),
        dups: got.reduce((n, v) => n + Math.max(0, v.length - 1), 0),
      });
    } else if (m.cmd === "exit") {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
  send({ up: true });
}

if (process.env.FANOUT_CLIENT === "1") void clientProcess();

interface Client {
  ask<T>(msg: unknown, key: string): Promise<T>;
  child: ChildProcess;
}

function forkClient(): Promise<Client> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, FANOUT_CLIENT: "1" },
  });
  const ask = <T>(msg: unknown, key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: any) => {
        if (key in m) {
          child.off("message", on);
          resolve(m);
        }
      };
      child.on("message", on);
      if (msg) child.send(msg as object);
    });
  return ask<{ up: true }>(null, "up").then(() => ({ ask, child }));
}

export default async function main(args: string[]): Promise<void> {
  const n = arg(args, "sockets", 10_000);
  const celebrity = arg(args, "celebrity", 1_000_000);
  const leadMs = arg(args, "lead-ms", 3_000);
  const clientCount = arg(args, "clients", 2);
  const base = process.env.DATABASE_URL ?? DEFAULT_PG;
  const schema = await freshSchemaUrl(base);
  const env = {
    ...benchSecrets(),
    DATABASE_URL: schema.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    NATS_URL: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    DB_POOL_SIZE: "20",
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    RATE_LIMITS: "off", // a crowd from one address
  };
  console.log(`fanout bench on ${machine()}; PostgreSQL + Redis + NATS, 2 servers + 1 worker`);
  const nodes: Node[] = [await spawnNode(env)];
  nodes.push(await spawnNode(env));
  const worker = await spawnWorker(env);
  const db = new pg.Client({ connectionString: schema.url });
  await db.connect();
  let clients: Client[] = [];
  try {
    // 1. N connected followers.
    const fans = await loadCreator(db, "star", n);
    const tokens = (
      await db.query("select user_id from follows where creator_id = $1", [fans.creator])
    ).rows.map((r) => signToken(r.user_id, env.JWT_SECRET));
    const urls = nodes.map((x) => x.url);
    const before = await Promise.all(urls.map((u) => rss(u, env.INTERNAL_TOKEN)));
    const t0 = Date.now();
    clients = await Promise.all(Array.from({ length: clientCount }, forkClient));
    const share = Math.ceil(n / clientCount);
    await Promise.all(
      clients.map((c, k) =>
        c.ask(
          { cmd: "connect", urls, tokens: tokens.slice(k * share, (k + 1) * share), parallel: 250 },
          "ready",
        ),
      ),
    );
    console.log(
      `${n} sockets connected over ${urls.length} servers from ${clientCount} client processes in ${Date.now() - t0} ms`,
    );
    const startsAt = new Date(Date.now() + leadMs);
    const dropId = await benchDrop(db, fans, startsAt);
    const reports = await Promise.all(
      clients.map((c) =>
        c.ask<{ firsts: number[]; dups: number }>(
          { cmd: "collect", dropId, deadline: startsAt.getTime() + 10_000 },
          "firsts",
        ),
      ),
    );
    const after = await Promise.all(urls.map((u) => rss(u, env.INTERNAL_TOKEN)));
    const firsts = reports.flatMap((r) => r.firsts.filter((t) => t >= 0).map((t) => t - startsAt.getTime()));
    const sorted = firsts.sort((a, b) => a - b);
    const lost = n - firsts.length;
    const dups = reports.reduce((s, r) => s + r.dups, 0);
    const added = after.reduce((s, v, i) => s + v - (before[i] ?? 0), 0);
    // Where the time went before the servers got the event: the scheduler's firing, the relay.
    const ev = (
      await db.query(
        "select created_at, published_at from outbox_events where aggregate_id = $1 and type = 'drop.started'",
        [dropId],
      )
    ).rows[0] as { created_at: Date; published_at: Date | null } | undefined;
    console.table([
      {
        scenario: `drop.started to ${n} sockets`,
        "fired ms": ev ? ev.created_at.getTime() - startsAt.getTime() : NaN,
        "published ms": ev?.published_at ? ev.published_at.getTime() - startsAt.getTime() : NaN,
        "server hand-out ms ≤": (await Promise.all(urls.map((u) => dispatchMs(u, env.INTERNAL_TOKEN)))).join(
          " / ",
        ),
        "first ms": sorted[0],
        "p50 ms": pct(sorted, 0.5),
        "p99 ms": pct(sorted, 0.99),
        "max ms": sorted.at(-1),
        lost,
        duplicates: dups,
        "server RSS added MB": Math.round(added / 2 ** 20),
        "server RSS now MB": after.map((v) => Math.round(v / 2 ** 20)).join(" + "),
      },
    ]);
    for (const c of clients) c.child.send({ cmd: "exit" });
    clients = [];

    // 2. A 1,000,000-follower creator's drop in a follower's inbox.
    if (celebrity <= 0) return;
    const t1 = Date.now();
    const celeb = await loadCreator(db, "celebrity", celebrity);
    console.log(`${celebrity} followers bulk-loaded in ${Math.round((Date.now() - t1) / 1000)} s`);
    const one = (
      await db.query(
        "select user_id from follows where creator_id = $1 order by created_at desc, user_id desc limit 1",
        [celeb.creator],
      )
    ).rows[0].user_id as string;
    const token = signToken(one, env.JWT_SECRET);
    const at = new Date(Date.now() + 2_000);
    const celebDrop = await benchDrop(db, celeb, at);
    let seenAt = 0;
    while (!seenAt && Date.now() < at.getTime() + 10_000) {
      const r = await fetch(`${urls[0]}/api/users/${one}/notifications?limit=5`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await r.json()) as { data: { items: { type: string; data: { dropId: string } }[] } };
      if (body.data.items.some((x) => x.type === "drop.started" && x.data.dropId === celebDrop))
        seenAt = Date.now();
      else await sleep(10);
    }
    const rows = (
      await db.query(
        "select count(*)::int as n from notifications where event_id in (select id from outbox_events where aggregate_id = $1)",
        [celebDrop],
      )
    ).rows[0].n;
    console.table([
      {
        scenario: `inbox of a follower of a ${celebrity}-follower creator`,
        "visible after startsAt ms": seenAt ? seenAt - at.getTime() : "not within 10 s",
        "inbox rows written": rows,
      },
    ]);
  } finally {
    for (const c of clients) c.child.kill();
    await db.end();
    await worker.stop();
    await Promise.all(nodes.map((x) => x.stop()));
    await schema.drop();
  }
}
