import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { JWT_AUDIENCE, JWT_ISSUER } from "../src/http/auth.js";

export const DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test";

const ROOT = join(import.meta.dirname, "..");

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux; 0 elsewhere). On this
 * shared machine req/s moves with the neighbours' load; the server's CPU per request does not.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat (12 and 13 after the name), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds every PostgreSQL process on this machine has used: each live process's own
 * (backends, checkpointer, WAL writer) plus what the postmaster has collected from children
 * that already exited (cutime/cstime), so a connection closed during a phase still counts.
 * The machine's other PostgreSQL work counts too: take it on a quiet database.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) !== "postgres") continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime, cutime, cstime: fields 14-17 of stat (11-14 after the name and state).
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // the process ended while we looked: its time is in its parent's cutime now
    }
  }
  return ticks / 100;
}

/** `fn`'s figures with the server CPU milliseconds it cost per request. */
export async function withCpu<T extends { total: number }>(
  server: { cpuSeconds(): number },
  fn: () => Promise<T>,
): Promise<T & { cpuMsPerRequest: number }> {
  const before = server.cpuSeconds();
  const f = await fn();
  return { ...f, cpuMsPerRequest: ((server.cpuSeconds() - before) * 1000) / Math.max(1, f.total) };
}

/**
 * Extra Node flags for the servers a bench starts, from BENCH_SERVER_NODE_ARGS: to profile the
 * server under test, `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` (Node
 * refuses --cpu-prof in NODE_OPTIONS). Baselines get them too; tell the files apart by size.
 */
export const serverNodeArgs = (): string[] =>
  process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];

/**
 * Run a script (`src/cli.ts serve`, a naive baseline) as a process of its own, so the server
 * under test and its baseline never share an event loop; resolves once /health/ready answers
 * (within two minutes: this machine is shared and sometimes slow to start a process).
 */

export async function startServer(
  script: string[],
  env: Record<string, string>,
  /** When it counts as started: by default once its /health/ready answers (a worker has no port). */
  ready?: () => Promise<boolean>,
) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...serverNodeArgs(), "--import", "tsx", ...script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await (ready?.().catch(() => false) ??
        fetch(`${url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ))
    )
      break;
    if (i > 1200 || child.exitCode !== null) {
      child.kill("SIGKILL"); // a server that never came up is not left running behind the bench
      throw new Error(`server ${script.join(" ")} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    /** CPU seconds (user + system) the process has used so far (Linux /proc). */
    cpuSeconds: () => cpuSecondsOf(child.pid as number),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Fresh secrets for one bench's servers: the source holds none (a bench server with a
 * known secret would accept anyone's tokens). Pass them in every process's environment and
 * sign with `JWT_SECRET`.
 */
export function benchSecrets(): { JWT_SECRET: string; INTERNAL_TOKEN: string } {
  return {
    JWT_SECRET: randomBytes(32).toString("base64url"),
    INTERNAL_TOKEN: randomBytes(24).toString("base64url"),
  };
}

/** A server's /metrics text: it asks for the service token on the main port. */
export async function metricsText(url: string, internalToken: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${internalToken}` } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** A user token signed like the server's (with the secret the bench gave it), for users bulk-loaded in SQL. */
export function signToken(userId: string, secret: string): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const claims = { sub: userId, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: Math.floor(Date.now() / 1000) };
  const body = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(claims)}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

/** A numeric `--name value` option of a bench scenario, or its default. */
export function arg(args: string[], name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
}

export interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
  /** Answers by HTTP status, to tell refusals (503, 429) from failures. */
  byStatus?: Record<string, number>;
}

/** One request of a paced load, made afresh for each (a new idempotency key, say). */
export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PacedFigures {
  total: number;
  byStatus: Record<string, number>;
  /** Milliseconds from when each request was due (not sent) to its answer's end (or its failure). */
  p50: number;
  p99: number;
  errors: number;
  /** Requests per second actually sent: below the rate when the client itself fell behind. */
  sentPerSecond: number;
}

/**
 * Open-loop load at a steady rate: request i is due at start + i/rate and goes out when due
 * over one of `connections` keep-alive connections (all opened first), and its latency
 * counts from when it was due, so a server that falls behind shows it in full instead of
 * slowing the client down (no coordinated omission, as wrk2 measures).
 * Why not autocannon's rate options: they pace each connection by a one-second window and
 * every connection's window starts at the same moment, so a second's requests all leave at
 * its start (measured: 500 connections at 1/s each sent all 500 within 150 ms of every
 * second, and nothing in the other 850 ms). That measures how long a burst takes to drain,
 * not latency at the rate.
 */
export async function paced(opts: {
  url: string;
  rate: number;
  duration: number;
  connections: number;
  request: () => PacedRequest;
}): Promise<PacedFigures> {
  const { hostname, port } = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections, scheduling: "lifo" });
  const send = (r: PacedRequest) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { agent, host: hostname, port, method: r.method, path: r.path, headers: r.headers, timeout: 30_000 },
        (res) => {
          res.resume(); // the body is not needed, only its end
          res.once("end", () => resolve(res.statusCode ?? 0));
          res.once("error", reject);
        },
      );
      req.once("timeout", () => req.destroy(new Error("timeout")));
      req.once("error", reject);
      req.end(r.body);
    });
  // Open every connection first, as a crowd's browsers would have them open already.
  await Promise.all(
    Array.from({ length: opts.connections }, () =>
      send({ method: "GET", path: "/health/live", headers: {} }).catch(() => 0),
    ),
  );
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let errors = 0;
  const count = Math.round(opts.rate * opts.duration);
  const interval = 1000 / opts.rate;
  const answers: Promise<void>[] = [];
  const start = performance.now();
  await new Promise<void>((done) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      for (; i < count && start + i * interval <= now; i++) {
        const due = start + i * interval;
        answers.push(
          send(opts.request()).then(
            (status) => {
              latencies.push(performance.now() - due);
              byStatus[status] = (byStatus[status] ?? 0) + 1;
            },
            () => {
              // A request that failed (a timeout, a reset) counts at the time it took to fail:
              // left out, it would flatter the percentiles exactly when the server falls behind.
              latencies.push(performance.now() - due);
              errors++;
            },
          ),
        );
      }
      if (i < count) setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
      else done();
    };
    tick();
  });
  const sentPerSecond = count / ((performance.now() - start) / 1000);
  await Promise.all(answers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { total: latencies.length - errors, byStatus, p50: at(0.5), p99: at(0.99), errors, sentPerSecond };
}

export async function load(label: string, opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ ...opts });
  return {
    label,
    // total over elapsed time: autocannon's per-second average is coarse for short fixed-count runs
    rps: r.duration > 0 ? r.requests.total / r.duration : r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: r.requests.total,
    byStatus: Object.fromEntries(
      Object.entries((r as any).statusCodeStats ?? {}).map(([code, v]) => [
        code,
        (v as { count: number }).count,
      ]),
    ),
  };
}

export function table(rows: Figures[], baseline?: Figures): void {
  const lines = rows.map((f) => ({
    scenario: f.label,
    "req/s": Math.round(f.rps),
    "p50 ms": f.p50,
    "p99 ms": f.p99,
    ...(baseline ? { "vs baseline": `${((f.rps / baseline.rps) * 100).toFixed(0)}%` } : {}),
    requests: f.total,
    "non-2xx": f.non2xx,
    errors: f.errors,
  }));
  console.table(lines);
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** A creator with one product, in SQL (the benches bulk-load their followers beside it). */
export async function benchCreator(
  db: { query(sql: string, params: unknown[]): Promise<{ rows: any[] }> },
  handle: string,
): Promise<{ creator: string; product: string }> {
  const creator = (
    await db.query(
      `with u as (insert into users (id, name, email, created_at, updated_at)
         values (gen_random_uuid(), $1, null, now(), now()) returning id)
       insert into creators (id, handle, display_name, created_at, updated_at)
       select id, $1, $1, now(), now() from u returning id`,
      [handle],
    )
  ).rows[0].id as string;
  const product = (
    await db.query(
      `insert into products (id, creator_id, title, price_cents, currency, created_at, updated_at)
       values (gen_random_uuid(), $1, 'Bench sneaker', 1000, 'USD', now(), now()) returning id`,
      [creator],
    )
  ).rows[0].id as string;
  return { creator, product };
}

/** A drop of 100 units of the creator's product starting at `startsAt`, for an hour, in SQL. */
export async function benchDrop(
  db: { query(sql: string, params: unknown[]): Promise<{ rows: any[] }> },
  c: { creator: string; product: string },
  startsAt: Date,
): Promise<string> {
  const id = (
    await db.query(
      `insert into drops (id, product_id, creator_id, starts_at, ends_at, initial_stock, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, $3, $3::timestamptz + interval '1 hour', 100, now(), now()) returning id`,
      [c.product, c.creator, startsAt],
    )
  ).rows[0].id as string;
  await db.query(
    "insert into drop_inventory (drop_id, initial, available, reserved, sold) values ($1, 100, 100, 0, 0)",
    [id],
  );
  return id;
}
