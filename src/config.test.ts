import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, resolveSecrets, SECRETS_FILE } from "./config.js";

describe("configuration", () => {
  it("defaults to the embedded setup", () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.natsUrl).toBeUndefined();
    expect(c.port).toBe(3000);
  });

  it("names the variable and the bad value", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(
      new ConfigError('PORT must be an integer between 0 and 65535, got "eighty"'),
    );
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must use postgres: or postgresql:/,
    );
    expect(() => loadConfig({ REDIS_URL: "not a url" })).toThrow(/REDIS_URL must be a URL/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => loadConfig({ SEED_DEMO: "maybe" })).toThrow(/SEED_DEMO must be true or false/);
  });

  it("bounds every store call and the shutdown with a timeout, 0 turning the database ones off", () => {
    const c = loadConfig({});
    expect(c.dbConnectTimeoutMs).toBe(5_000);
    expect(c.dbPoolWaitTimeoutMs).toBe(15_000);
    expect(c.dbStatementTimeoutMs).toBe(15_000);
    expect(c.dbIdleInTransactionTimeoutMs).toBe(30_000);
    expect(c.dbLongStatementTimeoutMs).toBeGreaterThan(c.dbStatementTimeoutMs);
    expect(c.redisCommandTimeoutMs).toBe(1_000);
    expect(c.shutdownTimeoutMs).toBe(10_000);
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: "0" }).dbStatementTimeoutMs).toBe(0);
    expect(() => loadConfig({ DB_CONNECT_TIMEOUT_MS: "0" })).toThrow(
      /DB_CONNECT_TIMEOUT_MS must be an integer/,
    );
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: "soon" })).toThrow(
      /SHUTDOWN_TIMEOUT_MS must be an integer/,
    );
    expect(() => loadConfig({ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "-1" })).toThrow(
      /DB_IDLE_IN_TRANSACTION_TIMEOUT_MS must be an integer/,
    );
  });

  it("has no secret of its own: the environment's, or none yet (resolveSecrets generates them)", () => {
    const c = loadConfig({});
    expect(c.jwtSecret).toBeUndefined();
    expect(c.internalToken).toBeUndefined();
    expect(loadConfig({ NODE_ENV: "production" }).jwtSecret).toBeUndefined(); // embedded: generated, kept on disk
    const given = loadConfig({ JWT_SECRET: "x".repeat(40), INTERNAL_TOKEN: "svc-token" });
    expect(given.jwtSecret).toBe("x".repeat(40));
    expect(given.internalToken).toBe("svc-token");
    expect(() => loadConfig({ JWT_SECRET: "short" })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });

  it("a deployment (DATABASE_URL) in production must set both secrets; development and test need not", () => {
    const db = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x" };
    for (const partial of [{}, { JWT_SECRET: "x".repeat(40) }, { INTERNAL_TOKEN: "svc-token" }]) {
      expect(() => loadConfig({ ...db, ...partial, NODE_ENV: "production" })).toThrow(
        new ConfigError(
          "JWT_SECRET and INTERNAL_TOKEN must be set with DATABASE_URL (every process of a deployment must share them) unless NODE_ENV is development or test",
        ),
      );
    }
    const ok = loadConfig({
      ...db,
      NODE_ENV: "production",
      JWT_SECRET: "x".repeat(40),
      INTERNAL_TOKEN: "svc-token",
    });
    expect(ok.internalToken).toBe("svc-token");
    expect(ok.seedDemo).toBe(false); // no demo accounts in production unless asked
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ ...db, NODE_ENV: "development" }).jwtSecret).toBeUndefined();
    expect(loadConfig({ ...db, NODE_ENV: "test" }).jwtSecret).toBeUndefined();
  });

  it("metrics: no separate listener unless METRICS_PORT, on loopback unless METRICS_HOST", () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({}).metricsHost).toBe("127.0.0.1");
    expect(loadConfig({ METRICS_PORT: "9464", METRICS_HOST: "10.0.0.2" })).toMatchObject({
      metricsPort: 9464,
      metricsHost: "10.0.0.2",
    });
    expect(() => loadConfig({ METRICS_PORT: "lots" })).toThrow(/METRICS_PORT must be an integer/);
  });

  it("reads every abuse limit, and RATE_LIMITS=off turns them off", () => {
    const c = loadConfig({ RATE_LIMIT_ORDERS_PER_ACCOUNT: "7", RATE_LIMIT_WINDOW_SECONDS: "30" });
    expect(c.rateLimits.enabled).toBe(true);
    expect(c.rateLimits.rules.orders).toEqual({ perAccount: 7, perAddress: 1_200 });
    expect(c.rateLimits.windowMs).toBe(30_000);
    expect(loadConfig({ RATE_LIMITS: "off" }).rateLimits.enabled).toBe(false);
    expect(() => loadConfig({ RATE_LIMITS: "maybe" })).toThrow(/RATE_LIMITS must be one of on, off/);
    expect(() => loadConfig({ RATE_LIMIT_LOGIN_PER_ADDRESS: "0" })).toThrow(/RATE_LIMIT_LOGIN_PER_ADDRESS/);
    expect(() => loadConfig({ AUTH_RATE_LIMIT_PER_MINUTE: "20" })).toThrow(/RATE_LIMIT_LOGIN_PER_ACCOUNT/);
  });

  it("has the fair-drop and order-desk limits, a name with an underscore read as such", () => {
    const { rules } = loadConfig({
      RATE_LIMIT_QUEUE_READS_PER_ACCOUNT: "9",
      RATE_LIMIT_DESK_EXPORTS_PER_ADDRESS: "8",
    }).rateLimits;
    expect(rules.entries).toEqual({ perAccount: 30, perAddress: 1_200 });
    expect(rules.queue_reads).toEqual({ perAccount: 9, perAddress: 6_000 });
    expect(rules.desk).toEqual({ perAccount: 120, perAddress: 1_200 });
    expect(rules.desk_exports).toEqual({ perAccount: 10, perAddress: 8 });
  });

  it("trusts no proxy unless told which", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,loopback" }).trustProxy).toBe(
      "10.0.0.5,10.1.0.0/16,loopback",
    );
    expect(loadConfig({ TRUST_PROXY: "::1" }).trustProxy).toBe("::1");
    expect(() => loadConfig({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY must be/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/40" })).toThrow(/TRUST_PROXY must be/);
  });

  it("stores uploads in a folder beside the data unless S3_URL names a bucket", () => {
    expect(loadConfig({}).storage).toEqual({ s3Url: undefined, s3Region: "us-east-1", dir: "./data/assets" });
    expect(loadConfig({ DATA_DIR: "/srv/ld" }).storage.dir).toBe("/srv/ld/assets");
    expect(loadConfig({ DATA_DIR: "memory://" }).storage.dir).toBeUndefined();
    expect(loadConfig({ ASSETS_DIR: "/mnt/media" }).storage.dir).toBe("/mnt/media");
    const s3 = loadConfig({ S3_URL: "http://K:S@127.0.0.1:9000/bucket", S3_REGION: "eu-west-1" }).storage;
    expect(s3).toMatchObject({ s3Url: "http://K:S@127.0.0.1:9000/bucket", s3Region: "eu-west-1" });
    expect(() => loadConfig({ S3_URL: "http://127.0.0.1:9000" })).toThrow(/S3_URL must name the bucket/);
    expect(() => loadConfig({ S3_URL: "ftp://h/b" })).toThrow(/S3_URL must use http: or https:/);
    expect(loadConfig({}).publicAssetUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_ASSET_URL: "https://cdn.example.com/media/" }).publicAssetUrl).toBe(
      "https://cdn.example.com/media",
    );
    expect(() => loadConfig({ PUBLIC_ASSET_URL: "cdn.example.com" })).toThrow(/PUBLIC_ASSET_URL/);
  });
});

describe("secrets the environment left unset", () => {
  const resolve = (env: Record<string, string | undefined>) => resolveSecrets(loadConfig(env));

  it("are random per process in memory and on a development or test deployment, never a constant", async () => {
    for (const env of [
      { DATA_DIR: "memory://" },
      { DATA_DIR: "memory://", NODE_ENV: "production" },
      { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NODE_ENV: "test" },
      { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NODE_ENV: "development" },
    ]) {
      const [a, b] = await Promise.all([resolve(env), resolve(env)]);
      expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(a.internalToken.length).toBeGreaterThanOrEqual(32);
      expect(a.jwtSecret).not.toBe(b.jwtSecret);
      expect(a.internalToken).not.toBe(b.internalToken);
      expect(a.jwtSecret).not.toBe(a.internalToken);
    }
  });

  it("the environment's win", async () => {
    const c = await resolve({ DATA_DIR: "memory://", JWT_SECRET: "j".repeat(32), INTERNAL_TOKEN: "svc" });
    expect([c.jwtSecret, c.internalToken]).toEqual(["j".repeat(32), "svc"]);
  });

  it("the embedded database on disk generates them once and keeps them in its data directory, mode 0600", async () => {
    const dir = await mkdtemp(join(tmpdir(), "livedrop-secrets-"));
    try {
      const dataDir = join(dir, "pglite");
      // Processes starting together agree on one file.
      const first = await Promise.all(Array.from({ length: 5 }, () => resolve({ DATA_DIR: dataDir })));
      const again = await resolve({ DATA_DIR: dataDir, NODE_ENV: "production" });
      for (const c of [...first, again]) {
        expect(c.jwtSecret).toBe(first[0]?.jwtSecret);
        expect(c.internalToken).toBe(first[0]?.internalToken);
      }
      const file = join(dataDir, SECRETS_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
        jwtSecret: again.jwtSecret,
        internalToken: again.internalToken,
      });
      // One set in the environment, the other still from the file.
      const mixed = await resolve({ DATA_DIR: dataDir, INTERNAL_TOKEN: "svc-from-env" });
      expect([mixed.jwtSecret, mixed.internalToken]).toEqual([again.jwtSecret, "svc-from-env"]);
      // A damaged file stops the start instead of silently signing with something else.
      await writeFile(file, "{ not json");
      await expect(resolve({ DATA_DIR: dataDir })).rejects.toThrow(ConfigError);
      await writeFile(file, JSON.stringify({ jwtSecret: "short", internalToken: "x" }));
      await expect(resolve({ DATA_DIR: dataDir })).rejects.toThrow(/jwtSecret/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
