import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, insertDrop, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
let creator: TestUser;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: { RESERVATION_TTL_MS: "60000", LOG_LEVEL: process.env.DEBUG_LOG ?? "silent" },
  });
  creator = await registerCreator(t.app);
});
afterAll(() => t.close());

const order = (user: TestUser, body: Record<string, unknown>) =>
  call(t.app, "POST", "/api/orders", {
    token: user.token,
    body,
    headers: { "idempotency-key": randomUUID() },
  });
const drop = (stock: number, perUserLimit?: number) =>
  insertDrop(t.infra.db, { creatorId: creator.id, stock, perUserLimit, now: clock.now() });
const stockOf = async (dropId: string) =>
  (
    await t.infra.db.query(
      "select available, reserved, sold, initial from drop_inventory where drop_id = $1",
      [dropId],
    )
  ).rows[0];
const expectInvariants = async () => expect((await t.services.orders.checkInvariants()).problems).toEqual([]);

describe("privacy", () => {
  it("hides other users' orders and payments (404) and order lists (403)", async () => {
    const [alice, bob] = [await registerUser(t.app), await registerUser(t.app)];
    const { dropId } = await drop(5);
    const placed = await order(alice, { dropId, quantity: 1, paymentMethodId: "pm_card_ok" });
    const { order: o, payment } = placed.body.data;
    expect((await call(t.app, "GET", `/api/orders/${o.id}`, { token: alice.token })).status).toBe(200);
    expect((await call(t.app, "GET", `/api/orders/${o.id}`, { token: bob.token })).status).toBe(404);
    expect((await call(t.app, "GET", `/api/payments/${payment.id}`, { token: bob.token })).status).toBe(404);
    expect((await call(t.app, "PUT", `/api/orders/${o.id}/cancel`, { token: bob.token })).status).toBe(404);
    expect((await call(t.app, "GET", `/api/users/${alice.id}/orders`, { token: bob.token })).status).toBe(
      403,
    );
    expect((await call(t.app, "GET", `/api/orders/${o.id}`)).status).toBe(401);
    const pay = await call(t.app, "POST", "/api/payments", {
      token: bob.token,
      body: { orderId: o.id, method: "pm_card_ok" },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(pay.status).toBe(404);
    expect((await call(t.app, "GET", `/api/orders/${o.id}`, { token: alice.token })).body.data.status).toBe(
      "confirmed",
    );
  });

  it("lists a user's own orders newest first across pages", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(20);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      ids.push((await order(buyer, { dropId, quantity: 1 })).body.data.order.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const q: string = `?limit=2${after ? `&after=${after}` : ""}`;
      const res = await call(t.app, "GET", `/api/users/${buyer.id}/orders${q}`, { token: buyer.token });
      seen.push(...res.body.data.items.map((x: { id: string }) => x.id));
      if (!res.body.data.pageInfo.hasNextPage) break;
      after = res.body.data.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids.reverse());
  });
});

describe("cancelling", () => {
  it("cancels a pending order and releases its stock; a second cancel is a 409", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(3, 2);
    const placed = await order(buyer, { dropId, quantity: 2 });
    const id = placed.body.data.order.id;
    const res = await call(t.app, "PUT", `/api/orders/${id}/cancel`, { token: buyer.token });
    expect(res.status).toBe(200);
    expect(res.body.data.order.status).toBe("cancelled");
    expect(res.body.data.stock).toEqual({ available: 3, reserved: 0, sold: 0, initial: 3 });
    expect((await call(t.app, "PUT", `/api/orders/${id}/cancel`, { token: buyer.token })).status).toBe(409);
    // The limit counts only live orders again.
    expect((await order(buyer, { dropId, quantity: 2 })).status).toBe(201);
    await expectInvariants();
  });

  it("refunds a confirmed order and returns its stock; the sold-out drop sells again", async () => {
    const [buyer, next] = [await registerUser(t.app), await registerUser(t.app)];
    const { dropId } = await drop(1);
    const placed = await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_ok" });
    expect((await order(next, { dropId, quantity: 1 })).body.error.code).toBe("SOLD_OUT");
    const res = await call(t.app, "PUT", `/api/orders/${placed.body.data.order.id}/cancel`, {
      token: buyer.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.order.status).toBe("refunded");
    expect(res.body.data.payment.status).toBe("refunded");
    expect(res.body.data.stock).toEqual({ available: 1, reserved: 0, sold: 0, initial: 1 });
    expect((await order(next, { dropId, quantity: 1 })).status).toBe(201);
    await expectInvariants();
  });
});

describe("stock events", () => {
  it("writes stock.changed in the same transaction as every stock move, including a sale", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const events = async () =>
      (
        await t.infra.db.query<{ payload: { available: number; reserved: number; sold: number } }>(
          "select payload from outbox_events where type = 'stock.changed' and aggregate_id = $1 order by seq",
          [dropId],
        )
      ).rows.map((r) => [r.payload.available, r.payload.reserved, r.payload.sold]);
    const placed = await order(buyer, { dropId, quantity: 2 });
    expect(await events()).toEqual([[3, 2, 0]]);
    const paid = await call(t.app, "POST", "/api/payments", {
      token: buyer.token,
      body: { orderId: placed.body.data.order.id, method: "pm_card_ok" },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    // Reserved -> sold leaves `available` alone, and viewers still need to see it.
    expect(await events()).toEqual([
      [3, 2, 0],
      [3, 0, 2],
    ]);
  });
});

describe("reservation expiry", () => {
  it("releases unpaid reservations after the TTL, exactly once", async () => {
    const buyer = await registerUser(t.app);
    clock.advance(61_000); // let reservations of earlier tests expire first
    await t.services.orders.expiry.runOnce();
    const { dropId } = await drop(4, 2);
    const pending = await order(buyer, { dropId, quantity: 2 });
    clock.advance(30_000);
    expect(await t.services.orders.expiry.runOnce()).toBe(0);
    clock.advance(31_000);
    // Two runs at once stand in for two workers: one release between them.
    const runs = await Promise.all([t.services.orders.expiry.runOnce(), t.services.orders.expiry.runOnce()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await t.services.orders.expiry.runOnce()).toBe(0);
    expect(await stockOf(dropId)).toEqual({ available: 4, reserved: 0, sold: 0, initial: 4 });
    const got = await call(t.app, "GET", `/api/orders/${pending.body.data.order.id}`, { token: buyer.token });
    expect(got.body.data.status).toBe("expired");
    // Paying an expired order is refused, and the quota came back.
    const pay = await call(t.app, "POST", "/api/payments", {
      token: buyer.token,
      body: { orderId: pending.body.data.order.id, method: "pm_card_ok" },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(pay.status).toBe(409);
    expect((await order(buyer, { dropId, quantity: 2 })).status).toBe(201);
    await expectInvariants();
  });
});

describe("internal API", () => {
  const internal = (path: string, body: unknown, token = t.config.internalToken) =>
    call(t.app, "POST", `/internal${path}`, { token, body });

  it("refuses user tokens and missing tokens", async () => {
    const user = await registerUser(t.app);
    const { dropId } = await drop(5);
    const res = await internal("/inventory/reserve", { dropId, userId: user.id, quantity: 1 }, user.token);
    expect(res.status).toBe(403);
    expect(
      (await call(t.app, "POST", "/internal/payments/refund", { body: { paymentId: randomUUID() } })).status,
    ).toBe(401);
    expect(await stockOf(dropId)).toMatchObject({ available: 5 });
  });

  it("reserves, charges, refunds, releases and confirms through the same services", async () => {
    const user = await registerUser(t.app);
    const { dropId } = await drop(5);
    const r1 = await internal("/inventory/reserve", { dropId, userId: user.id, quantity: 2 });
    expect(r1.status).toBe(201);
    const o1 = r1.body.data.order;
    expect(
      (await internal("/payments/charge", { orderId: o1.id, amount: 1, method: "pm_card_ok" })).status,
    ).toBe(400);
    const charged = await internal("/payments/charge", {
      orderId: o1.id,
      amount: o1.totalCents,
      method: "pm_card_ok",
    });
    expect(charged.status).toBe(201);
    expect(charged.body.data.order.status).toBe("confirmed");
    const refunded = await internal("/payments/refund", { paymentId: charged.body.data.payment.id });
    expect(refunded.body.data.order.status).toBe("refunded");

    const o2 = (await internal("/inventory/reserve", { dropId, userId: user.id, quantity: 1 })).body.data
      .order;
    const released = await internal("/inventory/release", { reservationId: o2.id });
    expect(released.body.data.order.status).toBe("cancelled");
    expect((await internal("/inventory/release", { reservationId: o2.id })).status).toBe(409);

    const o3 = (await internal("/inventory/reserve", { dropId, userId: user.id, quantity: 1 })).body.data
      .order;
    const confirmed = await internal("/inventory/confirm", { reservationId: o3.id });
    expect(confirmed.body.data.order.status).toBe("confirmed");
    expect(confirmed.body.data.stock).toEqual({ available: 4, reserved: 0, sold: 1, initial: 5 });
    expect((await internal("/inventory/reserve", { dropId, userId: randomUUID(), quantity: 1 })).status).toBe(
      404,
    );
    await expectInvariants();
  });
});
