/**
 * Ordering during a drop, on PostgreSQL with durable commits (a fresh schema per run):
 *   1. hot drop: C concurrent buyers (1,000 users, a random one per request, a unique
 *      Idempotency-Key each) order 1 unit with pm_card_ok from one live drop whose stock
 *      does not run out: reserve, charge, confirm, all through the HTTP API;
 *   2. sold out: the same load on a drop of 100 units: how fast the rest hear SOLD_OUT;
 *   3. the naive baseline (bench/naive-orders.ts) under the same load as 1;
 *   4. variants: the load of 1 on one hot drop sold in 5 sizes, each request naming a random
 *      size (each size its own hot row and batches), printed beside 1;
 *   5. pgbench's durable one-statement decrement of one row (8 clients), PostgreSQL's own
 *      ceiling for a hot row, beside 1.
 * Then `livedrop check` logic on both schemas. Servers run as child processes. Each order
 * phase prints its CPU-seconds per 1,000 orders: the server's plus every PostgreSQL process's.
 * The hot drop is measured twice: as fast as the server answers (max orders/s; with 1,000
 * clients waiting on each other the latency there is mostly queueing, by Little's law) and
 * open loop at half that max (or --rate), arrivals spread evenly over the same 1,000
 * connections, for p99 counted from when each request was due (lib.ts `paced`).
 * Servers run with the production defaults (NODE_ENV=production, default logging), limits off.
 * Options: --duration S (10), --connections N (1000), --processes N (1), --rate N (half the max),
 * --only sold-out (the sold-out phase and its floor only), --only variants (the hot drop, max,
 * beside the 5-size drop, max).
 * Targets (issue 16): >= 10x naive, p99 <= 100 ms at half the max rate, sold-out answers
 * >= 0.8 of GET /health/live in the same run.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra, type Infra } from "../src/infra/index.js";
import { checkInvariants } from "../src/modules/orders/index.js";
import { insertCreator, insertDrop, insertUsers, insertVariantDrop } from "../test/factories.js";
import { freshSchemaUrl } from "../test/harness.js";
import {
  arg,
  benchSecrets,
  DEFAULT_PG,
  machine,
  metricsText,
  paced,
  postgresCpuSeconds,
  signToken,
  startServer,
  withCpu,
} from "./lib.js";

interface Shot {
  label: string;
  /** CPU seconds the phase cost the server process(es) and PostgreSQL, when measured. */
  cpu?: { server: number; postgres: number };
  total: number;
  byStatus: Record<string, number>;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

async function shoot(
  label: string,
  urls: string[],
  path: string,
  tokens: string[],
  dropId: string,
  opts: {
    connections: number;
    duration: number;
    /** Open loop: this many requests per second in all, evenly spread; else as fast as the server answers. */
    rate?: number;
    /** A drop with variants: each request names one of these at random. */
    variants?: string[];
  },
): Promise<Shot> {
  const bodies = (opts.variants ?? [undefined]).map((variantId) =>
    JSON.stringify({
      dropId,
      ...(variantId ? { variantId } : {}),
      quantity: 1,
      paymentMethodId: "pm_card_ok",
    }),
  );
  const headers = () => ({
    "content-type": "application/json",
    authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}`,
    "idempotency-key": randomUUID(),
  });
  const body = () => bodies[Math.floor(Math.random() * bodies.length)] as string;
  const rate = opts.rate;
  if (rate) {
    // Open loop, arrivals spread evenly over each second (see `paced` for why not autocannon).
    const runs = await Promise.all(
      urls.map((url) =>
        paced({
          url,
          rate: rate / urls.length,
          duration: opts.duration,
          connections: Math.round(opts.connections / urls.length),
          request: () => ({ method: "POST", path, headers: headers(), body: body() }),
        }),
      ),
    );
    const byStatus: Record<string, number> = {};
    for (const r of runs)
      for (const [code, n] of Object.entries(r.byStatus)) byStatus[code] = (byStatus[code] ?? 0) + n;
    const sent = runs.reduce((n, r) => n + r.sentPerSecond, 0);
    if (sent < rate * 0.95) console.log(`${label}: the client sent only ${Math.round(sent)}/s of ${rate}/s`);
    return {
      label,
      total: runs.reduce((n, r) => n + r.total, 0),
      byStatus,
      seconds: opts.duration,
      p50: Math.max(...runs.map((r) => r.p50)),
      p99: Math.max(...runs.map((r) => r.p99)),
      errors: runs.reduce((n, r) => n + r.errors, 0),
    };
  }
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: Math.round(opts.connections / urls.length),
        duration: opts.duration,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path,
            setupRequest: (req: any) => ({ ...req, headers: headers(), body: body() }),
          },
        ],
      }),
    ),
  );
  const byStatus: Record<string, number> = {};
  for (const r of runs) {
    for (const [code, s] of Object.entries((r as any).statusCodeStats as Record<string, { count: number }>)) {
      byStatus[code] = (byStatus[code] ?? 0) + s.count;
    }
  }
  return {
    label,
    total: runs.reduce((n, r) => n + r.requests.total, 0),
    byStatus,
    seconds: opts.duration,
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
  };
}

/**
 * `fn`'s shot with the CPU seconds it cost the servers and every PostgreSQL process (issue 16:
 * a change that only moves work from the server into the database shows here).
 */
async function costOf(server: { cpuSeconds(): number }, fn: () => Promise<Shot>): Promise<Shot> {
  const [s0, p0] = [server.cpuSeconds(), postgresCpuSeconds()];
  const shot = await fn();
  return { ...shot, cpu: { server: server.cpuSeconds() - s0, postgres: postgresCpuSeconds() - p0 } };
}

/**
 * The outbox relay's share of an order. The phases run `serve` processes only, as production's
 * API processes are, so the events their orders committed wait for a worker: one is started
 * after them, alone, and timed from its first published event until the outbox is empty and
 * its consumers (inbox, mail and push rows, webhooks) have gone quiet. Its CPU and
 * PostgreSQL's are the part of an order's cost the phases do not show (a change that moves
 * work from the request into the relay shows here). Null when too few events waited to time.
 */
async function relayCost(env: Record<string, string>, db: Infra["db"]) {
  const unpublished = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from outbox_events where published_at is null"))
      .rows[0]?.n ?? 0;
  const events = await unpublished();
  if (events < 2_000) return { events, timed: null };
  // Timed from its first published event, so its start-up (compiling the source) is left out.
  const worker = await startServer(["src/cli.ts", "worker"], env, async () => (await unpublished()) < events);
  const [w0, p0, left, started] = [
    worker.cpuSeconds(),
    postgresCpuSeconds(),
    await unpublished(),
    performance.now(),
  ];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const check = () => {
    if (worker.exited()) throw new Error("the worker exited while relaying");
    if (performance.now() - started > 300_000) throw new Error("the relay did not finish in 5 minutes");
  };
  try {
    while ((await unpublished()) > 0) {
      check();
      await sleep(200);
    }
    // Its consumers work behind the relay: quiet means under a tenth of a core for half a
    // second (the mail sender trickles on at its provider's rate; up to a minute more).
    const draining = performance.now();
    for (let c = worker.cpuSeconds(); performance.now() - draining < 60_000; ) {
      check();
      await sleep(500);
      const now = worker.cpuSeconds();
      if (now - c < 0.05) break;
      c = now;
    }
    if (left < events / 2) return { events, timed: null };
    // Scaled from the events it published while timed to all of them.
    const scale = events / left;
    return {
      events,
      timed: {
        seconds: ((performance.now() - started) / 1000) * scale,
        worker: (worker.cpuSeconds() - w0) * scale,
        postgres: (postgresCpuSeconds() - p0) * scale,
      },
    };
  } finally {
    await worker.stop();
  }
}

export async function seed(infra: Infra, users: number) {
  const secret = infra.config.jwtSecret;
  const creatorId = await insertCreator(infra.db);
  const ids = await insertUsers(infra.db, users);
  const hot = await insertDrop(infra.db, { creatorId, stock: 50_000_000 });
  const small = await insertDrop(infra.db, { creatorId, stock: 100 });
  const sized = await insertVariantDrop(infra.db, {
    creatorId,
    sizes: { XS: 10_000_000, S: 10_000_000, M: 10_000_000, L: 10_000_000, XL: 10_000_000 },
  });
  return {
    tokens: ids.map((id) => signToken(id, secret)),
    hot: hot.dropId,
    small: small.dropId,
    sized: { dropId: sized.dropId, variants: Object.values(sized.variants) },
  };
}

export async function schema(base: string) {
  const fresh = await freshSchemaUrl(base);
  // The server's environment: the production defaults a user gets, limits off (a crowd
  // from one address).
  const env = {
    NODE_ENV: "production",
    ...benchSecrets(),
    DATABASE_URL: fresh.url,
    LIVEDROP_NAMESPACE: `bench_${Date.now().toString(36)}`,
    RATE_LIMITS: "off",
  };
  // The bench's own connection (seeding, invariants) stays quiet.
  const infra = await createInfra(loadConfig({ ...env, LOG_LEVEL: "silent" }));
  return { env, infra, drop: fresh.drop };
}

/**
 * PostgreSQL's own ceiling for one hot row: pgbench (Debian's postgresql package) running a
 * durable one-statement decrement of a single row from 8 clients, on the same database in
 * the same run (issue 16's black-box baseline). Null when pgbench is not installed.
 */
async function pgbenchHotRow(
  base: string,
  duration: number,
): Promise<{ tps: number; pgCpuPer1000: number } | null> {
  if (spawnSync("pgbench", ["--version"]).status !== 0) return null;
  const fresh = await freshSchemaUrl(base);
  const dir = mkdtempSync(join(tmpdir(), "pgbench-"));
  try {
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    await client.query("create table hot_row (id int primary key, n bigint not null)");
    await client.query("insert into hot_row values (1, 1000000000000)");
    await client.end();
    const script = join(dir, "hot-row.sql");
    writeFileSync(script, "update hot_row set n = n - 1 where id = 1 and n > 0;\n");
    // libpq reads a space in `options` as %20 only; URLSearchParams wrote it as "+".
    const libpqUrl = fresh.url.replaceAll("+", "%20");
    const p0 = postgresCpuSeconds();
    const out = spawnSync(
      "pgbench",
      ["-n", "-c", "8", "-j", "2", "-T", String(duration), "-f", script, libpqUrl],
      {
        encoding: "utf8",
      },
    );
    const pgCpu = postgresCpuSeconds() - p0;
    const tps = Number(/tps = ([\d.]+)/.exec(out.stdout)?.[1] ?? Number.NaN);
    if (!Number.isFinite(tps)) throw new Error(`pgbench said: ${out.stdout}${out.stderr}`);
    return { tps, pgCpuPer1000: (pgCpu * 1000) / (tps * duration) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await fresh.drop();
  }
}

/** `GET /health/live`: the cheapest route the server has, the floor of this machine and load generator. */
async function floorOf(url: string, connections: number, duration: number): Promise<Shot> {
  const r = await autocannon({ url: `${url}/health/live`, connections, duration });
  return {
    label: "GET /health/live (floor)",
    total: r.requests.total,
    byStatus: { "200": r["2xx"] },
    seconds: duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
  };
}

export default async function main(args: string[]): Promise<void> {
  const duration = arg(args, "duration", 10);
  const connections = arg(args, "connections", 1000);
  const processes = arg(args, "processes", 1);
  // 0: half the hot drop's measured max (issue 16's p99 goal is at half the max rate).
  const rateArg = arg(args, "rate", 0);
  // --only sold-out: the sold-out phase and its floor, without the hot drop and the naive run.
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const soldOutOnly = only === "sold-out";
  const variantsOnly = only === "variants";
  const base = process.env.DATABASE_URL || DEFAULT_PG;
  console.log(
    `orders bench: ${machine()}; ${connections} connections, ${duration} s per phase, ${processes} server process(es)`,
  );

  const real = await schema(base);
  const sync = await real.infra.db.query<{ s: string }>("select current_setting('synchronous_commit') as s");
  console.log(`PostgreSQL synchronous_commit=${sync.rows[0]?.s} (durable commits)`);
  const data = await seed(real.infra, 1000);
  const servers = await Promise.all(
    Array.from({ length: processes }, () => startServer(["src/cli.ts", "serve"], real.env)),
  );
  const urls = servers.map((s) => s.url);
  const everyServer = { cpuSeconds: () => servers.reduce((n, s) => n + s.cpuSeconds(), 0) };
  await shoot("warm-up", urls, "/api/orders", data.tokens, data.hot, { connections: 100, duration: 2 });
  const shots: [Shot, string][] = [];
  if (!soldOutOnly) {
    shots.push([
      await costOf(everyServer, () =>
        shoot("livedrop: hot drop, max", urls, "/api/orders", data.tokens, data.hot, {
          connections,
          duration,
        }),
      ),
      "201",
    ]);
    if (!variantsOnly) {
      const max = shots[0]?.[0];
      const rate = rateArg || Math.max(1, Math.round((max?.byStatus["201"] ?? 0) / duration / 2));
      shots.push([
        await costOf(everyServer, () =>
          shoot(
            `livedrop: hot drop at ${rate}/s${rateArg ? "" : " (half the max)"}`,
            urls,
            "/api/orders",
            data.tokens,
            data.hot,
            {
              connections,
              duration,
              rate,
            },
          ),
        ),
        "201",
      ]);
    }
    shots.push([
      await costOf(everyServer, () =>
        shoot("livedrop: hot drop, 5 sizes, max", urls, "/api/orders", data.tokens, data.sized.dropId, {
          connections,
          duration,
          variants: data.sized.variants,
        }),
      ),
      "201",
    ]);
  }
  // Sold out, beside the floor measured just before and just after (compared with their
  // mean, so a drift of this noisy machine favours neither side). A short first burst
  // sells the 100 units, so the measured phase is all refusals.
  await shoot("sell out", urls, "/api/orders", data.tokens, data.small, { connections: 100, duration: 2 });
  // The floor is asked of the first server only: count that one's CPU for it.
  const first = servers[0] as (typeof servers)[number];
  const floorBefore = await withCpu(first, () =>
    floorOf(urls[0] as string, connections, Math.min(duration, 5)),
  );
  const soldOut = await withCpu(everyServer, () =>
    shoot("livedrop: sold out", urls, "/api/orders", data.tokens, data.small, { connections, duration }),
  );
  const floorAfter = await withCpu(first, () =>
    floorOf(urls[0] as string, connections, Math.min(duration, 5)),
  );
  const metrics = await metricsText(urls[0] as string, real.env.INTERNAL_TOKEN);
  await Promise.all(servers.map((s) => s.stop()));
  const relay = await relayCost(real.env, real.infra.db);

  const schemas = [["livedrop", real]] as [string, Awaited<ReturnType<typeof schema>>][];
  let baseline: Shot | undefined;
  if (!soldOutOnly) {
    const naive = await schema(base);
    schemas.push(["naive", naive]);
    const naiveData = await seed(naive.infra, 1000);
    const naiveServer = await startServer(["bench/naive-orders.ts"], naive.env);
    await shoot("warm-up", [naiveServer.url], "/naive/orders", naiveData.tokens, naiveData.hot, {
      connections: 100,
      duration: 2,
    });
    baseline = await costOf(naiveServer, () =>
      shoot("naive: hot drop", [naiveServer.url], "/naive/orders", naiveData.tokens, naiveData.hot, {
        connections,
        duration,
      }),
    );
    shots.push([baseline, "201"]);
    await naiveServer.stop();
  }
  const pgbench = soldOutOnly ? null : await pgbenchHotRow(base, duration);

  const perSecond = (s: Shot, code: string) => (s.byStatus[code] ?? 0) / s.seconds;
  const row = ([s, code]: [Shot, string]) => ({
    scenario: s.label,
    "answers/s": Math.round(s.total / s.seconds),
    "of them/s": `${Math.round(perSecond(s, code))} ${code}`,
    "p50 ms": s.p50,
    "p99 ms": s.p99,
    statuses: JSON.stringify(s.byStatus),
    errors: s.errors,
  });
  const all: [Shot, string][] = [...shots, [soldOut, "409"], [floorBefore, "200"], [floorAfter, "200"]];
  console.table(all.map(row));
  const hot = shots[0]?.[0];
  if (hot && baseline) {
    const ratio = perSecond(hot, "201") / Math.max(1, perSecond(baseline, "201"));
    console.log(
      `orders/s: ${Math.round(perSecond(hot, "201"))} vs naive ${Math.round(perSecond(baseline, "201"))} = ${ratio.toFixed(1)}x`,
    );
  }
  for (const [s, code] of shots) {
    const n = s.byStatus[code] ?? 0;
    if (!s.cpu || n === 0) continue;
    const per = (x: number) => ((x * 1000) / n).toFixed(2);
    console.log(
      `CPU-seconds per 1,000 orders, ${s.label}: server ${per(s.cpu.server)} + PostgreSQL ${per(s.cpu.postgres)} = ${per(s.cpu.server + s.cpu.postgres)}`,
    );
  }
  // Every order any phase took (the warm-up's and the sell-out's too): the events are theirs.
  const orders = (await real.infra.db.query<{ n: number }>("select count(*)::int as n from orders")).rows[0]
    ?.n as number;
  const r = relay.timed;
  console.log(
    r && orders > 0
      ? `outbox relay (a worker started after the phases): ${relay.events} events of ${orders} orders published and handled in ${r.seconds.toFixed(1)} s; CPU-seconds per 1,000 orders: worker ${((r.worker * 1000) / orders).toFixed(2)} + PostgreSQL ${((r.postgres * 1000) / orders).toFixed(2)}`
      : `outbox relay: ${relay.events} events waited, too few to time`,
  );
  if (hot && pgbench) {
    const ratio = perSecond(hot, "201") / pgbench.tps;
    console.log(
      `hot-drop orders/s ÷ pgbench's durable one-statement hot-row decrement (8 clients, same database, same run): ${Math.round(perSecond(hot, "201"))} vs ${Math.round(pgbench.tps)} = ${ratio.toFixed(2)}x (goal >= 1.5x); PostgreSQL CPU-seconds per 1,000 of its statements ${pgbench.pgCpuPer1000.toFixed(2)}`,
    );
  } else if (!soldOutOnly)
    console.log("pgbench not installed: no hot-row baseline (apt install postgresql-client)");
  const floor = (perSecond(floorBefore, "200") + perSecond(floorAfter, "200")) / 2;
  const soldOutRatio = perSecond(soldOut, "409") / Math.max(1, floor);
  console.log(
    `sold-out answers/s: ${Math.round(perSecond(soldOut, "409"))} vs GET /health/live ${Math.round(floor)} (mean of before and after) = ${soldOutRatio.toFixed(2)} -> ${soldOutRatio >= 0.8 ? "meets" : "MISSES"} the target (>= 0.8)`,
  );
  const floorCpu = (floorBefore.cpuMsPerRequest + floorAfter.cpuMsPerRequest) / 2;
  console.log(
    `server CPU per answer: sold out ${soldOut.cpuMsPerRequest.toFixed(3)} ms vs GET /health/live ${floorCpu.toFixed(3)} ms (= ${(floorCpu / soldOut.cpuMsPerRequest).toFixed(2)} of the floor's efficiency; PostgreSQL's not included)`,
  );
  const pick = (name: string) =>
    metrics
      .split("\n")
      .filter((l) => l.startsWith(name))
      .join("\n");
  for (const m of ["orders_batch_size", "orders_hot_row_seconds", "orders_queue_wait_seconds"]) {
    const sum = pick(`${m}_sum`).split("\n");
    const count = pick(`${m}_count`).split("\n");
    sum.forEach((l, i) => {
      const [name, v] = l.split(" ");
      const n = Number(count[i]?.split(" ")[1]);
      console.log(`${name?.replace("_sum", "")}: mean ${(Number(v) / n).toFixed(4)} over ${n}`);
    });
  }
  console.log(pick("orders_sold_out_fast_path_total"));
  // Admission control's refusals over the whole run (the 503s above), by reason.
  console.log(pick("overload_refusals_total"));
  console.log(pick('orders_outcomes_total{outcome="overloaded"}'));

  for (const [label, s] of schemas) {
    const report = await checkInvariants(s.infra.db);
    console.log(
      `invariants (${label}): ${report.ok ? `OK, ${report.drops} drops` : report.problems.join("; ")}`,
    );
    await closeInfra(s.infra);
    await s.drop();
  }
}
