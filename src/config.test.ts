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
