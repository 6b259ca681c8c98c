/**
 * Ordering during a drop, on PostgreSQL with durable commits (a fresh schema per run):
 *   1. hot drop: C concurrent buyers (1,000 users, a random one per request, a unique
 *      Idempotency-Key each) order 1 unit with pm_card_ok from one live drop whose stock
 *      does not run out: reserve, charge, confirm, all through the HTTP API;
 *   2. sold out: the same load on a drop of 100 units: how fast the rest hear SOLD_OUT;
 *   3. the naive baseline (bench/naive-orders.ts) under the same load as 1.
 * Then `livedrop check` logic on both schemas. Servers run as child processes.
 * The hot drop is measured twice: as fast as the server answers (max orders/s; with 1,000
 * clients waiting on each other the latency there is mostly queueing, by Little's law) and
 * at a fixed arrival rate (--rate, 3,000/s) from the same 1,000 connections, for p99.
 * Options: --duration S (10), --connections N (1000), --processes N (1), --rate N (3000).
 * Targets: >= 3,000 orders/s with p99 <= 100 ms, >= 5x naive, >= 10,000 sold-out answers/s.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import autocannon from "autocannon";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra, type Infra } from "../src/infra/index.js";
import { checkInvariants } from "../src/modules/orders/index.js";
import { insertCreator, insertDrop, insertUsers } from "../test/factories.js";
import { freshSchemaUrl } from "../test/harness.js";
import { arg, benchSecrets, DEFAULT_PG, machine, metricsText, signToken } from "./lib.js";

const ROOT = join(import.meta.dirname, "..");

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A server as a child process (the benches' way); `env` on top of this process's. */
export async function startServer(script: string[], env: Record<string, string>) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300 || child.exitCode !== null) throw new Error(`server ${script.join(" ")} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

interface Shot {
  label: string;
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
    /** Open loop: this many requests per second in all; else as fast as the server answers. */
    rate?: number;
  },
): Promise<Shot> {
  const body = JSON.stringify({ dropId, quantity: 1, paymentMethodId: "pm_card_ok" });
  const runs = await Promise.all(
    urls.map((url) =>
      autocannon({
        url,
        connections: Math.round(opts.connections / urls.length),
        duration: opts.duration,
        // Paced per connection (each its own timer), so arrivals spread over the second
        // instead of bursting at its start as overallRate does.
        ...(opts.rate ? { connectionRate: Math.max(1, Math.round(opts.rate / opts.connections)) } : {}),
        timeout: 30,
        requests: [
          {
            method: "POST",
            path,
            setupRequest: (req: any) => ({
              ...req,
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}`,
                "idempotency-key": randomUUID(),
              },
              body,
            }),
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

export async function seed(infra: Infra, users: number) {
  const secret = infra.config.jwtSecret;
  const creatorId = await insertCreator(infra.db);
  const ids = await insertUsers(infra.db, users);
  const hot = await insertDrop(infra.db, { creatorId, stock: 50_000_000 });
  const small = await insertDrop(infra.db, { creatorId, stock: 100 });
  return { tokens: ids.map((id) => signToken(id, secret)), hot: hot.dropId, small: small.dropId };
}

export async function schema(base: string) {
  const fresh = await freshSchemaUrl(base);
  const env = {
    ...benchSecrets(),
    DATABASE_URL: fresh.url,
    LOG_LEVEL: "silent",
    SEED_DEMO: "false",
    LIVEDROP_NAMESPACE: `bench_${Date.now().toString(36)}`,
    DB_POOL_SIZE: "20",
    RATE_LIMITS: "off", // a crowd from one address
  };
  const infra = await createInfra(loadConfig(env));
  return { env, infra, drop: fresh.drop };
}

export default async function main(args: string[]): Promise<void> {
  const duration = arg(args, "duration", 10);
  const connections = arg(args, "connections", 1000);
  const processes = arg(args, "processes", 1);
  const rate = arg(args, "rate", 3000);
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
  await shoot("warm-up", urls, "/api/orders", data.tokens, data.hot, { connections: 100, duration: 2 });
  const hot = await shoot("livedrop: hot drop, max", urls, "/api/orders", data.tokens, data.hot, {
    connections,
    duration,
  });
  const paced = await shoot(`livedrop: hot drop at ${rate}/s`, urls, "/api/orders", data.tokens, data.hot, {
    connections,
    duration,
    rate,
  });
  const soldOut = await shoot("livedrop: sold out", urls, "/api/orders", data.tokens, data.small, {
    connections,
    duration,
  });
  // The floor of this machine and load generator: the cheapest route the server has.
  const floor = await autocannon({
    url: `${urls[0]}/health/live`,
    connections,
    duration: Math.min(duration, 5),
  });
  const metrics = await metricsText(urls[0] as string, real.env.INTERNAL_TOKEN);
  await Promise.all(servers.map((s) => s.stop()));

  const naive = await schema(base);
  const naiveData = await seed(naive.infra, 1000);
  const naiveServer = await startServer(["bench/naive-orders.ts"], naive.env);
  await shoot("warm-up", [naiveServer.url], "/naive/orders", naiveData.tokens, naiveData.hot, {
    connections: 100,
    duration: 2,
  });
  const baseline = await shoot(
    "naive: hot drop",
    [naiveServer.url],
    "/naive/orders",
    naiveData.tokens,
    naiveData.hot,
    {
      connections,
      duration,
    },
  );
  await naiveServer.stop();

  const perSecond = (s: Shot, code: string) => (s.byStatus[code] ?? 0) / s.seconds;
  const row = (s: Shot, code: string) => ({
    scenario: s.label,
    "answers/s": Math.round(s.total / s.seconds),
    [`${code}/s`]: Math.round(perSecond(s, code)),
    "p50 ms": s.p50,
    "p99 ms": s.p99,
    statuses: JSON.stringify(s.byStatus),
    errors: s.errors,
  });
  console.table([row(hot, "201"), row(paced, "201"), row(baseline, "201"), row(soldOut, "409")]);
  const ratio = perSecond(hot, "201") / Math.max(1, perSecond(baseline, "201"));
  console.log(
    `orders/s: ${Math.round(perSecond(hot, "201"))} vs naive ${Math.round(perSecond(baseline, "201"))} = ${ratio.toFixed(1)}x`,
  );
  console.log(`sold-out answers/s: ${Math.round(perSecond(soldOut, "409"))}`);
  console.log(
    `floor: GET /health/live (no auth, no body) ${Math.round(floor.requests.average)} req/s, p99 ${floor.latency.p99} ms`,
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

  for (const [label, s] of [
    ["livedrop", real],
    ["naive", naive],
  ] as const) {
    const report = await checkInvariants(s.infra.db);
    console.log(
      `invariants (${label}): ${report.ok ? `OK, ${report.drops} drops` : report.problems.join("; ")}`,
    );
    await closeInfra(s.infra);
    await s.drop();
  }
}
