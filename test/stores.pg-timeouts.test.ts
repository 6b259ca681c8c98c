import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/infra/db/index.js";
import { createPgDb } from "../src/infra/db/pg.js";
import { isStoreOutage } from "../src/infra/db/unavailable.js";
import { freshSchemaUrl, usingServices } from "./harness.js";

/**
 * PostgreSQL sessions carry their timeouts (DB_*_TIMEOUT_MS): a runaway statement or a
 * transaction left open is ended by the server and answered as an outage (503), while work
 * that is long by nature runs under its own, longer limit. A pooled client whose backend is
 * terminated in the middle of a transaction fails that transaction, not the process.
 */
const TIMEOUTS = {
  connectMs: 2_000,
  poolWaitMs: 2_000,
  statementMs: 300,
  longStatementMs: 5_000,
  idleInTransactionMs: 300,
};
let db: Db;
let admin: pg.Client;
let drop: () => Promise<void>;

describe.runIf(usingServices())("PostgreSQL timeouts", () => {
  beforeAll(async () => {
    const fresh = await freshSchemaUrl(process.env.DATABASE_URL as string);
    drop = fresh.drop;
    db = createPgDb(fresh.url, 3, TIMEOUTS);
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await db?.close();
    await admin?.end();
    await drop?.();
  });

  it("cancels a statement past the statement timeout, as an outage", async () => {
    const err = await db.query("select pg_sleep(1)").catch((e) => e);
    expect(err.code).toBe("57014");
    expect(isStoreOutage(err)).toBe(true);
    expect((await db.query<{ n: number }>("select 1 as n")).rows[0]?.n).toBe(1);
  });

  it("lets a long transaction run under the long timeout, and only that transaction", async () => {
    await db.tx(
      async (q) => {
        await q.query("select pg_sleep(0.6)");
      },
      { long: true },
    );
    const after = await db.tx((q) => q.query<{ statement_timeout: string }>("show statement_timeout"));
    expect(after.rows[0]?.statement_timeout).toBe("300ms");
  });

  it("ends a transaction left idle past the idle-in-transaction timeout", async () => {
    const err = await db
      .tx(async (q) => {
        await q.query("select 1");
        await new Promise((r) => setTimeout(r, 800)); // not talking to the database
        await q.query("select 2");
      })
      .catch((e) => e);
    expect(isStoreOutage(err)).toBe(true);
    expect((await db.query<{ n: number }>("select 1 as n")).rows[0]?.n).toBe(1);
  });

  it("refuses a query that waited past the pool wait timeout while every connection was busy", async () => {
    const one = createPgDb(process.env.DATABASE_URL as string, 1, { ...TIMEOUTS, poolWaitMs: 200 });
    try {
      let busyDone = false;
      const busy = one
        .tx((q) => q.query("select pg_sleep(2)"), { long: true })
        .then(() => {
          busyDone = true;
        });
      const err = await one.query("select 1").catch((e) => e);
      expect(busyDone).toBe(false); // refused while the only connection was still busy
      expect(isStoreOutage(err)).toBe(true);
      await busy;
      expect((await one.query<{ n: number }>("select 1 as n")).rows[0]?.n).toBe(1);
    } finally {
      await one.close();
    }
  });

  it("survives its backend being terminated mid-transaction (57P01), and goes on", async () => {
    const err = await db
      .tx(
        async (q) => {
          const pid = (await q.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid;
          await admin.query("select pg_terminate_backend($1)", [pid]);
          await new Promise((r) => setTimeout(r, 100)); // the 'error' event arrives while idle
          await q.query("select 1");
        },
        { long: true },
      )
      .catch((e) => e);
    expect(isStoreOutage(err)).toBe(true);
    // The broken client was dropped, not handed to the next caller.
    for (let i = 0; i < 5; i++) expect((await db.query<{ n: number }>("select 1 as n")).rows[0]?.n).toBe(1);
  });
});
