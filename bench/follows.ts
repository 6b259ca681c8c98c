/**
 * Follows at celebrity scale, on PostgreSQL (DATABASE_URL, default the local server):
 * 1. many users following one creator at once through the HTTP API (follows/s, p50/p99),
 *    beside the server's fixed-JSON route (/health/live) as the ceiling in the same run;
 * 2. followers-page latency at page 1 and at a depth of 1,000,000 followers (bulk-loaded
 *    in SQL), beside the fixed-JSON route.
 * Options: --users N (default 20000), --depth N (default 1000000), --connections N (100).
 */
import pg from "pg";
import { encodeCursor } from "../src/shared/cursor.js";
import { spawnNode } from "../test/cluster.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { arg, benchSecrets, DEFAULT_PG, load, machine, signToken, table } from "./lib.js";

export default async function main(args: string[]): Promise<void> {
  const users = arg(args, "users", 20_000);
  const depth = arg(args, "depth", 1_000_000);
  const connections = arg(args, "connections", 100);
  const base = process.env.DATABASE_URL ?? DEFAULT_PG;
  const schema = await freshSchemaUrl(base);
  const env = {
    ...benchSecrets(),
    DATABASE_URL: schema.url,
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    RATE_LIMITS: "off", // a crowd from one address
  };
  const db = new pg.Client({ connectionString: schema.url });
  console.log(`follows bench on ${machine()}; PostgreSQL, one server process`);
  const node = await spawnNode(env);
  await db.connect();
  try {
    // A celebrity and `users` fans, bulk-loaded (no password: they only need tokens).
    const celeb = (
      await db.query(
        `with u as (insert into users (id, name, email, created_at, updated_at)
           values (gen_random_uuid(), 'Celebrity', null, now(), now()) returning id)
         insert into creators (id, handle, display_name, created_at, updated_at)
         select id, 'celeb', 'Celebrity', now(), now() from u returning id`,
      )
    ).rows[0].id as string;
    const fans = (
      await db.query(
        `insert into users (id, name, email, created_at, updated_at)
         select gen_random_uuid(), 'fan ' || g, null, now(), now() from generate_series(1, $1) g returning id`,
        [users],
      )
    ).rows.map((r) => signToken(r.id, env.JWT_SECRET));

    let next = 0;
    const follow = await load(`PUT /api/creators/:id/follow (${users} users -> 1 creator)`, {
      url: node.url,
      connections,
      amount: users,
      requests: [
        {
          method: "PUT",
          path: `/api/creators/${celeb}/follow`,
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${fans[next++]}` },
          }),
        },
      ],
    });
    const fixed = await load("GET /health/live (fixed JSON, baseline)", {
      url: `${node.url}/health/live`,
      connections,
      duration: 5,
    });
    const rows = (await db.query("select count(*)::int as n from follows where creator_id = $1", [celeb]))
      .rows[0].n;
    const count = (await (await fetch(`${node.url}/api/creators/${celeb}`)).json()).data.followerCount;
    table([follow, fixed], fixed);
    console.log(`follow rows ${rows}, followerCount ${count} (${rows === count ? "exact" : "MISMATCH"})\n`);

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
    await node.stop();
    await schema.drop();
  }
}
