import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../scripts/local-services.js";
import { loadConfig } from "../src/config.js";
import { type Running, startServer } from "../src/server.js";
import { isolatedEnv, usingServices } from "./harness.js";

export { freePort };

const ROOT = join(import.meta.dirname, "..");

export interface Node {
  url: string;
  /** SIGKILL: no shutdown hooks run, in-flight work is lost, as in a crash. */
  kill9(): void;
  /** SIGTERM, as Ctrl-C or an orchestrator would; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Whether the process is still running (it has neither exited nor been killed). */
  alive(): boolean;
  /** What it wrote to stderr so far (its logs), for failure messages. */
  stderr(): string;
}

/** Start `livedrop <role>` as a real child process and wait until it is ready. */
export async function spawnNode(env: Record<string, string>, role = "serve"): Promise<Node> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ready = () =>
    fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
  return spawnCli(role, { ...env, PORT: String(port), HOST: "127.0.0.1" }, url, ready);
}

/**
 * Start `livedrop worker` as a real child process (it has no HTTP port) and wait until it
 * says it is running. `url` is empty.
 */
export async function spawnWorker(env: Record<string, string>): Promise<Node> {
  return spawnCli("worker", env, "", async (stderr) => stderr.includes("worker is running"));
}

/**
 * Spawns `livedrop <role>` and polls `ready` (given its stderr so far) for up to 90 s: an
 * embedded `all` migrates, seeds and builds in one process, which takes over 30 s on a
 * 2-core CI machine busy with other test files.
 */
async function spawnCli(
  role: string,
  env: Record<string, string>,
  url: string,
  ready: (stderr: string) => Promise<boolean>,
): Promise<Node> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), role], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 90_000;
  while (!(await ready(stderr))) {
    if (child.exitCode !== null) throw new Error(`livedrop ${role} exited early: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`livedrop ${role} not ready in 90 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    kill9: () => child.kill("SIGKILL"),
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => stderr,
    stop: () =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Several server processes sharing one database, cache and bus. On PostgreSQL
 * (npm run test:services) they are real child processes; on the embedded default the
 * database lives inside one process, so the cluster is that one in-process server on a
 * real port, and the race runs against it.
 */
export async function startCluster(size: number, extraEnv: Record<string, string> = {}) {
  const { env, dropSchema } = await isolatedEnv(extraEnv);
  if (usingServices()) {
    const nodes = await Promise.all(Array.from({ length: size }, () => spawnNode(env)));
    return {
      urls: nodes.map((n) => n.url),
      nodes,
      env,
      async close() {
        await Promise.all(nodes.map((n) => n.stop()));
        await dropSchema();
      },
    };
  }
  const running: Running = await startServer(loadConfig({ ...env, PORT: "0", HOST: "127.0.0.1" }));
  return {
    urls: [running.url],
    nodes: [] as Node[],
    env,
    running,
    async close() {
      await running.close();
    },
  };
}
