import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, iso, newDrop, newProduct, registerCreator, type TestUser, walk } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

const T0 = Date.parse("2030-01-01T12:00:00.000Z");
const MIN = 60_000;

let t: TestApp;
let clock: ManualClock;

const ids = async (status: string, creator: TestUser) =>
  (await walk(t.app, `/api/drops?status=${status}&creatorId=${creator.id}`, 2)).map((d) => d.id);

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

describe("browsing drops by status", () => {
  it("moves a drop from upcoming to live to ended at exactly its times, with no write", async () => {
    clock.set(T0);
    const c = await registerCreator(t.app);
    const p = await newProduct(t.app, c);
    const start = T0 + 10 * MIN;
    const end = T0 + 20 * MIN;
    const d = await newDrop(t.app, c, { productId: p, startsAt: iso(start), endsAt: iso(end) });
    const where = async () => ({
      upcoming: await ids("upcoming", c),
      live: await ids("live", c),
      ended: await ids("ended", c),
      detail: (await call(t.app, "GET", `/api/drops/${d.id}`)).body.data.status,
    });
    expect(await where()).toEqual({ upcoming: [d.id], live: [], ended: [], detail: "upcoming" });
    // Read (and cache) half a second before the start: the cached answers must not outlive it.
    clock.set(start - 500);
    expect(await where()).toEqual({ upcoming: [d.id], live: [], ended: [], detail: "upcoming" });
    clock.set(start - 1);
    expect(await where()).toEqual({ upcoming: [d.id], live: [], ended: [], detail: "upcoming" });
    clock.set(start);
    expect(await where()).toEqual({ upcoming: [], live: [d.id], ended: [], detail: "live" });
    clock.set(end - 1);
    expect(await where()).toEqual({ upcoming: [], live: [d.id], ended: [], detail: "live" });
    clock.set(end);
    expect(await where()).toEqual({ upcoming: [], live: [], ended: [d.id], detail: "ended" });
  });

  it("orders each list: upcoming by soonest start, live by soonest end, ended by latest end", async () => {
    clock.set(T0);
    const c = await registerCreator(t.app);
    const p = await newProduct(t.app, c);
    const mk = (s: number, e: number) =>
      newDrop(t.app, c, { productId: p, startsAt: iso(T0 + s), endsAt: iso(T0 + e) });
    const u2 = await mk(3 * MIN, 9 * MIN);
    const u1 = await mk(2 * MIN, 9 * MIN);
    const l2 = await mk(-MIN, 5 * MIN);
    const l1 = await mk(-MIN, 4 * MIN);
    clock.set(T0 - 10 * MIN); // ended drops are scheduled while they are still to come
    const e1 = await mk(-9 * MIN, -5 * MIN);
    const e2 = await mk(-9 * MIN, -2 * MIN);
    clock.set(T0);
    expect(await ids("upcoming", c)).toEqual([u1.id, u2.id]);
    expect(await ids("live", c)).toEqual([l1.id, l2.id]);
    expect(await ids("ended", c)).toEqual([e2.id, e1.id]);
  });

  it("binds a cursor to its status and rejects tampered ones", async () => {
    clock.set(T0);
    const c = await registerCreator(t.app);
    const p = await newProduct(t.app, c);
    for (let i = 1; i <= 3; i++)
      await newDrop(t.app, c, { productId: p, startsAt: iso(T0 - MIN), endsAt: iso(T0 + i * MIN) });
    const page = await call(t.app, "GET", `/api/drops?status=live&creatorId=${c.id}&limit=1`);
    const cursor = page.body.data.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    const wrong = await call(t.app, "GET", `/api/drops?status=upcoming&after=${cursor}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toMatchObject({ expected: "upcoming", got: "live" });
    for (const bad of ["%%%", "bm90LWpzb24", Buffer.from('["live","x","y"]').toString("base64url")]) {
      const res = await call(t.app, "GET", `/api/drops?status=live&after=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
    expect((await call(t.app, "GET", "/api/drops?status=soon")).status).toBe(400);
    expect((await call(t.app, "GET", "/api/drops/123")).status).toBe(400);
  });

  it("walks a list while drops are created: no duplicates, nothing that existed is skipped", async () => {
    clock.set(T0);
    const c = await registerCreator(t.app);
    const p = await newProduct(t.app, c);
    const existing: string[] = [];
    for (let i = 0; i < 24; i++) {
      const d = await newDrop(t.app, c, {
        productId: p,
        startsAt: iso(T0 + (i % 6) * MIN + MIN),
        endsAt: iso(T0 + 60 * MIN),
      });
      existing.push(d.id);
    }
    // Same start times as the existing drops, so new rows land before, between and after the cursor.
    const creating = (async () => {
      for (let i = 0; i < 24; i++) {
        await newDrop(t.app, c, {
          productId: p,
          startsAt: iso(T0 + (i % 7) * MIN + MIN),
          endsAt: iso(T0 + 60 * MIN),
        });
      }
    })();
    const seen: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await call(
        t.app,
        "GET",
        `/api/drops?status=upcoming&creatorId=${c.id}&limit=3${after ? `&after=${after}` : ""}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data.items);
      if (!res.body.data.pageInfo.hasNextPage) break;
      after = res.body.data.pageInfo.endCursor;
      await new Promise((r) => setTimeout(r, 5));
    }
    await creating;
    const seenIds = seen.map((d) => d.id);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    for (const id of existing) expect(seenIds).toContain(id);
    const keys = seen.map((d) => `${d.startsAt}|${d.id}`);
    expect(keys).toEqual([...keys].sort());
  });
});
