/**
 * The catalog read path at 100 connections: GET /api/drops/:id and GET /api/drops?status=live,
 * each beside a route that returns a fixed JSON of exactly the same bytes, in the same run.
 * The server runs in a child process (one core for it, one for the load generator), on the
 * embedded default and, when DATABASE_URL / REDIS_URL are set or with --services, on
 * PostgreSQL + Redis (+ NATS when NATS_URL is set) in a fresh schema and namespace.
 * Options: --duration S (10), --connections N (100), --services, --only-services.
 * Target: cached reads >= 50% of the fixed-JSON route's req/s, p99 <= 25 ms.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { okJson } from "../src/http/envelope.js";
import { closeInfra, createInfra } from "../src/infra/index.js";
import { createServices } from "../src/services.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { arg, benchSecrets, DEFAULT_PG, type Figures, load, machine, metricsText, table } from "./lib.js";

const CHILD = "LIVEDROP_BENCH_READS_CHILD";

interface Served {
  url: string;
  dropId: string;
}

/** Start the bench server in a child process and wait for the line that says where it listens. */
async function startChild(env: Record<string, string>): Promise<Served & { stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...env, [CHILD]: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  return {
    ...(JSON.parse(line) as Served),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function measure(label: string, url: string, connections: number, duration: number): Promise<Figures> {
  await load("warm-up", { url, connections, duration: 2 });
  return load(label, { url, connections, duration });
}

/** hits / lookups of the response cache, from the server's /metrics. */
async function hitRatio(url: string, internalToken: string): Promise<string> {
  const text = await metricsText(url, internalToken);
  let hit = 0;
  let all = 0;
  for (const m of text.matchAll(/cache_requests_total\{cache="(drops?)",result="(hit|miss)"\} (\d+)/g)) {
    all += Number(m[3]);
    if (m[2] === "hit") hit += Number(m[3]);
  }
  return all ? `${((hit / all) * 100).toFixed(2)}% of ${all} lookups` : "no lookups";
}

async function run(name: string, env: Record<string, string>, connections: number, duration: number) {
  console.log(`\n${name}: starting the server…`);
  const s = await startChild(env);
  try {
    // Baseline before and after each measured route, compared with their mean, so a drift of
    // this noisy machine during the run does not favour either side.
    const pair = async (label: string, path: string, fixedPath: string) => {
      const before = await measure(
        "fixed JSON, same bytes (before)",
        `${s.url}${fixedPath}`,
        connections,
        duration,
      );
      const real = await measure(label, `${s.url}${path}`, connections, duration);
      const after = await measure(
        "fixed JSON, same bytes (after)",
        `${s.url}${fixedPath}`,
        connections,
        duration,
      );
      const base: Figures = {
        ...before,
        label: "fixed JSON, mean",
        rps: (before.rps + after.rps) / 2,
        p50: Math.max(before.p50, after.p50),
        p99: Math.max(before.p99, after.p99),
      };
      table([before, after, real], base);
      return [real, base] as const;
    };
    console.log(
      `${name}, ${connections} connections, ${duration} s each (ratios vs the mean of the fixed runs):`,
    );
    const [detail, fixedDetail] = await pair(
      "GET /api/drops/:id",
      `/api/drops/${s.dropId}`,
      "/bench/fixed/detail",
    );
    const [list, fixedList] = await pair(
      "GET /api/drops?status=live",
      "/api/drops?status=live",
      "/bench/fixed/list",
    );
    const verdict = (f: Figures, base: Figures) =>
      `${f.label}: ${((f.rps / base.rps) * 100).toFixed(0)}% of baseline, p99 ${f.p99} ms -> ${
        f.rps >= base.rps / 2 && f.p99 <= 25 ? "meets" : "MISSES"
      } the target (>= 50%, p99 <= 25 ms)`;
    console.log(`${verdict(detail, fixedDetail)}\n${verdict(list, fixedList)}`);
    console.log(`response cache hit ratio: ${await hitRatio(s.url, env.INTERNAL_TOKEN as string)}`);
  } finally {
    await s.stop();
  }
}

export default async function main(args: string[]): Promise<void> {
  const connections = arg(args, "connections", 100);
  const duration = arg(args, "duration", 10);
  const wantServices =
    args.includes("--services") ||
    args.includes("--only-services") ||
    Boolean(process.env.DATABASE_URL || process.env.REDIS_URL);
  const base = {
    LOG_LEVEL: "warn",
    SEED_DEMO: "false",
    NODE_ENV: "production",
    ...benchSecrets(),
    RATE_LIMITS: "off", // a crowd from one address
  };
  console.log(`reads bench on ${machine()}`);
  if (!args.includes("--only-services")) {
    await run(
      "embedded (PGlite, in-process cache and bus)",
      {
        ...base,
        DATA_DIR: "memory://",
        DATABASE_URL: "",
        REDIS_URL: "",
        NATS_URL: "",
      },
      connections,
      duration,
    );
  }
  if (wantServices) {
    const schema = await freshSchemaUrl(process.env.DATABASE_URL || DEFAULT_PG);
    try {
      await run(
        `PostgreSQL + Redis${process.env.NATS_URL ? " + NATS" : ""}`,
        {
          ...base,
          DATABASE_URL: schema.url,
          REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379",
          NATS_URL: process.env.NATS_URL ?? "",
          LIVEDROP_NAMESPACE: uniqueName("benchreads"),
        },
        connections,
        duration,
      );
    } finally {
      await schema.drop();
    }
  }
}

/**
 * The child: the real app with demo-like data (one creator, 20 live drops), plus two
 * bench-only routes that send, as a constant, the exact bytes the two measured routes send.
 */
async function serveBenchApp(): Promise<Served> {
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
  const infra = await createInfra(config);
  const services = createServices(infra);
  const user = await services.users.register(
    { name: "Bench Creator", email: `bench-${Date.now()}@livedrop.dev`, password: "bench-password" },
    "bench",
  );
  await services.users.becomeCreator(user.id, {
    handle: `bench_${Date.now()}`,
    displayName: "Bench Creator",
  });
  const now = Date.now();
  let dropId = "";
  for (let i = 0; i < 20; i++) {
    const product = await services.catalog.products.create(user.id, {
      title: `Bench sneaker ${i}`,
      description: "Hand-finished suede runner in aurora colours, limited run.",
      priceCents: 18_900,
      currency: "USD",
      imageUrls: [`https://picsum.photos/seed/bench${i}/800/800`],
    });
    const drop = await services.catalog.drops.create(user.id, {
      productId: product.id,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000 + i * 1_000).toISOString(),
      initialStock: 1_000,
      lowStockThreshold: 50,
      perUserLimit: 2,
    });
    dropId ||= drop.id;
  }
  const app = await buildApp(infra, services);
  const fixed = {
    detail: okJson((await services.catalog.reads.drop(dropId)).json),
    list: okJson((await services.catalog.reads.drops({ status: "live", limit: 20 })).json),
  };
  for (const [name, body] of Object.entries(fixed)) {
    app.get(`/bench/fixed/${name}`, { schema: { hide: true } }, (_req, reply) =>
      reply.type("application/json; charset=utf-8").send(body),
    );
  }
  const url = await app.listen({ host: config.host, port: config.port });
  process.once("SIGTERM", () => {
    app
      .close()
      .then(() => closeInfra(infra))
      .finally(() => process.exit(0));
  });
  return { url, dropId };
}

if (process.env[CHILD] === "1") {
  process.stdout.write(`${JSON.stringify(await serveBenchApp())}\n`);
}
