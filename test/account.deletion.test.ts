import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../src/modules/orders/invariants.js";
import type { Job } from "../src/worker.js";
import { call, insertCreator, insertDrop, insertUsers, registerCreator, tokensFor } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

/**
 * Deleting a celebrity: tens of thousands of follows go in one statement with exact counts,
 * and the creator's drops end with the account (upcoming cancelled with drop.cancelled, a
 * live one ended now and announced by the scheduler), stock and orders still reconciling.
 */
const FOLLOWERS = 20_000;
let t: TestApp;
let jobs: Job[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const { workerJobs } = await import("../src/worker.js");
  jobs = workerJobs(t.infra, t.services); // the scheduler announces the cut-short drop's end
  for (const j of jobs) await j.start();
}, 60_000);
afterAll(async () => {
  for (const j of jobs.reverse()) await j.stop();
  await t.close();
});

const followingOf = async (ids: string[]) => {
  const r = await t.infra.db.query<{ n: string }>(
    "select coalesce(sum(n), 0)::bigint as n from follow_counters where owner_id = any($1::uuid[]) and kind = 2",
    [ids],
  );
  return Number(r.rows[0]?.n);
};

describe("deleting a celebrity's account", () => {
  it("removes 20,000 follows with exact counts, ends its drops, and keeps every invariant", async () => {
    const db = t.infra.db;
    const star = await registerCreator(t.app);
    const other = await insertCreator(db);
    const fans = await insertUsers(db, FOLLOWERS);
    // Every fan follows the star and another creator; the star follows the other creator too.
    await db.query(
      `insert into follows (user_id, creator_id, created_at)
       select id, c, date_trunc('milliseconds', now()) from unnest($1::uuid[]) as t(id), unnest($2::uuid[]) as c`,
      [fans, [star.id, other]],
    );
    await db.query(
      `insert into follow_counters (owner_id, kind, slot, n) values ($1, 1, 0, $3), ($2, 1, 0, $3)`,
      [star.id, other, FOLLOWERS],
    );
    await db.query(
      "insert into follow_counters (owner_id, kind, slot, n) select id, 2, 0, 2 from unnest($1::uuid[]) as t(id)",
      [fans],
    );
    expect((await call(t.app, "PUT", `/api/creators/${other}/follow`, { token: star.token })).status).toBe(
      200,
    );
    expect(await t.services.follows.counts(other)).toEqual({ followers: FOLLOWERS + 1, following: 0 });
    expect(await t.services.follows.counts(star.id)).toEqual({ followers: FOLLOWERS, following: 1 });

    // Its drops: one upcoming, one live with a held reservation and a paid order, one over.
    const now = Date.now();
    const upcoming = await insertDrop(db, {
      creatorId: star.id,
      stock: 10,
      startsAt: new Date(now + 3_600_000),
      endsAt: new Date(now + 7_200_000),
    });
    const live = await insertDrop(db, { creatorId: star.id, stock: 10 });
    const past = await insertDrop(db, {
      creatorId: star.id,
      stock: 10,
      startsAt: new Date(now - 7_200_000),
      endsAt: new Date(now - 3_600_000),
    });
    const [buyerToken] = tokensFor(t.config.jwtSecret, [fans[0] as string]);
    const paid = await call(t.app, "POST", "/api/orders", {
      token: buyerToken,
      body: { dropId: live.dropId, quantity: 2, paymentMethodId: "pm_card_ok" },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(paid.status).toBe(201);
    const held = await call(t.app, "POST", "/internal/inventory/reserve", {
      token: t.config.internalToken,
      body: { dropId: live.dropId, userId: fans[1], quantity: 1 },
    });
    expect(held.status).toBe(201);

    const started = performance.now();
    const del = await call(t.app, "DELETE", `/api/users/${star.id}`, { token: star.token });
    const took = performance.now() - started;
    expect(del.status).toBe(200);
    expect(took).toBeLessThan(5_000); // one statement per kind; row by row takes far longer

    // Follows and counts: none by or of the star; every fan down to one; the other creator down by one.
    const left = await db.query<{ n: string }>(
      "select count(*)::bigint as n from follows where user_id = $1 or creator_id = $1",
      [star.id],
    );
    expect(Number(left.rows[0]?.n)).toBe(0);
    expect(await t.services.follows.counts(star.id)).toEqual({ followers: 0, following: 0 });
    expect(await t.services.follows.counts(other)).toEqual({ followers: FOLLOWERS, following: 0 });
    expect(await followingOf(fans)).toBe(FOLLOWERS);
    expect(await t.services.follows.counts(fans[123] as string)).toEqual({ followers: 0, following: 1 });
    const stillFollowing = await db.query<{ n: string }>(
      "select count(*)::bigint as n from follows where creator_id = $1",
      [other],
    );
    expect(Number(stillFollowing.rows[0]?.n)).toBe(FOLLOWERS);

    // Drops: the upcoming one cancelled, the live one over, the past one untouched.
    const status = async (id: string) => (await call(t.app, "GET", `/api/drops/${id}`)).body.data.status;
    expect(await status(upcoming.dropId)).toBe("cancelled");
    expect(await status(live.dropId)).toBe("ended");
    expect(await status(past.dropId)).toBe("ended");
    const pastRow = await db.query<{ updated_at: Date; created_at: Date }>(
      "select updated_at, created_at from drops where id = $1",
      [past.dropId],
    );
    expect(pastRow.rows[0]?.updated_at.getTime()).toBe(pastRow.rows[0]?.created_at.getTime());
    // Buyers and followers hear of it: drop.cancelled now, drop.ended from the scheduler.
    const events = async (type: string, id: string) =>
      (await db.query("select 1 from outbox_events where type = $1 and aggregate_id = $2", [type, id]))
        .rowCount;
    expect(await events("drop.cancelled", upcoming.dropId)).toBe(1);
    await waitFor(
      async () => (await events("drop.ended", live.dropId)) === 1,
      10_000,
      "drop.ended of the live drop",
    );
    expect(await events("account.revoked", star.id)).toBe(1);
    // No more orders on it (once the orders module's one-second cache of drop terms has
    // turned over, as after any drop's end); the held reservation stays until paid or
    // expired, as on any drop that ends.
    await new Promise((r) => setTimeout(r, 1_100));
    const late = await call(t.app, "POST", "/api/orders", {
      token: tokensFor(t.config.jwtSecret, [fans[2] as string])[0],
      body: { dropId: live.dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("DROP_NOT_LIVE");
    const report = await checkInvariants(db);
    expect(report.problems).toEqual([]);
    const inv = await db.query<{ available: number; reserved: number; sold: number }>(
      "select available, reserved, sold from drop_inventory where drop_id = $1",
      [live.dropId],
    );
    expect(inv.rows[0]).toEqual({ available: 7, reserved: 1, sold: 2 });
  }, 120_000);
});
