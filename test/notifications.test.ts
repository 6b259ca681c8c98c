import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/worker.js";
import {
  call,
  iso,
  newDrop,
  newProduct,
  registerCreator,
  registerUser,
  type TestUser,
  walk,
} from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

// Creators with 3 or more followers get fan-out on read (merged into inboxes when read).
let t: TestApp;
let worker: { stop(): Promise<void> };
beforeAll(async () => {
  t = await createTestApp({ env: { FANOUT_THRESHOLD: "3" } });
  worker = await startWorker(t.infra, t.services);
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});

const send = (userId: string, type: string, payload: Record<string, unknown> = {}, token?: string) =>
  call(t.app, "POST", "/internal/notifications/send", {
    token: token ?? t.config.internalToken,
    body: { userId, type, payload },
  });
const inbox = (u: TestUser, query = "") =>
  call(t.app, "GET", `/api/users/${u.id}/notifications${query}`, { token: u.token });
const unread = async (u: TestUser) =>
  (await call(t.app, "GET", `/api/users/${u.id}/notifications/unread-count`, { token: u.token })).body.data
    .unread;

async function creatorWithFollowers(n: number) {
  const creator = await registerCreator(t.app);
  const followers: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    const u = await registerUser(t.app);
    expect((await call(t.app, "PUT", `/api/creators/${creator.id}/follow`, { token: u.token })).status).toBe(
      200,
    );
    followers.push(u);
  }
  const productId = await newProduct(t.app, creator, { title: "Hoodie", priceCents: 5000, currency: "USD" });
  return { creator, followers, productId };
}

/** A drop that has already started: the scheduler fires `drop.started` on its next scan. */
async function startedDrop(creator: TestUser, productId: string): Promise<string> {
  const now = Date.now();
  const d = await newDrop(t.app, creator, {
    productId,
    startsAt: iso(now - 1_000),
    endsAt: iso(now + 3_600_000),
    initialStock: 10,
  });
  return d.id;
}

const startedIn = async (u: TestUser, dropId: string) =>
  (await walk(t.app, `/api/users/${u.id}/notifications`, 100, u.token)).filter(
    (n) => n.type === "drop.started" && n.data.dropId === dropId,
  );

describe("inbox privacy and the internal API", () => {
  it("only the owner reads or changes an inbox", async () => {
    const me = await registerUser(t.app);
    const them = await registerUser(t.app);
    expect((await send(them.id, "note.secret")).status).toBe(201);
    const theirs = (await inbox(them)).body.data.items[0];

    expect(
      (await call(t.app, "GET", `/api/users/${them.id}/notifications`, { token: me.token })).status,
    ).toBe(403);
    expect((await call(t.app, "GET", `/api/users/${them.id}/notifications`)).status).toBe(401);
    const count = await call(t.app, "GET", `/api/users/${them.id}/notifications/unread-count`, {
      token: me.token,
    });
    expect(count.status).toBe(403);
    const all = await call(t.app, "PUT", `/api/users/${them.id}/notifications/read-all`, { token: me.token });
    expect(all.status).toBe(403);
    const one = await call(t.app, "PUT", `/api/notifications/${theirs.id}/read`, { token: me.token });
    expect(one.status).toBe(404);
    expect((await inbox(them)).body.data.items[0].read).toBe(false);
  });

  it("POST /internal/notifications/send takes the service token, never a user token", async () => {
    const u = await registerUser(t.app);
    expect((await send(u.id, "note.x", {}, u.token)).status).toBe(403);
    expect(
      (await call(t.app, "POST", "/internal/notifications/send", { body: { userId: u.id, type: "a" } }))
        .status,
    ).toBe(401);
    expect((await send(crypto.randomUUID(), "note.x")).status).toBe(404);
    expect((await send(u.id, "Not A Type")).status).toBe(400);
    // The catalogue's namespaces are the platform's: a direct "order.confirmed" would be taken for one.
    const spoof = await send(u.id, "order.confirmed", { orderId: "x" });
    expect([spoof.status, spoof.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    const ok = await send(u.id, "promo.sale", { pct: 20 });
    expect(ok.status).toBe(201);
    const [item] = (await inbox(u)).body.data.items;
    expect(item).toMatchObject({ eventId: ok.body.data.eventId, type: "promo.sale", read: false });
    expect(item.data.pct).toBe(20);
  });
});

describe("inbox pages and read state", () => {
  it("walks every item once, newest first; unread filter, mark read and mark all read", async () => {
    const u = await registerUser(t.app);
    for (let i = 0; i < 25; i++) expect((await send(u.id, "note.n", { i })).status).toBe(201);
    const items = await walk(t.app, `/api/users/${u.id}/notifications`, 10, u.token);
    expect(items.map((x) => x.data.i)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    expect(await unread(u)).toBe(25);

    for (const x of items.slice(0, 5)) {
      const r = await call(t.app, "PUT", `/api/notifications/${x.id}/read`, { token: u.token });
      expect(r.status).toBe(200);
    }
    expect(await unread(u)).toBe(20);
    const unreadItems = await walk(t.app, `/api/users/${u.id}/notifications?unread=true`, 7, u.token);
    expect(unreadItems.map((x) => x.data.i)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));

    const all = await call(t.app, "PUT", `/api/users/${u.id}/notifications/read-all`, { token: u.token });
    expect(all.status).toBe(200);
    expect(await unread(u)).toBe(0);
    expect((await inbox(u, "?unread=true")).body.data.items).toHaveLength(0);
    expect((await inbox(u, "?after=bad")).status).toBe(400);
  });
});

describe("hybrid fan-out", () => {
  it("writes one inbox row per follower below the threshold", async () => {
    const { creator, followers, productId } = await creatorWithFollowers(2);
    const dropId = await startedDrop(creator, productId);
    for (const f of followers)
      await waitFor(async () => (await startedIn(f, dropId)).length === 1, 5_000, "inbox");
    const rows = await t.infra.db.query<{ n: number }>(
      "select count(*)::int as n from notifications where type = 'drop.started' and payload->>'dropId' = $1",
      [dropId],
    );
    expect(rows.rows[0]?.n).toBe(2);
  });

  it("stores one feed row above the threshold and merges it into each follower's inbox", async () => {
    const { creator, followers, productId } = await creatorWithFollowers(3);
    const [a, b] = followers as [TestUser, TestUser];
    await send(a.id, "note.before");
    const dropId = await startedDrop(creator, productId);
    for (const f of followers)
      await waitFor(async () => (await startedIn(f, dropId)).length === 1, 5_000, "inbox");
    const fanned = await t.infra.db.query<{ n: number }>(
      "select count(*)::int as n from notifications where payload->>'dropId' = $1",
      [dropId],
    );
    expect(fanned.rows[0]?.n).toBe(0);
    const feed = await t.infra.db.query<{ n: number }>(
      "select count(*)::int as n from creator_feed where payload->>'dropId' = $1 and type = 'drop.started'",
      [dropId],
    );
    expect(feed.rows[0]?.n).toBe(1);

    // Read state of a merged item is per follower.
    const [item] = await startedIn(a, dropId);
    const before = await unread(a);
    expect((await call(t.app, "PUT", `/api/notifications/${item.id}/read`, { token: a.token })).status).toBe(
      200,
    );
    expect(await unread(a)).toBe(before - 1);
    expect((await startedIn(a, dropId))[0].read).toBe(true);
    expect((await startedIn(b, dropId))[0].read).toBe(false);

    // Someone who follows afterwards does not get the old event, and cannot mark it.
    const late = await registerUser(t.app);
    await call(t.app, "PUT", `/api/creators/${creator.id}/follow`, { token: late.token });
    expect(await startedIn(late, dropId)).toHaveLength(0);
    expect(
      (await call(t.app, "PUT", `/api/notifications/${item.id}/read`, { token: late.token })).status,
    ).toBe(404);

    // Mark all read covers merged items too.
    await call(t.app, "PUT", `/api/users/${b.id}/notifications/read-all`, { token: b.token });
    expect(await unread(b)).toBe(0);
  });

  it("pages deterministically over own rows merged with several feed events", async () => {
    const { creator, followers, productId } = await creatorWithFollowers(3);
    const u = followers[0] as TestUser;
    const drops: string[] = [];
    for (let round = 0; round < 3; round++) {
      await send(u.id, "note.n", { round });
      await send(u.id, "note.n", { round });
      const dropId = await startedDrop(creator, productId);
      await waitFor(async () => (await startedIn(u, dropId)).length === 1, 5_000, "feed item");
      drops.push(dropId);
    }
    const whole = (await inbox(u, "?limit=100")).body.data.items;
    // Six own notes, and per drop its drop.scheduled and drop.started from the creator's feed.
    expect(whole).toHaveLength(12);
    for (const limit of [1, 2, 4]) {
      const paged = await walk(t.app, `/api/users/${u.id}/notifications`, limit, u.token);
      expect(paged.map((x) => x.id)).toEqual(whole.map((x: any) => x.id));
    }
    const times = whole.map((x: any) => Date.parse(x.createdAt));
    expect([...times].sort((p, q) => q - p)).toEqual(times);
    expect(
      whole
        .filter((x: any) => x.type === "drop.started")
        .map((x: any) => x.data.dropId)
        .reverse(),
    ).toEqual(drops);
  });

  it("a redelivered event changes nothing", async () => {
    const { creator, followers, productId } = await creatorWithFollowers(1);
    const dropId = await startedDrop(creator, productId);
    const f = followers[0] as TestUser;
    await waitFor(async () => (await startedIn(f, dropId)).length === 1, 5_000, "inbox");
    const ev = await t.infra.db.query<any>(
      "select id, seq, type, aggregate_id, payload, created_at from outbox_events where type = 'drop.started' and aggregate_id = $1",
      [dropId],
    );
    const row = ev.rows[0];
    const event = {
      id: row.id,
      seq: Number(row.seq),
      type: row.type,
      aggregateId: row.aggregate_id,
      payload: row.payload,
      createdAt: new Date(row.created_at).toISOString(),
    };
    await t.services.notifications.deliver(event);
    await t.services.notifications.deliver(event);
    expect(await startedIn(f, dropId)).toHaveLength(1);
  });
});
