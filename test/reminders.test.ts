import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toEvent } from "../src/infra/outbox/index.js";
import { ManualClock } from "../src/shared/clock.js";
import {
  call,
  insertDrop,
  iso,
  newDrop,
  newProduct,
  registerCreator,
  registerUser,
  type TestUser,
} from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

const MIN = 60_000;
const LEAD = 10 * MIN; // REMINDER_LEAD_MS's default

describe("drop reminders", () => {
  const clock = new ManualClock(Date.parse("2030-01-01T10:00:00.000Z"));
  let t: TestApp;
  let creator: TestUser;
  let productId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    creator = await registerCreator(t.app);
    productId = await newProduct(t.app, creator, { title: "Jacket", priceCents: 9000, currency: "EUR" });
  });
  afterAll(() => t.close());

  const upcoming = async (inMs: number) => {
    const startsAt = clock.now().getTime() + inMs;
    const d = await newDrop(t.app, creator, {
      productId,
      startsAt: iso(startsAt),
      endsAt: iso(startsAt + 60 * MIN),
    });
    return { id: d.id as string, startsAt };
  };
  const reminder = (u: TestUser, dropId: string, method: "PUT" | "DELETE" | "GET") =>
    call(t.app, method, `/api/drops/${dropId}/reminder`, { token: u.token });
  const fired = async (dropId: string) =>
    (
      await t.infra.db.query<{
        seq: string;
        id: string;
        type: string;
        aggregate_id: string;
        payload: any;
        created_at: Date;
      }>("select * from outbox_events where type = 'drop.reminder' and aggregate_id = $1 order by seq", [
        dropId,
      ])
    ).rows;

  it("is per user: idempotent, read back only by its owner, 404 for an unknown drop", async () => {
    const d = await upcoming(60 * MIN);
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    for (let i = 0; i < 2; i++) {
      const r = await reminder(a, d.id, "PUT");
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ dropId: d.id, reminder: true });
    }
    expect((await reminder(a, d.id, "GET")).body.data.reminder).toBe(true);
    expect((await reminder(b, d.id, "GET")).body.data.reminder).toBe(false);
    expect((await call(t.app, "GET", `/api/drops/${d.id}/reminder`)).status).toBe(401);
    const unknown = randomUUID();
    for (const m of ["PUT", "DELETE", "GET"] as const) {
      expect((await reminder(a, unknown, m)).status).toBe(404);
    }
    // b cancelling does nothing to a's reminder
    expect((await reminder(b, d.id, "DELETE")).body.data.reminder).toBe(false);
    expect((await reminder(a, d.id, "GET")).body.data.reminder).toBe(true);
  });

  it("a deleted account's reminders go with it", async () => {
    const d = await upcoming(60 * MIN);
    const a = await registerUser(t.app);
    await reminder(a, d.id, "PUT");
    expect((await call(t.app, "DELETE", `/api/users/${a.id}`, { token: a.token })).status).toBe(200);
    const left = await t.infra.db.query("select 1 from drop_reminders where user_id = $1", [a.id]);
    expect(left.rows).toEqual([]);
  });

  it("is refused for a drop that has ended or was cancelled", async () => {
    const a = await registerUser(t.app);
    const ended = await insertDrop(t.infra.db, {
      creatorId: creator.id,
      stock: 1,
      startsAt: new Date(clock.now().getTime() - 120 * MIN),
      endsAt: new Date(clock.now().getTime() - 60 * MIN),
    });
    const r = await reminder(a, ended.dropId, "PUT");
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("INVALID_STATE");
    const d = await upcoming(60 * MIN);
    expect((await call(t.app, "POST", `/api/drops/${d.id}/cancel`, { token: creator.token })).status).toBe(
      200,
    );
    expect((await reminder(a, d.id, "PUT")).status).toBe(409);
  });

  it("fires drop.reminder once, shortly before the start, even with two workers; a cancelled one never", async () => {
    const d = await upcoming(60 * MIN);
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    expect((await reminder(a, d.id, "PUT")).status).toBe(200);
    expect((await reminder(b, d.id, "PUT")).status).toBe(200);
    expect((await reminder(b, d.id, "DELETE")).body.data.reminder).toBe(false);
    const workers = [t.services.reminders.workerJob(1_000), t.services.reminders.workerJob(1_000)];
    const runAll = async () => (await Promise.all(workers.map((w) => w.runDue()))).reduce((x, y) => x + y, 0);

    // Other tests' drops share these times: count this drop's events, not what a run fired.
    clock.set(d.startsAt - LEAD - 1);
    await runAll();
    expect(await fired(d.id)).toHaveLength(0);
    clock.set(d.startsAt - LEAD);
    expect(await runAll()).toBeGreaterThanOrEqual(1);
    await runAll();
    clock.set(d.startsAt + 1);
    await runAll();
    const events = await fired(d.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ userId: a.id, dropId: d.id, creatorId: creator.id });
    expect(Date.parse(events[0]?.payload.startsAt)).toBe(d.startsAt);

    // Routed like a direct notification: into a's inbox only.
    for (const row of events) await t.services.notifications.deliver(toEvent(row));
    const inbox = async (u: TestUser) =>
      (
        await call(t.app, "GET", `/api/users/${u.id}/notifications`, { token: u.token })
      ).body.data.items.filter((n: { type: string }) => n.type === "drop.reminder");
    expect(await inbox(a)).toHaveLength(1);
    expect(await inbox(b)).toHaveLength(0);
  });

  it("fires each of many reminders exactly once while several workers race", async () => {
    const d = await upcoming(30 * MIN);
    await t.infra.db.query(
      `insert into drop_reminders (drop_id, user_id, created_at)
       select $1, gen_random_uuid(), $2 from generate_series(1, 300)`,
      [d.id, clock.now()],
    );
    clock.set(d.startsAt - LEAD + 1);
    await Promise.all([1, 2, 3].map(() => t.services.reminders.workerJob(1_000).runDue()));
    const events = await fired(d.id);
    expect(events).toHaveLength(300);
    expect(new Set(events.map((e) => e.payload.userId)).size).toBe(300);
  });

  it("asked for within the lead, it fires at once; GraphQL shares the rules", async () => {
    const d = await upcoming(2 * MIN);
    const a = await registerUser(t.app);
    const gql = (query: string) => call(t.app, "POST", "/graphql", { token: a.token, body: { query } });
    const set = await gql(`mutation { remindMe(dropId: "${d.id}") { dropId reminder } }`);
    expect(set.body.data.remindMe).toEqual({ dropId: d.id, reminder: true });
    expect(
      (await gql(`{ dropReminder(dropId: "${d.id}") { reminder } }`)).body.data.dropReminder.reminder,
    ).toBe(true);
    const bad = await gql(`mutation { remindMe(dropId: "not-a-uuid") { reminder } }`);
    expect(bad.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const missing = await gql(`mutation { remindMe(dropId: "${randomUUID()}") { reminder } }`);
    expect(missing.body.errors[0].extensions.code).toBe("NOT_FOUND");
    expect(await t.services.reminders.workerJob(1_000).runDue()).toBeGreaterThanOrEqual(1);
    expect(await fired(d.id)).toHaveLength(1);

    const later = await upcoming(60 * MIN);
    await gql(`mutation { remindMe(dropId: "${later.id}") { reminder } }`);
    const off = await gql(`mutation { cancelReminder(dropId: "${later.id}") { dropId reminder } }`);
    expect(off.body.data.cancelReminder).toEqual({ dropId: later.id, reminder: false });
    clock.set(later.startsAt - LEAD);
    await t.services.reminders.workerJob(1_000).runDue();
    expect(await fired(later.id)).toHaveLength(0);
  });
});
