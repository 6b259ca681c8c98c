import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  freePort,
  type PrivateNatsCluster,
  type PrivatePostgres,
  type PrivateRedis,
  startPrivateNatsCluster,
  startPrivatePostgres,
  startPrivateRedis,
} from "./local-services.js";

/**
 * The production topology on one machine: nginx in front of `serve` processes, `worker`s,
 * PostgreSQL, Redis and a 3-node NATS JetStream cluster with the event stream kept three
 * ways, every store a private copy on free ports (never the machine's own services).
 * `npm run cluster` runs it for people; the fault tests (test/faults) break pieces of it.
 */

const ROOT = join(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TopologyOptions {
  serves?: number;
  workers?: number;
  /** nginx's port; 0 or unset picks a free one. */
  port?: number;
  /** Where the logs and nginx's files go. */
  runDir: string;
  /** Extra environment for every app process (it wins over the topology's own). */
  env?: Record<string, string>;
  /** Aborting it (Ctrl-C while starting) stops what has started and rejects. */
  signal?: AbortSignal;
}

/** One app process of the topology. */
export interface AppProcess {
  role: "serve" | "worker";
  /** The instance's own address (serve only), behind nginx. */
  url: string;
  log: string;
  alive(): boolean;
  kill9(): Promise<void>;
  /** Start it again with the same port and environment (after kill9 or stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface Topology {
  /** nginx: the one address clients use. */
  url: string;
  env: Record<string, string>;
  serves: AppProcess[];
  workers: AppProcess[];
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  nats: PrivateNatsCluster;
  runDir: string;
  stop(): Promise<void>;
}

export async function startTopology(opts: TopologyOptions): Promise<Topology> {
  mkdirSync(opts.runDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  const stopLater = <T extends { stop(): Promise<void> }>(started: T): T => {
    stops.push(() => started.stop());
    return started;
  };
  const step = async <T>(started: Promise<T>): Promise<T> => {
    const value = await started;
    opts.signal?.throwIfAborted();
    return value;
  };
  try {
    // Each store joins the list to stop as soon as it is up, so an abort stops it too.
    const [postgres, redis, nats] = await step(
      Promise.all([
        startPrivatePostgres().then(stopLater),
        startPrivateRedis().then(stopLater),
        startPrivateNatsCluster(3, opts.runDir).then(stopLater),
      ]),
    );
    const port = opts.port || (await freePort());
    const env: Record<string, string> = {
      NODE_ENV: "production",
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      NATS_URL: nats.url,
      NATS_STREAM_REPLICAS: "3",
      // A deployment's secrets are shared by every instance (a token one signs, another accepts).
      JWT_SECRET: randomBytes(32).toString("base64url"),
      INTERNAL_TOKEN: randomBytes(24).toString("base64url"),
      // Only nginx, on this machine, may say who the client is.
      TRUST_PROXY: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HOST: "127.0.0.1",
      ...opts.env,
    };
    // Migrations once, before any instance starts (the Kubernetes Job does the same).
    await step(runToEnd(["migrate"], env, join(opts.runDir, "migrate.log")));
    const app = (role: "serve" | "worker", i: number, appEnv: Record<string, string>) =>
      startApp(role, i, appEnv, opts.runDir, (p) => stops.push(() => p.stop()));
    const serves = await step(
      Promise.all(
        Array.from({ length: opts.serves ?? 2 }, async (_, i) =>
          app("serve", i, { ...env, PORT: String(await freePort()) }),
        ),
      ),
    );
    const workers = await step(
      Promise.all(Array.from({ length: opts.workers ?? 1 }, (_, i) => app("worker", i, env))),
    );
    const nginx = await step(startNginx(port, serves, opts.runDir));
    stops.push(nginx.stop);
    const url = `http://127.0.0.1:${port}`;
    await step(
      waitFor("nginx", async () => {
        // An nginx that could not start (its port taken) must not pass for one that did.
        if (!nginx.alive()) throw new Error(`nginx exited; see ${join(opts.runDir, "nginx-error.log")}`);
        return (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true;
      }),
    );
    return { url, env, serves, workers, postgres, redis, nats, runDir: opts.runDir, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function startApp(
  role: "serve" | "worker",
  index: number,
  env: Record<string, string>,
  runDir: string,
  spawned: (p: AppProcess) => void,
): Promise<AppProcess> {
  const log = join(runDir, `${role}-${index}.log`);
  const url = role === "serve" ? `http://127.0.0.1:${env.PORT}` : "";
  let child: ChildProcess;
  const start = async () => {
    const out = createWriteStream(log, { flags: "a" });
    child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), role], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    child.stdout?.pipe(out);
    child.stderr?.on("data", (d) => {
      out.write(d);
      if (said.length < 10_000) said += d;
    });
    const c = child;
    await waitFor(`${role} ${index}`, async () => {
      if (c.exitCode !== null) throw new Error(`${role} ${index} exited early; see ${log}`);
      if (role === "worker") return said.includes("worker is running");
      return (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok === true;
    });
  };
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
    });
  const handle: AppProcess = {
    role,
    url,
    log,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill9() {
      child.kill("SIGKILL");
      await exited();
    },
    restart: start,
    async stop() {
      const gone = exited();
      child.kill("SIGTERM");
      const late = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await gone;
      clearTimeout(late);
    },
  };
  // Known to the caller before it is ready, so it is stopped even if starting fails.
  const first = start();
  spawned(handle);
  await first;
  return handle;
}

/** nginx from Debian's package, with deploy/nginx's configuration and everything in runDir. */
async function startNginx(
  port: number,
  serves: AppProcess[],
  runDir: string,
): Promise<{ alive(): boolean; stop(): Promise<void> }> {
  const upstreams = serves
    .map((s) => `server ${new URL(s.url).host} max_fails=3 fail_timeout=5s;`)
    .join("\n    ");
  const site = renderTemplate(readFileSync(join(ROOT, "deploy/nginx/livedrop.conf.template"), "utf8"), {
    LIVEDROP_UPSTREAMS: upstreams,
    LIVEDROP_LISTEN: `127.0.0.1:${port}`,
    LIVEDROP_ACCESS_LOG: join(runDir, "nginx-access.log"),
  });
  const dir = join(runDir, "nginx");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "livedrop.conf"), site);
  // The parts a packaged nginx.conf would give: a process, temp folders and types, all here.
  const main = [
    "worker_processes 1;",
    `pid ${join(dir, "nginx.pid")};`,
    `error_log ${join(runDir, "nginx-error.log")} warn;`,
    "events { worker_connections 16384; }",
    "http {",
    `  client_body_temp_path ${join(dir, "body")};`,
    `  proxy_temp_path ${join(dir, "proxy")};`,
    `  fastcgi_temp_path ${join(dir, "fastcgi")};`,
    `  uwsgi_temp_path ${join(dir, "uwsgi")};`,
    `  scgi_temp_path ${join(dir, "scgi")};`,
    "  include /etc/nginx/mime.types;",
    `  include ${join(dir, "livedrop.conf")};`,
    "}",
    "",
  ].join("\n");
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, main);
  execFileSync("nginx", ["-t", "-q", "-c", conf, "-p", dir], { stdio: "pipe" });
  const out = createWriteStream(join(runDir, "nginx-access.log"), { flags: "a" });
  const child = spawn("nginx", ["-c", conf, "-p", dir, "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    alive,
    async stop() {
      if (!alive()) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGQUIT");
      await Promise.race([gone, sleep(5_000)]);
      child.kill("SIGKILL");
      await gone;
    },
  };
}

/** envsubst's rule, as the nginx image applies it: `${NAME}` for the names given, nothing else. */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Runs `livedrop <args>` to its end; throws with the log's path if it fails. */
async function runToEnd(args: string[], env: Record<string, string>, log: string): Promise<void> {
  const out = createWriteStream(log, { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`livedrop ${args.join(" ")} failed (${code}); see ${log}`);
}

async function waitFor(what: string, ok: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what}: not ready in ${ms / 1000} s`);
    await sleep(100);
  }
}
