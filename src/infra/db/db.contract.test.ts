import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshSchemaUrl } from "../../../test/harness.js";
import { waitFor } from "../../../test/push.client.js";
import type { Db, Tx } from "./index.js";
import { migrate } from "./migrate.js";
import { createPgDb } from "./pg.js";
import { createPgliteDb } from "./pglite.js";

// One contract, every implementation. PostgreSQL joins when DATABASE_URL is set.
const impls: [string, () => Promise<{ db: Db; drop(): Promise<void> }>][] = [
  ["pglite", async () => ({ db: await createPgliteDb("memory://"), drop: async () => {} })],
];
const pgUrl = process.env.DATABASE_URL;
if (pgUrl) {
  impls.push([
    "postgres",
    async () => {
      const fresh = await freshSchemaUrl(pgUrl);
      return { db: createPgDb(fresh.url, 4), drop: fresh.drop };
    },
  ]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What a writer sends: the channel scoped to its schema, as migrations/006's trigger does. */
const NOTIFY_PING = "select pg_notify(left(current_schema() || '.ping', 63), '')";

describe.each(impls)("Db contract: %s", (_name, make) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await make());
    await db.exec("create table t (id int primary key, n bigint not null, at timestamptz, tags text[])");
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  it("counts rows for selects and for writes", async () => {
    const ins = await db.query("insert into t (id, n) values (1, 10), (2, 20), (3, 30)");
    expect(ins.rowCount).toBe(3);
    const sel = await db.query("select id from t where id > $1 order by id", [1]);
    expect(sel.rowCount).toBe(2);
    expect(sel.rows).toEqual([{ id: 2 }, { id: 3 }]);
    const upd = await db.query("update t set n = n + 1 where id <= 2");
    expect(upd.rowCount).toBe(2);
    const none = await db.query("select id from t where id = 99");
    expect(none.rowCount).toBe(0);
  });

  it("returns bigint as a number, timestamptz as a Date and arrays as arrays", async () => {
    const when = new Date("2030-01-02T03:04:05.678Z");
    await db.query("insert into t (id, n, at, tags) values (10, $1, $2, $3)", [
      9_007_199_254,
      when,
      ["a", "b"],
    ]);
    const r = await db.query<{ n: number; at: Date; tags: string[]; total: number }>(
      "select n, at, tags, (select sum(n)::bigint from t where id = 10) as total from t where id = 10",
    );
    expect(r.rows[0]).toEqual({ n: 9_007_199_254, at: when, tags: ["a", "b"], total: 9_007_199_254 });
  });

  it("commits a transaction and rolls one back when it throws", async () => {
    await db.tx(async (q) => {
      await q.query("insert into t (id, n) values (20, 1)");
    });
    await expect(
      db.tx(async (q) => {
        await q.query("insert into t (id, n) values (21, 1)");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const r = await db.query<{ id: number }>("select id from t where id in (20, 21)");
    expect(r.rows).toEqual([{ id: 20 }]);
  });

  it("sends BEGIN with the first statement and COMMIT with the last: same rows, same atomicity", async () => {
    // Values a literal could get wrong: quotes, backslashes, JSON, NULL array elements, dates.
    const tricky = [
      `it's`,
      "back\\slash",
      '{"a": "b\\"c"}',
      null,
      "日本",
      "$1 and $2",
      "$v$ tag $v$",
      "ends in $v",
    ];
    const when = new Date("2031-05-06T07:08:09.123Z");
    const inOneTx = <T>(fn: (q: Tx) => Promise<T>) => db.tx(fn, { bundleBegin: true });
    const sql =
      "select $1::text[] as tags, $2::timestamptz as at, $3::bigint as n, $4::jsonb as j, $5::int as none";
    const json = JSON.stringify({ q: 'it\'s "quoted"', nl: "a\nb" });
    const params = [tricky, when, 42, json, null];
    const plain = await db.query(sql, params);
    const bundled = await inOneTx(async (q) => {
      const first = await q.query(
        "insert into t (id, n, tags) values ($1::int, $2::bigint, $3::text[]) returning id",
        [30, 7, tricky],
      );
      expect(first.rows).toEqual([{ id: 30 }]);
      return q.queryAndCommit(sql, params);
    });
    expect(bundled.rows).toEqual(plain.rows);
    expect(bundled.rows[0]).toMatchObject({ tags: tricky, at: when, n: 42, none: null });
    const stored = await db.query<{ tags: string[] }>("select tags from t where id = 30");
    expect(stored.rows).toEqual([{ tags: tricky }]);

    // A statement failing with the COMMIT rolls back the whole transaction.
    await expect(
      inOneTx(async (q) => {
        await q.query("insert into t (id, n) values ($1::int, 1)", [31]);
        await q.queryAndCommit("insert into t (id, n) values ($1::int, 1)", [1]);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    // So does a throw after the bundled BEGIN; and nothing may follow the COMMIT.
    await expect(
      inOneTx(async (q) => {
        await q.query("insert into t (id, n) values ($1::int, 1)", [32]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(
      inOneTx(async (q) => {
        await q.queryAndCommit("insert into t (id, n) values ($1::int, 1)", [33]);
        await q.query("insert into t (id, n) values ($1::int, 1)", [34]);
      }),
    ).rejects.toThrow(/nothing may follow/);
    const r = await db.query<{ id: number }>("select id from t where id in (31, 32, 34, 35)");
    expect(r.rows).toEqual([]);
    // A NUL in a value is refused as PostgreSQL refuses it in a parameter (a row error).
    for (const bundleBegin of [true, false]) {
      await expect(
        db.tx(
          async (q) => {
            await q.query("select 1");
            await q.queryAndCommit("insert into t (id, n, tags) values (35, 1, $1::text[])", [["a\u0000b"]]);
          },
          { bundleBegin },
        ),
      ).rejects.toMatchObject({ code: "22021" });
    }
    // The pool is healthy afterwards: every connection answers.
    const ones = await Promise.all(Array.from({ length: 8 }, () => db.query("select 1 as one")));
    expect(ones.map((o) => o.rows[0])).toEqual(Array(8).fill({ one: 1 }));
  });

  it("surfaces PostgreSQL error codes", async () => {
    await expect(db.query("insert into t (id, n) values (1, 1)")).rejects.toMatchObject({ code: "23505" });
  });

  it("applies each migration once, however often it runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mig-"));
    try {
      writeFileSync(join(dir, "001_a.sql"), "create table mig_a (id int); insert into mig_a values (1);");
      writeFileSync(join(dir, "002_b.sql"), "create table mig_b (id int);");
      expect(await migrate(db, dir)).toEqual(["001_a.sql", "002_b.sql"]);
      expect(await migrate(db, dir)).toEqual([]);
      writeFileSync(join(dir, "003_c.sql"), "insert into mig_a values (3);");
      await Promise.all([migrate(db, dir), migrate(db, dir)]);
      const r = await db.query<{ id: number }>("select id from mig_a order by id");
      expect(r.rows).toEqual([{ id: 1 }, { id: 3 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hears a notification of its schema's channel when the transaction commits, not before or on rollback", async () => {
    let heard = 0;
    const stop = await db.listen("ping", () => heard++);
    await db.tx(async (q) => {
      await q.query(NOTIFY_PING);
      await sleep(100);
      expect(heard).toBe(0);
    });
    await waitFor(() => heard === 1, 5_000, "the notification after commit");
    await db
      .tx(async (q) => {
        await q.query(NOTIFY_PING);
        throw new Error("roll back");
      })
      .catch(() => {});
    await db.query("select pg_notify('some_other_schema.ping', '')");
    await sleep(200);
    expect(heard).toBe(1);
    await stop();
    await db.query(NOTIFY_PING);
    await sleep(200);
    expect(heard).toBe(1);
  });
});

describe.runIf(pgUrl)("Db listen on PostgreSQL", () => {
  it("survives losing its listening connection: reconnects, wakes the listener and hears later commits", async () => {
    const fresh = await freshSchemaUrl(pgUrl ?? "");
    const db = createPgDb(fresh.url, 2);
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      let heard = 0;
      await db.listen("ping", () => heard++);
      const schema = (await db.query<{ s: string }>("select current_schema() as s")).rows[0]?.s;
      // As a PostgreSQL restart would: the server ends the listening session.
      const killed = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where query = $1",
        [`listen "${schema}.ping"`],
      );
      expect(killed.rowCount).toBe(1);
      await waitFor(() => heard === 1, 10_000, "the wake-up after reconnecting");
      await db.query(NOTIFY_PING);
      await waitFor(() => heard === 2, 10_000, "a notification on the new connection");
    } finally {
      await admin.end();
      await db.close();
      await fresh.drop();
    }
  });
});
