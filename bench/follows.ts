/**
 * Follows at celebrity scale, on PostgreSQL (DATABASE_URL, default the local server):
 * 1. many users following one creator at once through the HTTP API (follows/s, p50/p99),
 *    beside the naive follow (bench/naive-follows.ts: insert the row + add 1 to the
 *    creator's one counter row, one transaction, the same app and HTTP shape) served by a
 *    process of its own on its own schema of the same database, in the same run: naive,
 *    then the real server, then naive again, compared with the naive runs' mean so a drift
 *    of this noisy machine favours neither side. /health/live is measured as the ceiling;
 * 2. followers-page latency at page 1 and at a depth of 1,000,000 followers (bulk-loaded
 *    in SQL), beside the fixed-JSON route (skipped with --depth 0).
 * Servers run with the production defaults (NODE_ENV=production, default logging), limits
 * off (the crowd comes from one address).
 * Options: --users N (default 20000), --depth N (default 1000000), --connections N (100).
 * Target: follows/s onto one creator >= 5x the naive follow (issue 16).
 */
import pg from "pg";
import { encodeCursor } from "../src/shared/cursor.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
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

/** A celebrity and `users` fans, bulk-loaded (no password: they only need tokens). */
async function seed(
  db: pg.Client,
  users: number,
  secret: string,
  handle = "celeb",
): Promise<{ celeb: string; fans: string[] }> {
  const celeb = (
    await db.query(
      `with u as (insert into users (id, name, email, created_at, updated_at)
         values (gen_random_uuid(), 'Celebrity', null, now(), now()) returning id)
       insert into creators (id, handle, display_name, created_at, updated_at)
       select id, $1, 'Celebrity', now(), now() from u returning id`,
      [handle],
    )
  ).rows[0].id as string;
  const fans = (
    await db.query(
      `insert into users (id, name, email, created_at, updated_at)
       select gen_random_uuid(), 'fan ' || g, null, now(), now() from generate_series(1, $1) g returning id`,
      [users],
    )
  ).rows.map((r) => signToken(r.id, secret));
  return { celeb, fans };
}

/** `tokens.length` follows onto one creator, each fan once, as fast as answered. */
function burst(label: string, url: string, path: string, tokens: string[], connections: number) {
  let next = 0;
  return load(label, {
    url,
    connections,
    amount: tokens.length,
    requests: [
      {
        method: "PUT",
        path,
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, authorization: `Bearer ${tokens[next++]}` },
        }),
      },
    ],
  });
}

/** Followers of `creatorId` by rows and by the counter rows (exact when they agree). */
async function counted(db: pg.Client, creatorId: string): Promise<[number, number]> {
  const rows = (await db.query("select count(*)::int as n from follows where creator_id = $1", [creatorId]))
    .rows[0].n as number;
  const n = (
    await db.query(
      "select coalesce(sum(n), 0)::int as n from follow_counters where owner_id = $1 and kind = 1",
      [creatorId],
    )
  ).rows[0].n as number;
  return [rows, n];
}

export default async function main(args: string[]): Promise<void> {
  const users = arg(args, "users", 20_000);
  const depth = arg(args, "depth", 1_000_000);
  const connections = arg(args, "connections", 100);
  const base = process.env.DATABASE_URL ?? DEFAULT_PG;
  const schema = await freshSchemaUrl(base);
  const naiveSchema = await freshSchemaUrl(base);
  const secrets = benchSecrets();
  const env = {
    NODE_ENV: "production",
    ...secrets,
    DATABASE_URL: schema.url,
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    RATE_LIMITS: "off", // a crowd from one address
  };
  const db = new pg.Client({ connectionString: schema.url });
  const naiveDb = new pg.Client({ connectionString: naiveSchema.url });
  console.log(`follows bench on ${machine()}; PostgreSQL, one server process`);
  const node = await startServer(["src/cli.ts", "serve"], env);
  const naive = await startServer(["bench/naive-follows.ts"], {
    ...env,
    DATABASE_URL: naiveSchema.url,
    LIVEDROP_NAMESPACE: uniqueName("benchnaive"),
  });
  await db.connect();
  await naiveDb.connect();
  try {
    const real = await seed(db, users, secrets.JWT_SECRET);
    const n = await seed(naiveDb, 2 * users, secrets.JWT_SECRET);
    const warm = await seed(db, 1_000, secrets.JWT_SECRET, "warm");
    await burst("warm-up", node.url, `/api/creators/${warm.celeb}/follow`, warm.fans, connections);
    const naivePath = `/naive/creators/${n.celeb}/follow`;
    const before = await withCpu(naive, () =>
      burst("naive follow (before)", naive.url, naivePath, n.fans.slice(0, users), connections),
    );
    const follow = await withCpu(node, () =>
      burst(
        `PUT /api/creators/:id/follow (${users} users -> 1 creator)`,
        node.url,
        `/api/creators/${real.celeb}/follow`,
        real.fans,
        connections,
      ),
    );
    const after = await withCpu(naive, () =>
      burst("naive follow (after)", naive.url, naivePath, n.fans.slice(users), connections),
    );
    const baseline: Figures = { ...before, label: "naive, mean", rps: (before.rps + after.rps) / 2 };
    const fixed = await load("GET /health/live (fixed JSON, ceiling)", {
      url: `${node.url}/health/live`,
      connections,
      duration: 5,
    });
    table([before, after, follow, fixed], baseline);
    const [rows, count] = await counted(db, real.celeb);
    const apiCount = (await (await fetch(`${node.url}/api/creators/${real.celeb}`)).json()).data
      .followerCount;
    const [naiveRows, naiveCount] = await counted(naiveDb, n.celeb);
    console.log(
      `follow rows ${rows}, counters ${count}, followerCount ${apiCount} (${rows === count && count === apiCount && rows === users ? "exact" : "MISMATCH"}); naive rows ${naiveRows}, counter ${naiveCount} (${naiveRows === naiveCount ? "exact" : "MISMATCH"})`,
    );
    const ratio = follow.rps / baseline.rps;
    console.log(
      `follows/s onto one creator: ${Math.round(follow.rps)} vs naive ${Math.round(baseline.rps)} = ${ratio.toFixed(1)}x -> ${ratio >= 5 ? "meets" : "MISSES"} the target (>= 5x)`,
    );
    const naiveCpu = (before.cpuMsPerRequest + after.cpuMsPerRequest) / 2;
    console.log(
      `server CPU per follow (PostgreSQL's not included): ${follow.cpuMsPerRequest.toFixed(3)} ms vs naive ${naiveCpu.toFixed(3)} ms\n`,
    );
    if (depth <= 0) return;

    // A second creator with `depth` followers, loaded in SQL at ms precision.
    console.log(`loading ${depth} followers in SQL…`);
    const t0 = Date.now();
    const deep = (
      await db.query(
        `with u as (insert into users (id, name, email, created_at, updated_at)
           values (gen_random_uuid(), 'Deep', null, now(), now()) returning id)
         insert into creators (id, handle, display_name, created_at, updated_at)
         select id, 'deep', 'Deep', now(), now() from u returning id`,
      )
    ).rows[0].id as string;
    await db.query(
      `with fans as (
         insert into users (id, name, email, created_at, updated_at)
         select gen_random_uuid(), 'deep fan ' || g, null, now(), now() from generate_series(1, $2) g
         returning id)
       insert into follows (user_id, creator_id, created_at)
       select id, $1, date_trunc('milliseconds', now()) - (row_number() over ()) * interval '1 millisecond' from fans`,
      [deep, depth],
    );
    await db.query("analyze follows");
    console.log(`loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const at = (
      await db.query(
        `select created_at, user_id from follows where creator_id = $1
         order by created_at desc, user_id desc offset $2 limit 1`,
        [deep, depth - 21],
      )
    ).rows[0];
    const cursor = encodeCursor([at.created_at.toISOString(), at.user_id]);
    const page1 = await load("followers page 1", {
      url: `${node.url}/api/creators/${deep}/followers?limit=20`,
      connections: 10,
      duration: 5,
    });
    const pageDeep = await load(`followers page at depth ${depth.toLocaleString()}`, {
      url: `${node.url}/api/creators/${deep}/followers?limit=20&after=${cursor}`,
      connections: 10,
      duration: 5,
    });
    table([page1, pageDeep], page1);
    console.log(
      `deep page p50 ${pageDeep.p50} ms vs page 1 p50 ${page1.p50} ms: ${(pageDeep.p50 / Math.max(page1.p50, 0.001)).toFixed(2)}x`,
    );
  } finally {
    await db.end();
    await naiveDb.end();
    await Promise.all([node.stop(), naive.stop()]);
    await schema.drop();
    await naiveSchema.drop();
  }
}
