/**
 * Email at celebrity scale, on PostgreSQL + Redis + NATS (DATABASE_URL, REDIS_URL, NATS_URL,
 * defaults: the local servers), NODE_ENV=production, in a fresh schema and namespace.
 * A creator with N followers (bulk-loaded in SQL, each with an address) and S other
 * followers holding WebSockets over two `livedrop serve` processes; one `livedrop worker`
 * whose SMTP_URL is an SMTP sink in its own child process (it counts messages and when
 * they arrived, off this process's event loop).
 * - Run A (baseline): a drop of the creator starts with nobody opted in to `drop.started`
 *   email (the worker still walks the N follows, queueing nothing).
 * - Run B: the N followers opt in (bulk insert into message_preferences) and a second drop
 *   starts: the worker expands the fan-out into the queue and sends while we measure.
 * In both runs, "probe" drops of a second creator the socket holders follow start every
 * --probe-ms over the window, so WebSocket delivery is measured while mail flows, not only
 * for the start that caused it. Prints emails/s into the sink, queue expansion rows/s, the
 * WebSocket p50/p99 from startsAt without and with email, and their ratio.
 * Options: --followers N (1000000), --sockets S (2000), --mail-seconds T (60, the window),
 * --mail-rate R (MAIL_RATE_PER_SECOND for the worker, 1000), --probe-ms (5000),
 * --expand-seconds (300: how long after the start to wait for the whole queue expansion),
 * --clients (2), --lead-ms (3000).
 */
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { type Node, spawnNode } from "../test/cluster.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { spawnWorker } from "../test/push.client.js";
import { arg, benchCreator, benchDrop, benchSecrets, DEFAULT_PG, machine, signToken } from "./lib.js";
import { forkChild, type SinkReport, type SocketsReport } from "./messages.children.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** `n` users (with an address when `emails`) following `creator`, 100,000 per statement. */
async function loadFollowers(db: pg.Client, creators: string[], n: number, tag: string | null) {
  for (let done = 0; done < n; done += 100_000) {
    const k = Math.min(100_000, n - done);
    await db.query(
      `with u as (
         insert into users (id, name, email, created_at, updated_at)
         select gen_random_uuid(), 'fan', case when $3::text is null then null else $3 || (i + $4) || '@bench.test' end,
                now(), now()
         from generate_series(1, $2) as i returning id
       )
       insert into follows (user_id, creator_id, created_at)
       select u.id, c, date_trunc('milliseconds', now() - interval '1 minute') from u, unnest($1::uuid[]) as c`,
      [creators, k, tag, done],
    );
  }
}

interface RunFigures {
  main: number[];
  probes: number[];
  lost: number;
  fanoutMs: number;
  queued: number;
  emails: number;
  emailsPerS: number;
  firstMailMs: number;
  pending: number;
  /** Per start (the run's and its probes'), its outbox row's published_at minus startsAt. */
  published: number[];
}

export default async function main(args: string[]): Promise<void> {
  const followers = arg(args, "followers", 1_000_000);
  const sockets = arg(args, "sockets", 2_000);
  const windowS = arg(args, "mail-seconds", 60);
  const rate = arg(args, "mail-rate", 1_000);
  const probeMs = arg(args, "probe-ms", 5_000);
  const expandS = arg(args, "expand-seconds", 300);
  const clientCount = arg(args, "clients", 2);
  const leadMs = arg(args, "lead-ms", 3_000);
  const schema = await freshSchemaUrl(process.env.DATABASE_URL ?? DEFAULT_PG);
  const children: ChildProcess[] = [];
  const sink = await forkChild("sink");
  children.push(sink.child);
  const { url: smtpUrl } = await sink.ask<{ url: string }>({ cmd: "listen" }, "url");
  const env = {
    ...benchSecrets(),
    NODE_ENV: "production",
    DATABASE_URL: schema.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    NATS_URL: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    DB_POOL_SIZE: "20",
    RATE_LIMITS: "off", // a crowd from one address
    SMTP_URL: smtpUrl,
    MAIL_RATE_PER_SECOND: String(rate),
  };
  console.log(
    `messages bench on ${machine()}; PostgreSQL + Redis + NATS, 2 servers + 1 worker (NODE_ENV=production), ` +
      `SMTP sink in a child process; ${followers} followers, ${sockets} sockets, MAIL_RATE_PER_SECOND=${rate}, ` +
      `window ${windowS} s, a probe drop every ${probeMs} ms`,
  );
  const nodes: Node[] = [await spawnNode(env)];
  nodes.push(await spawnNode(env));
  const worker = await spawnWorker(env);
  const db = new pg.Client({ connectionString: schema.url });
  await db.connect();
  try {
    const star = await benchCreator(db, "celebrity");
    const probe = await benchCreator(db, "probe");
    const t0 = Date.now();
    await loadFollowers(db, [star.creator], followers, `fan-${Date.now()}-`);
    await loadFollowers(db, [star.creator, probe.creator], sockets, null);
    await db.query("insert into follow_counters (owner_id, kind, slot, n) values ($1, 1, 0, $2)", [
      star.creator,
      followers + sockets,
    ]);
    await db.query("insert into follow_counters (owner_id, kind, slot, n) values ($1, 1, 0, $2)", [
      probe.creator,
      sockets,
    ]);
    await db.query("analyze");
    console.log(`${followers + sockets} followers bulk-loaded in ${Math.round((Date.now() - t0) / 1000)} s`);

    const tokens = (
      await db.query("select user_id from follows where creator_id = $1", [probe.creator])
    ).rows.map((r) => signToken(r.user_id, env.JWT_SECRET));
    const urls = nodes.map((x) => x.url);
    const clients = await Promise.all(Array.from({ length: clientCount }, () => forkChild("sockets")));
    children.push(...clients.map((c) => c.child));
    const share = Math.ceil(sockets / clientCount);
    await Promise.all(
      clients.map((c, k) =>
        c.ask(
          { cmd: "connect", urls, tokens: tokens.slice(k * share, (k + 1) * share), parallel: 100 },
          "ready",
        ),
      ),
    );

    /** One run: a drop of the celebrity, probe drops across the window, mail counted by the sink. */
    const run = async (label: string): Promise<RunFigures> => {
      const sinkBefore = await sink.ask<SinkReport>({ cmd: "report", from: 0 }, "count");
      const startsAt = new Date(Date.now() + leadMs);
      const mainDrop = await benchDrop(db, star, startsAt);
      const probes: { id: string; at: number }[] = [];
      for (let t = probeMs; t <= windowS * 1000; t += probeMs) {
        const at = new Date(startsAt.getTime() + t);
        probes.push({ id: await benchDrop(db, probe, at), at: at.getTime() });
      }
      const end = startsAt.getTime() + windowS * 1000;
      // Poll the fan-out and the sink until the window closes or every mail arrived.
      let fanoutMs = Number.NaN;
      let queued = 0;
      let report = sinkBefore;
      const poll = async () => {
        const f = (
          await db.query(
            `select f.queued, f.created_at, f.done_at from mail_fanouts f
             join outbox_events e on e.id::text = f.event_id
             where e.aggregate_id = $1 and e.type = 'drop.started'`,
            [mainDrop],
          )
        ).rows[0] as { queued: number; created_at: Date; done_at: Date | null } | undefined;
        if (f) queued = f.queued;
        if (f?.done_at && Number.isNaN(fanoutMs)) fanoutMs = f.done_at.getTime() - f.created_at.getTime();
      };
      while (Date.now() < end) {
        await sleep(1_000);
        await poll();
        report = await sink.ask<SinkReport>({ cmd: "report", from: sinkBefore.count }, "count");
        if (label === "B" && report.count - sinkBefore.count >= followers && !Number.isNaN(fanoutMs)) break;
      }
      const pending = Number(
        (await db.query("select count(*)::int as n from mail_queue where status = 'pending'")).rows[0].n,
      );
      // The queue may still be filling: wait for the whole expansion (mail keeps flowing, uncounted).
      while (Number.isNaN(fanoutMs) && Date.now() < startsAt.getTime() + expandS * 1000) {
        await sleep(1_000);
        await poll();
      }
      // When the worker published each start (the scheduler and the relay both run there).
      const relay = (
        await db.query(
          "select aggregate_id, published_at from outbox_events where aggregate_id = any($1::uuid[]) and type = 'drop.started'",
          [[mainDrop, ...probes.map((p) => p.id)]],
        )
      ).rows as { aggregate_id: string; published_at: Date | null }[];
      const dueOf = new Map([[mainDrop, startsAt.getTime()], ...probes.map((p) => [p.id, p.at] as const)]);
      const published = relay
        .map((r) =>
          r.published_at ? r.published_at.getTime() - (dueOf.get(r.aggregate_id) ?? 0) : Number.NaN,
        )
        .sort((x, y) => x - y);
      const lateEnd = Math.max(Date.now(), (probes.at(-1)?.at ?? 0) + 10_000);
      const got = await Promise.all(
        clients.map((c) =>
          c.ask<SocketsReport>(
            { cmd: "collect", dropIds: [mainDrop, ...probes.map((p) => p.id)], deadline: lateEnd },
            "firsts",
          ),
        ),
      );
      const lat = (id: string, at: number) =>
        got.flatMap((g) => (g.firsts[id] ?? []).filter((t) => t >= 0).map((t) => t - at));
      const main = lat(mainDrop, startsAt.getTime()).sort((a, b) => a - b);
      const probeLat = probes.flatMap((p) => lat(p.id, p.at)).sort((a, b) => a - b);
      const expected = sockets * (1 + probes.length);
      const emails = report.count - sinkBefore.count;
      const firstMail = report.firstFrom;
      const spanMs = (report.last ?? 0) - (firstMail ?? 0);
      return {
        main,
        probes: probeLat,
        lost: expected - main.length - probeLat.length,
        fanoutMs,
        queued,
        emails,
        emailsPerS: emails > 1 && spanMs > 0 ? (emails * 1000) / spanMs : 0,
        firstMailMs: firstMail ? firstMail - startsAt.getTime() : Number.NaN,
        pending,
        published,
      };
    };

    // Warm-up (not counted): the servers' and the worker's first drop start pays for cold code paths.
    const warm = await benchDrop(db, probe, new Date(Date.now() + leadMs));
    await Promise.all(
      clients.map((c) =>
        c.ask({ cmd: "collect", dropIds: [warm], deadline: Date.now() + leadMs + 10_000 }, "firsts"),
      ),
    );
    const a = await run("A");
    console.log(`run A done (expansion ${Math.round(a.fanoutMs)} ms); opting ${followers} followers in`);
    const t1 = Date.now();
    await db.query(
      `insert into message_preferences (user_id, email, web_push, updated_at)
       select f.user_id, '{"drop.started": true}'::jsonb, '{}'::jsonb, now()
       from follows f join users u on u.id = f.user_id
       where f.creator_id = $1 and u.email is not null`,
      [star.creator],
    );
    await db.query("analyze message_preferences");
    console.log(`preferences inserted in ${Math.round((Date.now() - t1) / 1000)} s`);
    const b = await run("B");
    const all = (r: RunFigures) => [...r.main, ...r.probes].sort((x, y) => x - y);
    const row = (label: string, r: RunFigures) => ({
      run: label,
      "emails/s": Math.round(r.emailsPerS),
      "emails in window": r.emails,
      "first mail ms": Math.round(r.firstMailMs),
      "queue rows": r.queued,
      "expansion s": Number.isNaN(r.fanoutMs) ? "not done" : Math.round(r.fanoutMs / 100) / 10,
      "expansion rows/s": Number.isNaN(r.fanoutMs) ? "-" : Math.round((followers * 1000) / r.fanoutMs),
      "pending at window end": r.pending,
      "published p50/max ms": `${pct(r.published, 0.5)} / ${r.published.at(-1)}`,
      "WS start p50/p99 ms": `${pct(r.main, 0.5)} / ${pct(r.main, 0.99)}`,
      "WS probes p50/p99 ms": `${pct(r.probes, 0.5)} / ${pct(r.probes, 0.99)}`,
      "WS all p99 ms": pct(all(r), 0.99),
      lost: r.lost,
    });
    console.table([row("A: no email", a), row("B: email to all", b)]);
    const ratio = pct(all(b), 0.99) / pct(all(a), 0.99);
    console.log(
      `emails/s ${Math.round(b.emailsPerS)} (limit ${rate}/s); expansion ${
        Number.isNaN(b.fanoutMs)
          ? "not done in the window"
          : `${Math.round((followers * 1000) / b.fanoutMs)} rows/s`
      }; WS p99 without email ${pct(all(a), 0.99)} ms, with email ${pct(all(b), 0.99)} ms (x${ratio.toFixed(2)})`,
    );
  } finally {
    for (const c of children) c.kill();
    await db.end();
    await worker.stop();
    await Promise.all(nodes.map((x) => x.stop()));
    await schema.drop();
  }
}
