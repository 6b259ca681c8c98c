import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

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

  it("refuses production without real secrets", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/JWT_SECRET and INTERNAL_TOKEN/);
    const ok = loadConfig({
      NODE_ENV: "production",
      JWT_SECRET: "x".repeat(40),
      INTERNAL_TOKEN: "svc-token",
    });
    expect(ok.internalToken).toBe("svc-token");
    expect(ok.seedDemo).toBe(false); // no demo accounts in production unless asked
    expect(loadConfig({}).seedDemo).toBe(true);
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
});
