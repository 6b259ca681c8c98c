import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, SECRETS_FILE } from "../src/config.js";
import { type Running, startServer } from "../src/server.js";
import { spawnNode } from "./cluster.js";
import { call, http, registerAt, registerUser } from "./factories.js";
import { isolatedEnv } from "./harness.js";

/** /metrics is for the operator, and the secrets that guard it are nobody else's. */

describe("/metrics", () => {
  let running: Running;
  let dropSchema = async () => {};
  beforeAll(async () => {
    const iso = await isolatedEnv({ PORT: "0", HOST: "127.0.0.1", METRICS_PORT: "0" });
    dropSchema = iso.dropSchema;
    running = await startServer(loadConfig(iso.env));
  });
  afterAll(async () => {
    await running.close();
    await dropSchema();
  });

  it("on the main port takes the service token: anonymous 401, a user or a wrong token 403, in the envelope", async () => {
    const { app } = running;
    const anonymous = await call(app, "GET", "/metrics");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, error: { code: "UNAUTHENTICATED" } });
    const user = await registerUser(app);
    for (const token of [user.token, "not-the-token", `${running.infra.config.internalToken}x`]) {
      const res = await call(app, "GET", "/metrics", { token });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, error: { code: "FORBIDDEN" } });
      expect(String(res.body)).not.toContain("http_requests_total");
    }
    const ok = await call(app, "GET", "/metrics", { token: running.infra.config.internalToken });
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/^text\/plain/);
    expect(ok.body).toMatch(/http_requests_total\{method="GET",route="\/metrics",status="401"\} 1/);
  });

  it("is documented, with the service token and its refusals", async () => {
    const doc = running.app.swagger() as any;
    const op = doc.paths["/metrics"].get;
    expect(op.security).toEqual([{ serviceToken: [] }]);
    expect(Object.keys(op.responses).sort()).toEqual(["200", "401", "403", "500", "503"]);
  });

  it("with METRICS_PORT is served without a token on a listener of its own (loopback), and nothing else there", async () => {
    const url = running.metricsUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("http_requests_total");
    expect((await fetch(`${url}/api/drops`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: "POST" })).status).toBe(404);
  });
});

describe("secrets of the embedded default", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "livedrop-embedded-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("`livedrop all` without JWT_SECRET / INTERNAL_TOKEN generates them once, keeps them (0600) and its tokens outlive a restart", async () => {
    const dataDir = join(dir, "pglite");
    // The embedded default in every suite: a deployment's variables blanked out.
    const env = {
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      PASSWORD_COST: "10",
      SEED_DEMO: "false",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      REDIS_URL: "",
      NATS_URL: "",
      JWT_SECRET: "",
      INTERNAL_TOKEN: "",
    };
    let node = await spawnNode(env, "all");
    let user: { id: string; token: string };
    try {
      user = await registerAt(node.url);
    } finally {
      expect(await node.stop()).toBe(0);
    }
    const file = join(dataDir, SECRETS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(await readFile(file, "utf8"));
    expect(secrets.jwtSecret).toMatch(/^[\w-]{43}$/);
    expect(secrets.internalToken).toMatch(/^[\w-]{43}$/);

    node = await spawnNode(env, "all");
    try {
      const orders = await http(node.url, "GET", `/api/users/${user.id}/orders`, { token: user.token });
      expect(orders.status).toBe(200);
      const metrics = await http(node.url, "GET", "/metrics", { token: secrets.internalToken });
      expect(metrics.status).toBe(200);
      expect((await http(node.url, "GET", "/metrics")).status).toBe(401);
    } finally {
      expect(await node.stop()).toBe(0);
    }
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(secrets);
  }, 90_000);
});
