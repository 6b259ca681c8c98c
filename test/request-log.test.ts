import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requestLogLevel } from "../src/http/request-log.js";
import { freePort } from "./cluster.js";

const ROOT = join(import.meta.dirname, "..");

describe("request log policy", () => {
  const policy = { logRequests: "sampled" as const, logSlowMs: 500, logSampleEvery: 100 };

  it("logs every 5xx and every slow request, whatever the mode", () => {
    for (const logRequests of ["all", "sampled", "errors"] as const) {
      expect(requestLogLevel({ ...policy, logRequests }, 500, 1, 1)).toBe("error");
      expect(requestLogLevel({ ...policy, logRequests }, 503, 1, 1)).toBe("error");
      expect(requestLogLevel({ ...policy, logRequests }, 200, 500, 1)).toBe("warn");
      expect(requestLogLevel({ ...policy, logRequests }, 409, 900, 1)).toBe("warn");
    }
  });

  it("samples one in N ordinary requests under `sampled`, none under `errors`, all under `all`", () => {
    const seqs = Array.from({ length: 1000 }, (_, i) => i + 1);
    const count = (
      p: typeof policy | { logRequests: "all" | "errors"; logSlowMs: number; logSampleEvery: number },
    ) => seqs.filter((s) => requestLogLevel(p, 200, 2, s) !== undefined).length;
    expect(count(policy)).toBe(10);
    expect(count({ ...policy, logRequests: "errors" })).toBe(0);
    expect(count({ ...policy, logRequests: "all" })).toBe(1000);
    expect(requestLogLevel({ ...policy, logRequests: "all" }, 404, 2, 7)).toBe("info");
  });
});

/**
 * A real `serve` in production mode (the asynchronous destination), its stdout read after
 * it stops: the lines written are the ones the policy chose, and none is lost at shutdown.
 */
async function logLinesOf(env: Record<string, string>, requests: number): Promise<Record<string, unknown>[]> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), "serve"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: "",
      REDIS_URL: "",
      NATS_URL: "",
      DATA_DIR: "memory://",
      JWT_SECRET: randomBytes(32).toString("hex"),
      INTERNAL_TOKEN: randomBytes(16).toString("hex"),
      LOG_LEVEL: "info",
      RATE_LIMITS: "off",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const url = `http://127.0.0.1:${port}`;
  // A child on a busy CI machine (the other test files load both cores) may need a minute.
  const deadline = Date.now() + 90_000;
  while (
    !(await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`serve did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (let i = 0; i < requests; i++) {
    const res = await fetch(`${url}/health/live?probe=${i}`, { headers: { "x-request-id": `probe-${i}` } });
    expect(res.status).toBe(200);
  }
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) =>
      String((l.req as { url?: string } | undefined)?.url ?? "").startsWith("/health/live?probe="),
    );
}

describe("request log in a production process", () => {
  it("LOG_REQUESTS=all writes one line per request, all of them flushed by shutdown", async () => {
    const lines = await logLinesOf({ LOG_REQUESTS: "all" }, 60);
    expect(lines).toHaveLength(60);
    expect(new Set(lines.map((l) => (l.req as { url: string }).url)).size).toBe(60);
    // Each line is its request's (the request's logger is made when it first logs).
    for (const l of lines) {
      expect(l.reqId).toBe(`probe-${(l.req as { url: string }).url.split("=")[1]}`);
    }
    expect(
      lines.every(
        (l) => l.msg === "request completed" && (l.res as { statusCode: number }).statusCode === 200,
      ),
    ).toBe(true);
  }, 150_000);

  it("the production default samples: about one in LOG_SAMPLE_EVERY", async () => {
    const lines = await logLinesOf({ LOG_SAMPLE_EVERY: "10" }, 100);
    // Readiness polls share the sequence, so the sample of these 100 is 9 to 11 lines.
    expect(lines.length).toBeGreaterThanOrEqual(9);
    expect(lines.length).toBeLessThanOrEqual(11);
  }, 150_000);

  it("LOG_REQUESTS=errors logs slow requests only (LOG_SLOW_MS=0 makes every one slow)", async () => {
    const quiet = await logLinesOf({ LOG_REQUESTS: "errors" }, 30);
    expect(quiet).toHaveLength(0);
    const slow = await logLinesOf({ LOG_REQUESTS: "errors", LOG_SLOW_MS: "0" }, 30);
    expect(slow).toHaveLength(30);
    expect(slow.every((l) => l.msg === "slow request" && l.level === 40)).toBe(true);
  }, 150_000);
});
