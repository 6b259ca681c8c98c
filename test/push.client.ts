import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { WebSocket } from "ws";

/** A push message as clients see it, plus when this client got it. */
export interface Received {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, any>;
  /** The request that caused the event (X-Request-Id), when one did. */
  requestId?: string;
  at: number;
}

/**
 * A /push WebSocket client for tests: collects event messages (de-duplicating nothing, so a
 * test sees every duplicate the server sends), resolves `ready` on the welcome message.
 */
export class PushClient {
  readonly events: Received[] = [];
  readonly controls: any[] = [];
  readonly ws: WebSocket;
  readonly ready: Promise<any>;
  closed: Promise<{ code: number; reason: string }>;

  constructor(base: string, token: string, query: Record<string, string> = {}) {
    const q = new URLSearchParams({ token, ...query });
    this.ws = new WebSocket(`${base.replace(/^http/, "ws")}/push?${q}`);
    this.ready = new Promise((resolve, reject) => {
      this.ws.on("message", (raw) => {
        const m = JSON.parse(String(raw));
        if (m.id) this.events.push({ ...m, at: Date.now() });
        else this.controls.push(m);
        if (m.type === "welcome") resolve(m);
      });
      this.ws.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      this.ws.on("error", reject);
      this.ws.on("close", (code) => reject(new Error(`closed ${code} before welcome`)));
    });
    this.closed = new Promise((resolve) => {
      this.ws.on("close", (code, reason) => resolve({ code, reason: String(reason) }));
    });
  }

  send(msg: unknown): void {
    this.ws.send(JSON.stringify(msg));
  }

  of(type: string): Received[] {
    return this.events.filter((e) => e.type === type);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }

  /** Wait until `pred` holds over this client's messages, or fail after `ms`. */
  async until(pred: () => boolean, ms = 5_000, what = "condition"): Promise<void> {
    await waitFor(pred, ms, what);
  }
}

export async function waitFor(pred: () => boolean | Promise<boolean>, ms = 5_000, what = "condition") {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `livedrop worker` as a child process (it has no HTTP port): ready when it says so. */
export async function spawnWorker(
  env: Record<string, string>,
): Promise<{ kill9(): void; stop(): Promise<void> }> {
  const root = join(import.meta.dirname, "..");
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/cli.ts"), "worker"],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`worker not ready in 30 s: ${stderr}`));
    }, 30_000);
    child.stderr?.on("data", (d) => {
      stderr += d;
      if (stderr.includes("worker is running")) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once("exit", () => {
      clearTimeout(t);
      reject(new Error(`worker exited early: ${stderr}`));
    });
  });
  return {
    kill9: () => child.kill("SIGKILL"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
