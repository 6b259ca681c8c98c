import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleLockWaits } from "../src/infra/db/lock-metrics.js";
import { createTestApp, type TestApp, usingServices } from "./harness.js";

/**
 * PostgreSQL lock waits in /metrics (src/infra/db/lock-metrics.ts): a session blocked on a
 * row another holds shows up in the gauges within a sampling interval. PostgreSQL only
 * (`npm run test:services`).
 */
describe.skipIf(!usingServices())("PostgreSQL lock waits", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("are sampled from pg_locks: the waiting session and how long it has waited", async () => {
    const registry = new Registry();
    const stop = sampleLockWaits(registry, t.infra.db, 300);
    const url = process.env.DATABASE_URL as string;
    const holder = new pg.Client({ connectionString: url });
    const waiter = new pg.Client({ connectionString: url });
    await Promise.all([holder.connect(), waiter.connect()]);
    const table = `lockwait_${process.pid}_${Date.now()}`;
    try {
      await holder.query(`create table ${table} (id int primary key)`);
      await holder.query(`insert into ${table} values (1)`);
      await holder.query("begin");
      await holder.query(`select * from ${table} where id = 1 for update`);
      const blocked = waiter.query(`update ${table} set id = 1 where id = 1`);
      const read = async (name: string) =>
        Number(
          (await registry.metrics())
            .split("\n")
            .find((l) => l.startsWith(`${name} `))
            ?.split(" ")[1] ?? 0,
        );
      let waiting = 0;
      for (let i = 0; i < 40 && waiting < 1; i++) {
        await new Promise((r) => setTimeout(r, 100));
        waiting = await read("db_lock_waiting_sessions");
      }
      expect(waiting).toBeGreaterThanOrEqual(1);
      expect(await read("db_lock_wait_longest_seconds")).toBeGreaterThan(0);
      await holder.query("commit");
      await blocked;
    } finally {
      stop();
      await holder.query(`drop table if exists ${table}`).catch(() => {});
      await Promise.all([holder.end(), waiter.end()]);
    }
  });
});
