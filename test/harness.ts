import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { Registry } from "prom-client";
import { buildApp } from "../src/app.js";
import { type Config, loadConfig } from "../src/config.js";
import { closeInfra, createInfra, type Infra } from "../src/infra/index.js";
import { createDropTermsReader } from "../src/modules/catalog/index.js";
import { createInventory } from "../src/modules/orders/inventory.js";
import { createOrdersMetrics } from "../src/modules/orders/orders.metrics.js";
import { createServices, type Services } from "../src/services.js";
import { type Clock, ManualClock } from "../src/shared/clock.js";
import { checkEveryResponse, lateViolations } from "./contract.js";

// Before any app is built: every response is checked against the published document.
checkEveryResponse();

/**
 * Builds a real app for a test: the embedded default (in-memory PGlite, in-process cache
 * and bus), or, when DATABASE_URL / REDIS_URL / NATS_URL are set (npm run test:services),
 * PostgreSQL in a schema of its own plus Redis and NATS under a namespace of its own, so
 * test files run in parallel without seeing each other's data.
 */
export interface TestApp {
  app: FastifyInstance;
  infra: Infra;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

let counter = 0;
export const uniqueName = (prefix = "t") => `${prefix}${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** A fresh PostgreSQL schema and the DATABASE_URL that puts a connection in it. */
export async function freshSchemaUrl(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = uniqueName("s");
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * Environment for an app (or a child server process) isolated from other tests. Its secrets
 * are random, and the same for every process started with it (a token one signs, another
 * accepts), as a deployment's are.
 */
export async function isolatedEnv(extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    NODE_ENV: "test",
    JWT_SECRET: randomBytes(32).toString("base64url"),
    INTERNAL_TOKEN: randomBytes(24).toString("base64url"),
    LOG_LEVEL: "silent",
    PASSWORD_COST: "10",
    // Tests send crowds from one address; the limit tests turn limits on (RATE_LIMITS: "on").
    RATE_LIMITS: "off",
    // A busy test machine (PGlite runs on the event loop) is not an overloaded server; the
    // admission control tests turn it on (OVERLOAD: "on").
    OVERLOAD: "off",
    // The operators' sampler reads /metrics every few seconds, and the outbox gauges query
    // the database: in tests that count queries that is noise. Tests of the view set it low.
    OPS_SAMPLE_MS: "600000",
    DATA_DIR: "memory://",
    SEED_DEMO: "false",
    PAYMENT_SLOW_MS: "50",
    LIVEDROP_NAMESPACE: uniqueName("ns"),
  };
  for (const k of ["DATABASE_URL", "REDIS_URL", "NATS_URL"]) {
    const v = process.env[k];
    if (v) env[k] = v;
  }
  let dropSchema = async () => {};
  if (env.DATABASE_URL) {
    const fresh = await freshSchemaUrl(env.DATABASE_URL);
    env.DATABASE_URL = fresh.url;
    dropSchema = fresh.drop;
  }
  return { env: { ...env, ...extra }, dropSchema };
}

export async function createTestApp(
  opts: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApp> {
  const { env, dropSchema } = await isolatedEnv(opts.env);
  const infra = await createInfra(loadConfig(env), { clock: opts.clock });
  const { config } = infra;
  const services = createServices(infra);
  const app = await buildApp(infra, services);
  await app.ready();
  return {
    app,
    infra,
    services,
    config,
    async close() {
      await app.close();
      await closeInfra(infra);
      await dropSchema();
      const late = lateViolations.splice(0);
      if (late.length) throw new Error(`responses disagree with the OpenAPI document:\n${late.join("\n")}`);
    },
  };
}

/**
 * A clock standing one second into a rate-limit window (windows are aligned to the clock,
 * RATE_LIMIT_WINDOW_SECONDS 60): a test that counts requests up to a limit must not have
 * them straddle two windows on a slow machine.
 */
export const windowStartClock = (windowMs = 60_000) =>
  new ManualClock(Math.floor(Date.now() / windowMs) * windowMs + 1_000);

export const usingServices = () => Boolean(process.env.DATABASE_URL);

/** An inventory of its own on the app's database (another process's, say), with its own metrics. */
export const ownInventory = (t: TestApp) =>
  createInventory({
    db: t.infra.db,
    clock: t.infra.clock,
    metrics: createOrdersMetrics(new Registry()),
    terms: createDropTermsReader(t.infra.db),
    reservationTtlMs: 600_000,
  });
