import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Private copies of the stores on free ports, for tests that stop, freeze or restart them:
 * such a test never touches the shared services other tests use. The binaries are the
 * machine's (Debian's redis-server and postgresql; .ci/run's machine has them too).
 */

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what}: not ready in ${ms} ms`);
    await sleep(50);
  }
}

const answersTcp = (port: number) =>
  new Promise<boolean>((resolve) => {
    import("node:net").then(({ connect }) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
  });

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGSTOP: the server hangs with its connections open (the hardest case for a client). */
  freeze(): void;
  /** SIGCONT after freeze. */
  thaw(): void;
  /** Kill it (connections refused) and, with `restart`, start a fresh one on the same port. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess;
  const start = async () => {
    child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: "ignore" },
    );
    await waitUntil("redis-server", () => answersTcp(port));
  };
  const exited = (c: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", () => resolve());
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    freeze: () => void child.kill("SIGSTOP"),
    thaw: () => void child.kill("SIGCONT"),
    async kill() {
      const c = child;
      c.kill("SIGCONT");
      c.kill("SIGKILL");
      await exited(c);
    },
    restart: start,
    async stop() {
      const c = child;
      c.kill("SIGCONT");
      c.kill("SIGKILL");
      await exited(c);
    },
  };
}

export interface PrivateNats {
  url: string;
  /** Kill it (SIGKILL) and, with `restart`, start it again on the same port and store. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** nats-server with JetStream, its store in a temporary directory kept across restarts. */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "livedrop-nats-"));
  let child: ChildProcess;
  const start = async () => {
    child = spawn("nats-server", ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], {
      stdio: "ignore",
    });
    await waitUntil("nats-server", () => answersTcp(port));
  };
  const kill = async () => {
    const c = child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's PostgreSQL server binaries (initdb, pg_ctl), newest version installed. */
function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, "bin", "pg_ctl"))) return join(root, v, "bin");
  throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql");
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every backend is terminated (57P01), then the server comes back. */
  restartFast(): void;
  /** `pg_ctl stop -m fast`: away (connections refused) until `start`. */
  stopFast(): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster (initdb, trust auth) on a free port, run as the `postgres`
 * user (the server refuses to run as root), its data in a temporary directory.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = pgBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "livedrop-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const log = join(dir, "log");
  const asPostgres = (cmd: string, args: string[]) => {
    const argv = [join(bin, cmd), ...args];
    if (process.getuid?.() === 0)
      execFileSync("runuser", ["-u", "postgres", "--", ...argv], { stdio: "ignore" });
    else execFileSync(argv[0] as string, argv.slice(1), { stdio: "ignore" });
  };
  asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ctl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, "-l", log, "-o", opts, "-w", ...args]);
  ctl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restartFast: () => ctl("restart", "-m", "fast"),
    stopFast: () => ctl("stop", "-m", "fast"),
    start: () => ctl("start"),
    async stop() {
      try {
        ctl("stop", "-m", "immediate");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface PrivateNatsCluster {
  /** The client URLs of every node, comma-separated, as NATS_URL takes them. */
  url: string;
  nodes: { url: string; kill(): Promise<void>; restart(): Promise<void> }[];
  stop(): Promise<void>;
}

/**
 * A NATS cluster of `size` nodes with JetStream (each its own store in a temporary
 * directory, routes to the others), ready when JetStream has a meta leader, so a stream
 * with `size` replicas can be made at once.
 */
export async function startPrivateNatsCluster(size = 3, logDir?: string): Promise<PrivateNatsCluster> {
  const ports = await Promise.all(
    Array.from({ length: size }, async () => [await freePort(), await freePort()]),
  );
  const dir = mkdtempSync(join(tmpdir(), "livedrop-natsc-"));
  const routes = (i: number) =>
    ports
      .filter((_, j) => j !== i)
      .map(([, route]) => `nats://127.0.0.1:${route}`)
      .join(",");
  const children: ChildProcess[] = [];
  const start = async (i: number) => {
    const [port, route] = ports[i] as number[];
    const args = [
      "-a",
      "127.0.0.1",
      "-p",
      String(port),
      "-js",
      "-sd",
      join(dir, `n${i}`),
      "-n",
      `livedrop-${i}`,
    ];
    args.push("--cluster_name", "livedrop", "--cluster", `nats://127.0.0.1:${route}`, "--routes", routes(i));
    if (logDir) args.push("-l", join(logDir, `nats-${i}.log`));
    children[i] = spawn("nats-server", args, { stdio: "ignore" });
    await waitUntil("nats-server", () => answersTcp(port as number));
  };
  const kill = async (i: number) => {
    const c = children[i];
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.kill("SIGKILL");
    await gone;
  };
  await Promise.all(ports.map((_, i) => start(i)));
  const url = ports.map(([port]) => `nats://127.0.0.1:${port}`).join(",");
  await waitForJetStream(url);
  return {
    url,
    nodes: ports.map(([port], i) => ({
      url: `nats://127.0.0.1:${port}`,
      kill: () => kill(i),
      restart: () => start(i),
    })),
    async stop() {
      await Promise.all(ports.map((_, i) => kill(i)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Until the cluster's JetStream answers (a meta leader is elected), at most 30 s. */
async function waitForJetStream(url: string): Promise<void> {
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const nc = await connect({ servers: url.split(","), maxReconnectAttempts: -1 });
  try {
    await waitUntil(
      "JetStream cluster",
      async () => {
        try {
          await (await jetstreamManager(nc, { timeout: 2_000 })).getAccountInfo();
          return true;
        } catch {
          await sleep(200);
          return false;
        }
      },
      30_000,
    );
  } finally {
    await nc.close();
  }
}
