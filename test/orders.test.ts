import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, insertDrop, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
let creator: TestUser;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await createTestApp({ clock });
  creator = await registerCreator(t.app);
});
afterAll(() => t.close());

const order = (user: TestUser, body: Record<string, unknown>, key: string | null = randomUUID()) =>
  call(t.app, "POST", "/api/orders", {
    token: user.token,
    body,
    headers: key === null ? {} : { "idempotency-key": key },
  });

const drop = (stock: number, extra: { perUserLimit?: number; startsAt?: Date; endsAt?: Date } = {}) =>
  insertDrop(t.infra.db, { creatorId: creator.id, stock, now: clock.now(), ...extra });

/** SOLD_OUT answers given from memory so far (this app's /metrics). */
const fastPathCount = async () => {
  const text = (await call(t.app, "GET", "/metrics", { token: t.config.internalToken })).body as string;
  return Number(/^orders_sold_out_fast_path_total (\d+)/m.exec(text)?.[1] ?? 0);
};

const expectInvariants = async () => {
  const report = await t.services.orders.checkInvariants();
  expect(report.problems).toEqual([]);
};

describe("placing an order", () => {
  it("reserves without a payment method: pending order, stock moves to reserved", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const res = await order(buyer, { dropId, quantity: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const o = res.body.data.order;
    expect(o).toMatchObject({
      userId: buyer.id,
      dropId,
      quantity: 2,
      status: "pending_payment",
      totalCents: 3000,
    });
    expect(Date.parse(o.expiresAt) - Date.parse(o.createdAt)).toBe(t.config.reservationTtlMs);
    expect(res.body.data.stock).toEqual({ available: 3, reserved: 2, sold: 0, initial: 5 });
    await expectInvariants();
  });

  it("pays and confirms in the same call with pm_card_ok and pm_card_slow; accepts qty", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const ok = await order(buyer, { dropId, qty: 1, paymentMethodId: "pm_card_ok" });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.data.order.status).toBe("confirmed");
    expect(ok.body.data.payment).toMatchObject({
      status: "succeeded",
      method: "pm_card_ok",
      amountCents: 1500,
    });
    const slow = await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_slow" });
    expect(slow.status).toBe(201);
    expect(slow.body.data.stock).toEqual({ available: 3, reserved: 0, sold: 2, initial: 5 });
    const payment = await call(t.app, "GET", `/api/payments/${slow.body.data.payment.id}`, {
      token: buyer.token,
    });
    expect(payment.body.data.status).toBe("succeeded");
    await expectInvariants();
  });

  it.each([
    ["pm_card_declined", "card_declined"],
    ["pm_card_error", "provider_unavailable"],
  ])("fails with %s: 402, order failed, stock released", async (method, reason) => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(3);
    const res = await order(buyer, { dropId, quantity: 2, paymentMethodId: method });
    expect(res.status, JSON.stringify(res.body)).toBe(402);
    expect(res.body.error.code).toBe("PAYMENT_FAILED");
    expect(res.body.error.details).toMatchObject({ reason, order: { status: "failed" } });
    expect(res.body.error.details.stock).toEqual({ available: 3, reserved: 0, sold: 0, initial: 3 });
    const got = await call(t.app, "GET", `/api/orders/${res.body.error.details.order.id}`, {
      token: buyer.token,
    });
    expect(got.body.data.status).toBe("failed");
    await expectInvariants();
  });

  it("answers SOLD_OUT, then keeps answering it, and sells exactly the stock", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(2);
    expect((await order(buyer, { dropId, quantity: 3 })).body.error.code).toBe("SOLD_OUT");
    expect((await order(buyer, { dropId, quantity: 2 })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const res = await order(buyer, { dropId, quantity: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SOLD_OUT");
    }
    await expectInvariants();
  });

  it("answers SOLD_OUT from memory with the same bytes as the database, and a refused key keeps its answer after stock returns", async () => {
    const [buyer, other] = [await registerUser(t.app), await registerUser(t.app)];
    const { dropId } = await drop(1);
    const raw = (user: TestUser, key: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/orders",
        headers: { authorization: `Bearer ${user.token}`, "idempotency-key": key },
        payload: { dropId, quantity: 1 },
      });
    const held = await order(buyer, { dropId, quantity: 1 });
    expect(held.status).toBe(201);
    // The first refusal finds the drop sold out in the database; the next ones from memory.
    const first = await raw(other, randomUUID());
    const refusedKey = randomUUID();
    const fromMemory = await raw(other, refusedKey);
    for (const res of [first, fromMemory]) {
      expect(res.statusCode).toBe(409);
      expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    }
    expect(fromMemory.payload).toBe(first.payload);
    expect(JSON.parse(fromMemory.payload)).toEqual({
      success: false,
      error: { code: "SOLD_OUT", message: "This drop is sold out" },
    });
    // Stock comes back: a new key gets it, the refused key replays its refusal.
    const cancel = await call(t.app, "PUT", `/api/orders/${held.body.data.order.id}/cancel`, {
      token: buyer.token,
    });
    expect(cancel.status).toBe(200);
    const replay = await raw(other, refusedKey);
    expect(replay.statusCode).toBe(409);
    expect(replay.payload).toBe(first.payload);
    expect((await raw(other, randomUUID())).statusCode).toBe(201);
    await expectInvariants();
  });

  it("on a drop sold out in memory, a key spent before gets what it keeps, however many keys the crowd spent", async () => {
    const [buyer, other] = [await registerUser(t.app), await registerUser(t.app)];
    const { dropId } = await drop(1);
    const boughtKey = randomUUID();
    const bought = await order(buyer, { dropId, quantity: 1 }, boughtKey);
    expect(bought.status).toBe(201);
    expect((await order(other, { dropId, quantity: 1 })).body.error.code).toBe("SOLD_OUT"); // now in memory
    const before = await fastPathCount();
    // The buyer's key holds an order: its replay is that order, not SOLD_OUT.
    const replayed = await order(buyer, { dropId, quantity: 1 }, boughtKey);
    expect(replayed.status).toBe(201);
    expect(replayed.body.data.order.id).toBe(bought.body.data.order.id);
    // A key answered from memory replays SOLD_OUT with its body, and is refused with another.
    const refusedKey = randomUUID();
    expect((await order(other, { dropId, quantity: 1 }, refusedKey)).body.error.code).toBe("SOLD_OUT");
    expect((await order(other, { dropId, quantity: 1 }, refusedKey)).body.error.code).toBe("SOLD_OUT");
    const reused = await order(other, { dropId, quantity: 2 }, refusedKey);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // One key, two bodies at once: one is told SOLD_OUT, the other that the key is another's.
    const raced = randomUUID();
    const codes = (
      await Promise.all([
        order(other, { dropId, quantity: 1 }, raced),
        order(other, { dropId, quantity: 2 }, raced),
      ])
    ).map((r) => r.body.error.code);
    expect(codes.sort()).toEqual(["IDEMPOTENCY_KEY_REUSED", "SOLD_OUT"]);
    // Answered from memory (at least one refusal above: a second after the drop sold out one
    // request probes the database instead), not by taking each through a batch.
    expect((await fastPathCount()) - before).toBeGreaterThanOrEqual(1);
    await expectInvariants();
  });

  it("stops holding a sold-out drop as sold out once it is cut short", async () => {
    // Its own app: the answer (does this process hold any drop as sold out) is process-wide.
    const own = await createTestApp({ clock });
    try {
      const seller = await registerCreator(own.app);
      const [buyer, other] = [await registerUser(own.app), await registerUser(own.app)];
      const { dropId } = await insertDrop(own.infra.db, { creatorId: seller.id, stock: 1, now: clock.now() });
      const place = (user: TestUser) =>
        call(own.app, "POST", "/api/orders", {
          token: user.token,
          body: { dropId, quantity: 1 },
          headers: { "idempotency-key": randomUUID() },
        });
      expect((await place(buyer)).status).toBe(201);
      expect((await place(other)).body.error.code).toBe("SOLD_OUT");
      expect(own.services.orders.orders.knowsSoldOutDrops()).toBe(true);
      // The creator ends it now, long before its end time.
      const ended = await call(own.app, "POST", `/api/drops/${dropId}/cancel`, { token: seller.token });
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
      clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 1_100)); // the order path's drop terms live a second
      expect((await place(other)).body.error.code).toBe("DROP_NOT_LIVE");
      expect(own.services.orders.orders.knowsSoldOutDrops()).toBe(false);
    } finally {
      await own.close();
    }
  });

  it("refuses drops that are not live, and unknown drops", async () => {
    const buyer = await registerUser(t.app);
    const now = clock.now().getTime();
    const upcoming = await drop(5, { startsAt: new Date(now + 60_000), endsAt: new Date(now + 120_000) });
    const res = await order(buyer, { dropId: upcoming.dropId, quantity: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("DROP_NOT_LIVE");
    const unknown = await order(buyer, { dropId: randomUUID(), quantity: 1 });
    expect(unknown.status).toBe(404);
  });

  it("enforces the per-user limit over pending and confirmed orders", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(10, { perUserLimit: 2 });
    expect((await order(buyer, { dropId, quantity: 3 })).body.error.code).toBe("LIMIT_EXCEEDED");
    expect((await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_ok" })).status).toBe(201);
    expect((await order(buyer, { dropId, quantity: 1 })).status).toBe(201);
    const over = await order(buyer, { dropId, quantity: 1 });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: "LIMIT_EXCEEDED", details: { perUserLimit: 2 } });
    // A failed payment gives the quantity back.
    const other = await registerUser(t.app);
    expect((await order(other, { dropId, quantity: 2, paymentMethodId: "pm_card_declined" })).status).toBe(
      402,
    );
    expect((await order(other, { dropId, quantity: 2 })).status).toBe(201);
    await expectInvariants();
  });

  it("validates input: key required, quantity required and positive", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const noKey = await order(buyer, { dropId, quantity: 1 }, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    expect((await order(buyer, { dropId })).status).toBe(400);
    expect((await order(buyer, { dropId, quantity: 0 })).status).toBe(400);
    expect((await order(buyer, { dropId, quantity: 1, qty: 2 })).status).toBe(400);
    const anon = await call(t.app, "POST", "/api/orders", {
      body: { dropId, quantity: 1 },
      headers: { "idempotency-key": "k" },
    });
    expect(anon.status).toBe(401);
  });
});

describe("idempotency", () => {
  it("replays the original status and body, rejects another body with the same key", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const key = randomUUID();
    const first = await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_ok" }, key);
    expect(first.status).toBe(201);
    await order(buyer, { dropId, quantity: 1 }); // the stock moves on
    const again = await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_ok" }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const reused = await order(buyer, { dropId, quantity: 2, paymentMethodId: "pm_card_ok" }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Keys are per user: another user's same key is a new order.
    const other = await registerUser(t.app);
    expect((await order(other, { dropId, quantity: 1 }, key)).body.data.order.id).not.toBe(
      first.body.data.order.id,
    );
    const mine = await call(t.app, "GET", `/api/users/${buyer.id}/orders`, { token: buyer.token });
    expect(mine.body.data.items).toHaveLength(2);
  });

  it("replays failures and sold-out answers that the database decided", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(1);
    const key = randomUUID();
    const declined = await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_declined" }, key);
    expect(declined.status).toBe(402);
    const again = await order(buyer, { dropId, quantity: 1, paymentMethodId: "pm_card_declined" }, key);
    expect(again.status).toBe(402);
    expect(again.body).toEqual(declined.body);
  });

  it("answers 409 IDEMPOTENCY_IN_PROGRESS while the first request is in flight", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const key = randomUUID();
    const body = { dropId, quantity: 1, paymentMethodId: "pm_card_slow" };
    const [a, b] = await Promise.all([order(buyer, body, key), order(buyer, body, key)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.error.code).toBe("IDEMPOTENCY_IN_PROGRESS");
    const later = await order(buyer, body, key);
    expect(later.body).toEqual([a, b].find((r) => r.status === 201)?.body);
  });

  it("makes POST /api/payments idempotent too", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await drop(5);
    const placed = await order(buyer, { dropId, quantity: 1 });
    const orderId = placed.body.data.order.id;
    const key = randomUUID();
    const pay = (method: string) =>
      call(t.app, "POST", "/api/payments", {
        token: buyer.token,
        body: { orderId, method },
        headers: { "idempotency-key": key },
      });
    const first = await pay("pm_card_ok");
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.data.order.status).toBe("confirmed");
    expect(await pay("pm_card_ok")).toMatchObject({ status: 201, body: first.body });
    expect((await pay("pm_card_declined")).status).toBe(422);
    const noKey = await call(t.app, "POST", "/api/payments", {
      token: buyer.token,
      body: { orderId, method: "x" },
    });
    expect(noKey.body.error.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    await expectInvariants();
  });
});
