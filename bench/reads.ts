/**
 * The catalog read path at 100 connections: GET /api/drops/:id and GET /api/drops?status=live,
 * each beside a bare Fastify (no plugins, no logger) in a process of its own that answers
 * exactly the same bytes as a constant, in the same run. The server under test runs in a
 * child process with the production defaults a user gets (NODE_ENV=production, default
 * logging), on the embedded default and, when DATABASE_URL / REDIS_URL are set or with
 * --services, on PostgreSQL + Redis (+ NATS when NATS_URL is set) in a fresh schema and
 * namespace. `GET /health/live` is measured too: the overhead every route pays.
 * Options: --duration S (10), --connections N (100), --services, --only-services,
 * --log-level L (the server's LOG_LEVEL; default: the production default).
 * Target: cached reads >= 80% of the bare route's req/s (issue 16).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra } from "../src/infra/index.js";
import { createServices } from "../src/services.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import {
  arg,
  benchSecrets,
  cpuSecondsOf,
  DEFAULT_PG,
  type Figures,
  load,
  machine,
  metricsText,
  serverNodeArgs,
  table,
  withCpu,
} from "./lib.js";

export const CHILD = "LIVEDROP_BENCH_READS_CHILD";
const BARE = "LIVEDROP_BENCH_READS_BARE";
/** Marks the child's one line for the parent: the app's own log (pino) shares stdout. */
const READY = "LIVEDROP_BENCH_READY ";

interface Served {
  url: string;
  dropId: string;
}

/**
 * Start the bench server in a child process and wait for the line that says where it listens.
 * `from` runs another checkout's copy of this file (bench/compare.ts), in its directory.
 */
export async function startChild<T = Served>(
  env: Record<string, string>,
  from: { script: string; cwd: string } = { script: fileURLToPath(import.meta.url), cwd: process.cwd() },
): Promise<T & { cpuSeconds(): number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...serverNodeArgs(), "--import", "tsx", from.script], {
    cwd: from.cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // If the bench itself fails, its servers must not outlive it (one did, and skewed the next run).
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (l) => {
      if (l.startsWith(READY)) resolve(l.slice(READY.length));
    });
  });
  // Keep reading (and dropping) the app's log lines so a full pipe never stalls it.
  child.stdout?.resume();
  return {
    ...(JSON.parse(line) as T),
    /** CPU seconds the server process has used so far: req/s moves with the machine's load, this much less. */
    cpuSeconds: () => cpuSecondsOf(child.pid as number),
    stop: () =>
      new Promise<void>((resolve) => {
        process.off("exit", orphanGuard);
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The route's figures and the server's CPU per request (the warm-up left out). */
async function measure(
  server: { cpuSeconds(): number },
  label: string,
  url: string,
  connections: number,
  duration: number,
) {
  await load("warm-up", { url, connections, duration: 2 });
  return withCpu(server, () => load(label, { url, connections, duration }));
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
  const s = await startChild({ ...env, [CHILD]: "1" });
  // The baseline: a bare Fastify in its own process, answering the same bytes as constants.
  const paths = { detail: `/api/drops/${s.dropId}`, list: "/api/drops?status=live", live: "/health/live" };
  const bare = await startChild<{ url: string }>({
    [BARE]: JSON.stringify(
      Object.fromEntries(
        await Promise.all(
          Object.entries(paths).map(async ([k, p]) => [k, await (await fetch(`${s.url}${p}`)).text()]),
        ),
      ),
    ),
  });
  try {
    // Baseline before and after each measured route, compared with their mean, so a drift of
    // this noisy machine during the run does not favour either side.
    const pair = async (label: string, path: string, barePath: string) => {
      const before = await measure(
        bare,
        "bare Fastify, same bytes (before)",
        `${bare.url}${barePath}`,
        connections,
        duration,
      );
      const real = await measure(s, label, `${s.url}${path}`, connections, duration);
      const after = await measure(
        bare,
        "bare Fastify, same bytes (after)",
        `${bare.url}${barePath}`,
        connections,
        duration,
      );
      const base: Figures = {
        ...before,
        label: "bare Fastify, mean",
        rps: (before.rps + after.rps) / 2,
        p50: Math.max(before.p50, after.p50),
        p99: Math.max(before.p99, after.p99),
      };
      table([before, after, real], base);
      const bareCpu = (before.cpuMsPerRequest + after.cpuMsPerRequest) / 2;
      return [real, base, bareCpu] as const;
    };
    console.log(
      `${name}, ${connections} connections, ${duration} s each (ratios vs the mean of the bare runs):`,
    );
    const results = [
      await pair("GET /api/drops/:id", paths.detail, "/detail"),
      await pair("GET /api/drops?status=live", paths.list, "/list"),
      await pair("GET /health/live", paths.live, "/live"),
    ];
    for (const [f, base, bareCpu] of results) {
      const ratio = f.rps / base.rps;
      console.log(
        `${f.label}: ${ratio.toFixed(2)} of the bare route, p99 ${f.p99} ms${
          f.label.startsWith("GET /api") ? ` -> ${ratio >= 0.8 ? "meets" : "MISSES"} the target (>= 0.8)` : ""
        }; server CPU per request ${(f.cpuMsPerRequest * 1000).toFixed(0)} µs (bare ${(bareCpu * 1000).toFixed(0)} µs)`,
      );
    }
    console.log(`response cache hit ratio: ${await hitRatio(s.url, env.INTERNAL_TOKEN as string)}`);
  } finally {
    await bare.stop();
    await s.stop();
  }
}

/**
 * The production defaults a user gets: only what production requires is set, and limits are
 * off because the crowd comes from one address.
 */
export const productionEnv = (logLevel?: string): Record<string, string> => ({
  NODE_ENV: "production",
  ...benchSecrets(),
  RATE_LIMITS: "off",
  ...(logLevel ? { LOG_LEVEL: logLevel } : {}),
});

/** On the embedded default: PGlite in memory, in-process cache and bus. */
export const embedded = (env: Record<string, string>): Record<string, string> => ({
  ...env,
  DATA_DIR: "memory://",
  DATABASE_URL: "",
  REDIS_URL: "",
  NATS_URL: "",
});

export default async function main(args: string[]): Promise<void> {
  const connections = arg(args, "connections", 100);
  const duration = arg(args, "duration", 10);
  const wantServices =
    args.includes("--services") ||
    args.includes("--only-services") ||
    Boolean(process.env.DATABASE_URL || process.env.REDIS_URL);
  const logLevel = args.includes("--log-level") ? args[args.indexOf("--log-level") + 1] : undefined;
  const base = productionEnv(logLevel);
  console.log(`reads bench on ${machine()}`);
  if (!args.includes("--only-services")) {
    await run("embedded (PGlite, in-process cache and bus)", embedded(base), connections, duration);
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

/** The child: the real app with demo-like data (one creator, 20 live drops). */
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
  const url = await app.listen({ host: config.host, port: config.port });
  process.once("SIGTERM", () => {
    app
      .close()
      .then(() => closeInfra(infra))
      .finally(() => process.exit(0));
  });
  return { url, dropId };
}

/** The baseline child: a bare Fastify answering the given bytes, nothing else. */
async function serveBare(bodies: Record<string, string>): Promise<{ url: string }> {
  const app = Fastify();
  for (const [name, body] of Object.entries(bodies)) {
    app.get(`/${name}`, (_req, reply) => reply.type("application/json; charset=utf-8").send(body));
  }
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  process.once("SIGTERM", () => {
    app.close().finally(() => process.exit(0));
  });
  return { url };
}

if (process.env[CHILD] === "1") {
  process.stdout.write(`${READY}${JSON.stringify(await serveBenchApp())}\n`);
} else if (process.env[BARE]) {
  process.stdout.write(`${READY}${JSON.stringify(await serveBare(JSON.parse(process.env[BARE])))}\n`);
}
