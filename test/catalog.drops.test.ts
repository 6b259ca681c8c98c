import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
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

const T0 = Date.parse("2030-01-01T12:00:00.000Z");
const MIN = 60_000;

let t: TestApp;
let clock: ManualClock;
let nova: TestUser;
let kai: TestUser;
let fan: TestUser;
let novaProduct: string;

const ids = async (status: string, creator: TestUser) =>
  (await walk(t.app, `/api/drops?status=${status}&creatorId=${creator.id}`, 2)).map((d) => d.id);

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock });
  nova = await registerCreator(t.app);
  kai = await registerCreator(t.app);
  fan = await registerUser(t.app);
  novaProduct = await newProduct(t.app, nova);
});
afterAll(() => t.close());

describe("scheduling drops", () => {
  it("creates a drop with its inventory and shows it with product, price and stock", async () => {
    clock.set(T0);
    const d = await newDrop(t.app, nova, {
      productId: novaProduct,
      startsAt: iso(T0 + MIN),
      endsAt: iso(T0 + 2 * MIN),
      initialStock: 25,
      lowStockThreshold: 5,
      perUserLimit: 2,
      priceOverrideCents: 4200,
    });
    const res = await call(t.app, "GET", `/api/drops/${d.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: "upcoming",
      soldOut: false,
      priceCents: 4200,
      currency: "EUR",
      perUserLimit: 2,
      lowStockThreshold: 5,
      stock: { initial: 25, available: 25, reserved: 0, sold: 0 },
      product: { id: novaProduct, title: "Drop item", priceCents: 5000 },
    });
    const inv = await t.infra.db.query("select * from drop_inventory where drop_id = $1", [d.id]);
    expect(inv.rows[0]).toMatchObject({ initial: 25, available: 25, reserved: 0, sold: 0 });
  });

  it("refuses drops from non-creators and of another creator's product", async () => {
    const body = {
      productId: novaProduct,
      startsAt: iso(T0 + MIN),
      endsAt: iso(T0 + 2 * MIN),
      initialStock: 1,
    };
    const notCreator = await call(t.app, "POST", "/api/drops", { token: fan.token, body });
    expect(notCreator.status).toBe(403);
    expect(notCreator.body.error.code).toBe("FORBIDDEN");
    const other = await call(t.app, "POST", "/api/drops", { token: kai.token, body });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("FORBIDDEN");
  });

  it("refuses edits and cancels of another creator's drop", async () => {
    clock.set(T0);
    const d = await newDrop(t.app, nova, {
      productId: novaProduct,
      startsAt: iso(T0 + MIN),
      endsAt: iso(T0 + 2 * MIN),
    });
    const put = await call(t.app, "PUT", `/api/drops/${d.id}`, {
      token: kai.token,
      body: { initialStock: 1 },
    });
    expect(put.status).toBe(403);
    const cancel = await call(t.app, "POST", `/api/drops/${d.id}/cancel`, { token: kai.token });
    expect(cancel.status).toBe(403);
    expect((await call(t.app, "GET", `/api/drops/${d.id}`)).body.data.status).toBe("upcoming");
  });

  it.each([
    ["an end before the start", { startsAt: iso(T0 + 2 * MIN), endsAt: iso(T0 + MIN) }, "endsAt"],
    ["an end in the past", { startsAt: iso(T0 - 2 * MIN), endsAt: iso(T0 - MIN) }, "endsAt"],
    ["negative stock", { initialStock: -5 }, "initialStock"],
    ["zero stock", { initialStock: 0 }, "initialStock"],
    ["a threshold above the stock", { initialStock: 3, lowStockThreshold: 4 }, "lowStockThreshold"],
    ["a date that is not a date", { startsAt: "tomorrow" }, "startsAt"],
    ["a non-uuid product", { productId: "p-1" }, "productId"],
  ])("rejects %s with a 400 and details", async (_name, over, field) => {
    clock.set(T0);
    const res = await call(t.app, "POST", "/api/drops", {
      token: nova.token,
      body: {
        productId: novaProduct,
        startsAt: iso(T0 + MIN),
        endsAt: iso(T0 + 2 * MIN),
        initialStock: 5,
        ...over,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(JSON.stringify(res.body.error.details)).toContain(field);
  });

  it("answers an unknown product with a 404 naming it", async () => {
    const productId = "0190a8f0-0000-7000-8000-000000000000";
    const res = await call(t.app, "POST", "/api/drops", {
      token: nova.token,
      body: { productId, startsAt: iso(T0 + MIN), endsAt: iso(T0 + 2 * MIN), initialStock: 5 },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.details).toEqual({ productId });
  });

  it("edits a drop only before it starts; new stock rewrites its inventory", async () => {
    clock.set(T0);
    const d = await newDrop(t.app, nova, {
      productId: novaProduct,
      startsAt: iso(T0 + MIN),
      endsAt: iso(T0 + 2 * MIN),
    });
    const put = await call(t.app, "PUT", `/api/drops/${d.id}`, {
      token: nova.token,
      body: { initialStock: 40, endsAt: iso(T0 + 3 * MIN) },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const after = (await call(t.app, "GET", `/api/drops/${d.id}`)).body.data;
    expect(after.stock).toEqual({ initial: 40, available: 40, reserved: 0, sold: 0 });
    expect(after.endsAt).toBe(iso(T0 + 3 * MIN));
    const bad = await call(t.app, "PUT", `/api/drops/${d.id}`, {
      token: nova.token,
      body: { endsAt: iso(T0 + 30_000) },
    });
    expect(bad.status).toBe(400);
    clock.set(T0 + MIN);
    const late = await call(t.app, "PUT", `/api/drops/${d.id}`, {
      token: nova.token,
      body: { initialStock: 1 },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("DROP_NOT_EDITABLE");
  });

  it("cancels an upcoming drop out of every list, and ends a live one now", async () => {
    clock.set(T0);
    const c = await registerCreator(t.app);
    const p = await newProduct(t.app, c);
    const up = await newDrop(t.app, c, { productId: p, startsAt: iso(T0 + MIN), endsAt: iso(T0 + 2 * MIN) });
    const live = await newDrop(t.app, c, { productId: p, startsAt: iso(T0 - MIN), endsAt: iso(T0 + MIN) });
    expect(await ids("upcoming", c)).toEqual([up.id]);
    expect(await ids("live", c)).toEqual([live.id]);

    const cancelled = await call(t.app, "POST", `/api/drops/${up.id}/cancel`, { token: c.token });
    expect(cancelled.body.data).toMatchObject({ status: "cancelled", cancelledAt: iso(T0) });
    const ended = await call(t.app, "POST", `/api/drops/${live.id}/cancel`, { token: c.token });
    expect(ended.body.data).toMatchObject({ status: "ended", endsAt: iso(T0), cancelledAt: null });

    expect(await ids("upcoming", c)).toEqual([]);
    expect(await ids("live", c)).toEqual([]);
    expect(await ids("ended", c)).toEqual([live.id]);
    const again = await call(t.app, "POST", `/api/drops/${up.id}/cancel`, { token: c.token });
    expect(again.status).toBe(409);
    const edit = await call(t.app, "PUT", `/api/drops/${up.id}`, {
      token: c.token,
      body: { initialStock: 2 },
    });
    expect(edit.body.error.code).toBe("DROP_NOT_EDITABLE");
  });
  it("keeps a product with a drop to come; once deleted, it cannot get a new drop", async () => {
    clock.set(T0);
    const p = await newProduct(t.app, nova);
    const d = await newDrop(t.app, nova, {
      productId: p,
      startsAt: iso(T0 + MIN),
      endsAt: iso(T0 + 2 * MIN),
    });
    const refused = await call(t.app, "DELETE", `/api/products/${p}`, { token: nova.token });
    expect(refused.status).toBe(409);
    expect((await call(t.app, "GET", `/api/products/${p}`)).status).toBe(200);
    await call(t.app, "POST", `/api/drops/${d.id}/cancel`, { token: nova.token });
    expect((await call(t.app, "DELETE", `/api/products/${p}`, { token: nova.token })).status).toBe(200);
    const late = await call(t.app, "POST", "/api/drops", {
      token: nova.token,
      body: { productId: p, startsAt: iso(T0 + MIN), endsAt: iso(T0 + 2 * MIN), initialStock: 1 },
    });
    expect(late.status).toBe(404);
    expect(late.body.error.details).toEqual({ productId: p });
  });
});

describe("drop events", () => {
  it("writes drop.scheduled with the drop, and drop.cancelled only for an upcoming drop, in the outbox", async () => {
    clock.set(T0);
    const d = await newDrop(t.app, nova, {
      productId: novaProduct,
      startsAt: iso(T0 + 10 * MIN),
      endsAt: iso(T0 + 20 * MIN),
    });
    const live = await newDrop(t.app, nova, {
      productId: novaProduct,
      startsAt: iso(T0 + MIN),
      endsAt: iso(T0 + 30 * MIN),
    });
    const events = async (id: string) =>
      (
        await t.infra.db.query<{ type: string; payload: Record<string, string> }>(
          "select type, payload from outbox_events where aggregate_id = $1 order by seq",
          [id],
        )
      ).rows;
    expect(await events(d.id)).toEqual([
      {
        type: "drop.scheduled",
        payload: {
          dropId: d.id,
          creatorId: nova.id,
          productId: novaProduct,
          startsAt: iso(T0 + 10 * MIN),
          endsAt: iso(T0 + 20 * MIN),
        },
      },
    ]);
    expect((await call(t.app, "POST", `/api/drops/${d.id}/cancel`, { token: nova.token })).status).toBe(200);
    expect((await events(d.id)).map((e) => e.type)).toEqual(["drop.scheduled", "drop.cancelled"]);
    expect((await events(d.id))[1]?.payload.cancelledAt).toBe(iso(T0));
    clock.set(T0 + 2 * MIN);
    expect((await call(t.app, "POST", `/api/drops/${live.id}/cancel`, { token: nova.token })).status).toBe(
      200,
    );
    expect((await events(live.id)).map((e) => e.type)).toEqual(["drop.scheduled"]);
  });
});
