import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * Money integrity: the price a buyer pays is the one the drop went live with. Editing the
 * product's price or currency afterwards changes drops still to come, never a live or
 * ended one (today's buyers and tomorrow's receipts agree with what was shown).
 */

const T0 = Date.parse("2032-02-01T12:00:00.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let t: TestApp;
let clock: ManualClock;
let creator: TestUser;
let buyer: TestUser;

const order = async (dropId: string, key: string) => {
  const res = await call(t.app, "POST", "/api/orders", {
    token: buyer.token,
    body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
    headers: { "idempotency-key": key },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.order as { unitPriceCents: number; totalCents: number; currency: string };
};

const drop = async (productId: string, startsAt: number) => {
  const res = await call(t.app, "POST", "/api/drops", {
    token: creator.token,
    body: { productId, initialStock: 10, startsAt: iso(startsAt), endsAt: iso(startsAt + 60 * MIN) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as string;
};

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock });
  creator = await registerCreator(t.app);
  buyer = await registerUser(t.app);
});
afterAll(() => t.close());

describe("a price edit during a live drop", () => {
  it("leaves the live drop at the price it went live with and reprices drops to come", async () => {
    const p = await call(t.app, "POST", "/api/products", {
      token: creator.token,
      body: { title: "Jacket", priceCents: 7000, currency: "EUR" },
    });
    const productId = p.body.data.id as string;
    const live = await drop(productId, T0 + MIN);
    const later = await drop(productId, T0 + 120 * MIN);
    clock.set(T0 + 2 * MIN);
    expect(await order(live, "before-edit")).toMatchObject({ unitPriceCents: 7000, currency: "EUR" });

    const edit = await call(t.app, "PUT", `/api/products/${productId}`, {
      token: creator.token,
      body: { priceCents: 1, currency: "USD" },
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.data).toMatchObject({ priceCents: 1, currency: "USD" });

    // Past the orders module's one-second memo of drop terms, so this reads them anew.
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await order(live, "after-edit")).toMatchObject({
      unitPriceCents: 7000,
      totalCents: 7000,
      currency: "EUR",
    });
    const shown = await call(t.app, "GET", `/api/drops/${live}`);
    expect(shown.body.data).toMatchObject({ priceCents: 7000, currency: "EUR" });

    // A second edit does not move the frozen price either.
    await call(t.app, "PUT", `/api/products/${productId}`, { token: creator.token, body: { priceCents: 9 } });
    clock.set(T0 + 121 * MIN);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await order(later, "next-drop")).toMatchObject({ unitPriceCents: 9, currency: "USD" });
    clock.set(T0 + 30 * MIN); // the first drop is live again on the clock: still its price
    expect(await order(live, "still-frozen")).toMatchObject({ unitPriceCents: 7000, currency: "EUR" });
  });
});
