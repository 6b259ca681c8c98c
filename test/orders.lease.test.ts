import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDropTermsReader } from "../src/modules/catalog/index.js";
import { createOrdersModule, type PaymentProvider } from "../src/modules/orders/index.js";
import { ManualClock } from "../src/shared/clock.js";
import { insertCreator, insertDrop, insertUsers, tokensFor } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * A request whose process died mid-order (after the charge, before its record) leaves its
 * key unfinished. Its claim is a lease nobody renews any more, so the client's retry, on
 * another process, takes the key over, finishes the order from the provider's answer and
 * answers it, instead of "in progress" until the reservation expires.
 */

const T0 = Date.parse("2031-05-01T10:00:00.000Z");
let t: TestApp;
let clock: ManualClock;
let creatorId: string;

/**
 * The process that dies: its own orders module on the same database, whose charges never
 * come back, and whose clock stands still, so the leases it renews never reach past T0.
 */
function deadProcess(dies: "charging" | "refunding" = "charging") {
  const never = () => new Promise<never>(() => {});
  const hanging: PaymentProvider = {
    charge: never,
    refund: dies === "refunding" ? never : async () => ({ ok: true }),
    lookup: async () => null,
  };
  return createOrdersModule({
    db: t.infra.db,
    clock: new ManualClock(T0),
    registry: new Registry(),
    dropTerms: createDropTermsReader(t.infra.db),
    userExists: async () => true,
    reservationTtlMs: 600_000,
    provider: hanging,
    limits: t.services.limits,
  });
}

const retry = (token: string, key: string, body: Record<string, unknown>, requestId?: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/orders",
    headers: {
      authorization: `Bearer ${token}`,
      "idempotency-key": key,
      ...(requestId ? { "x-request-id": requestId } : {}),
    },
    payload: body,
  });

const row = async <T>(sql: string, params: unknown[]) =>
  (await t.infra.db.query<T>(sql, params)).rows[0] as T;

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock });
  creatorId = await insertCreator(t.infra.db);
});
afterAll(() => t.close());

describe("a key whose owner died", () => {
  it("answers 409 while the owner's lease runs, then the retry finishes the order exactly once", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5, now: new Date(T0) });
    const [userId] = await insertUsers(t.infra.db, 1);
    const [token] = tokensFor(t.config.jwtSecret, [userId as string]);
    const key = `orphan-${dropId}`;
    const body = { dropId, quantity: 2, paymentMethodId: "pm_card_ok" };

    const dead = deadProcess();
    void dead.orders.place(userId as string, key, body, null); // never answers: the process "dies" here
    let orphan: { id: string; status: string } | undefined;
    for (let i = 0; i < 200 && !orphan; i++) {
      await new Promise((r) => setTimeout(r, 20));
      orphan = await row("select id, status from orders where drop_id = $1", [dropId]);
    }
    expect(orphan?.status).toBe("pending_payment");

    // Inside the lease: the owner might still be working.
    const early = await retry(token as string, key, body);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("IDEMPOTENCY_IN_PROGRESS");
    expect(early.headers["retry-after"]).toBe("1");

    clock.set(T0 + 15_000); // the lease has run out: nobody renewed it
    const [a, b] = await Promise.all([
      retry(token as string, key, body, "retry-a"),
      retry(token as string, key, body, "retry-b"),
    ]);
    const answered = [a, b].filter((r) => r.statusCode === 201);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const r of answered)
      expect(r.json().data.order).toMatchObject({ id: orphan?.id, status: "confirmed" });
    for (const r of [a, b].filter((r) => r.statusCode !== 201)) {
      expect(r.json().error.code).toBe("IDEMPOTENCY_IN_PROGRESS");
    }
    const again = await retry(token as string, key, body);
    expect(again.statusCode).toBe(201);
    expect(again.json().data.order.id).toBe(orphan?.id);

    expect(
      await row("select available, reserved, sold from drop_inventory where drop_id = $1", [dropId]),
    ).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect(await row("select status from payments where order_id = $1", [orphan?.id])).toEqual({
      status: "succeeded",
    });
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);
    // The confirmation is the retry's doing: its event names the retry that took the key over.
    const confirmed = await row<{ request_id: string | null }>(
      "select request_id from outbox_events where type = 'order.confirmed' and aggregate_id = $1",
      [orphan?.id],
    );
    expect(["retry-a", "retry-b"]).toContain(confirmed.request_id);
  });

  it("releases the stock of an orphan whose charge the provider never took", async () => {
    clock.set(T0);
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5, now: new Date(T0) });
    const [userId] = await insertUsers(t.infra.db, 1);
    const [token] = tokensFor(t.config.jwtSecret, [userId as string]);
    const key = `orphan-error-${dropId}`;
    const body = { dropId, quantity: 1, paymentMethodId: "pm_card_error" };
    void deadProcess().orders.place(userId as string, key, body, null);
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (await row("select id from orders where drop_id = $1", [dropId])) break;
    }
    clock.set(T0 + 15_000);
    const res = await retry(token as string, key, body);
    expect(res.statusCode).toBe(402);
    expect(res.json().error).toMatchObject({
      code: "PAYMENT_FAILED",
      details: { order: { status: "failed" } },
    });
    expect(
      await row("select available, reserved, sold from drop_inventory where drop_id = $1", [dropId]),
    ).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);
  });

  it("is reconciled by the worker when nobody retries: the charge went through, so the order confirms", async () => {
    clock.set(T0);
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5, now: new Date(T0) });
    const [userId] = await insertUsers(t.infra.db, 1);
    void deadProcess().orders.place(
      userId as string,
      `never-retried-${dropId}`,
      {
        dropId,
        quantity: 1,
        paymentMethodId: "pm_card_ok",
      },
      null,
    );
    let orphan: { id: string } | undefined;
    for (let i = 0; i < 200 && !orphan; i++) {
      await new Promise((r) => setTimeout(r, 20));
      orphan = await row("select id from orders where drop_id = $1", [dropId]);
    }
    // Within the provider's timeout the charge may still be on its way: left alone.
    expect(await t.services.orders.payments.reconcile()).toBe(0);
    clock.set(T0 + 60_000);
    await t.services.orders.expiry.runOnce();
    expect(await row("select status from orders where id = $1", [orphan?.id])).toEqual({
      status: "confirmed",
    });
    expect(await row("select status from payments where order_id = $1", [orphan?.id])).toEqual({
      status: "succeeded",
    });
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);
  });

  it("sends a refund stuck in `refunding` again and records it", async () => {
    clock.set(T0);
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5, now: new Date(T0) });
    const [userId] = await insertUsers(t.infra.db, 1);
    const [token] = tokensFor(t.config.jwtSecret, [userId as string]);
    const placed = await retry(token as string, `refund-${dropId}`, {
      dropId,
      quantity: 1,
      paymentMethodId: "pm_card_ok",
    });
    expect(placed.statusCode).toBe(201);
    const orderId = placed.json().data.order.id;
    // The process died after claiming the refund, before recording it.
    await t.infra.db.query("update payments set status = 'refunding', updated_at = $2 where order_id = $1", [
      orderId,
      new Date(T0),
    ]);
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]); // refunding still counts as kept
    clock.set(T0 + 60_000);
    await t.services.orders.expiry.runOnce();
    expect(await row("select status from orders where id = $1", [orderId])).toEqual({ status: "refunded" });
    expect(await row("select status from payments where order_id = $1", [orderId])).toEqual({
      status: "refunded",
    });
    expect(
      await row("select available, reserved, sold from drop_inventory where drop_id = $1", [dropId]),
    ).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);
  });

  it("finishes a stuck refund in the name of whoever asked: the buyer's cancellation, the creator's refund", async () => {
    for (const by of ["buyer", "creator"] as const) {
      clock.set(T0);
      const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5, now: new Date(T0) });
      const [userId] = await insertUsers(t.infra.db, 1);
      const [token] = tokensFor(t.config.jwtSecret, [userId as string]);
      const placed = await retry(token as string, `stuck-${by}-${dropId}`, {
        dropId,
        quantity: 1,
        paymentMethodId: "pm_card_ok",
      });
      expect(placed.statusCode).toBe(201);
      const orderId = placed.json().data.order.id as string;
      // Its process claims the refund, then dies waiting on the provider.
      const dead = deadProcess("refunding");
      void (by === "buyer"
        ? dead.orders.cancel(userId as string, orderId)
        : dead.desk.refund(creatorId, orderId));
      let payment: { status: string } | undefined;
      for (let i = 0; i < 200 && payment?.status !== "refunding"; i++) {
        await new Promise((r) => setTimeout(r, 20));
        payment = await row("select status from payments where order_id = $1", [orderId]);
      }
      expect(payment?.status, by).toBe("refunding");
      clock.set(T0 + 60_000);
      await t.services.orders.expiry.runOnce();
      expect(await row("select status from orders where id = $1", [orderId])).toEqual({ status: "refunded" });
      // The buyer is told what the request would have told them.
      const events = await t.infra.db.query<{ type: string }>(
        "select type from outbox_events where aggregate_id = $1 and type in ('order.cancelled', 'order.refunded')",
        [orderId],
      );
      expect(
        events.rows.map((e) => e.type),
        by,
      ).toEqual([by === "buyer" ? "order.cancelled" : "order.refunded"]);
    }
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);
  });
});
