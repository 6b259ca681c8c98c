import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, iso, newProduct, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * Shipping: a drop that ships needs an address in one of its countries on every order and
 * charges its fee once per order; the address is the buyer's to see. The same rules on REST
 * and GraphQL, and a refused order writes nothing.
 */

let t: TestApp;
let creator: TestUser;
let productId: string;

const ADDRESS = {
  name: "Ada Lovelace",
  line1: "1 Main St",
  city: "Berlin",
  postalCode: "10115",
  country: "DE",
};

beforeAll(async () => {
  t = await createTestApp();
  creator = await registerCreator(t.app);
  productId = await newProduct(t.app, creator, { title: "Hoodie", priceCents: 1500, currency: "EUR" });
});
afterAll(() => t.close());

const createDrop = (body: Record<string, unknown>) =>
  call(t.app, "POST", "/api/drops", {
    token: creator.token,
    body: { productId, startsAt: iso(Date.now() - 1_000), endsAt: iso(Date.now() + 3_600_000), ...body },
  });

async function shippingDrop(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await createDrop({ initialStock: 10, shipsTo: ["DE", "FR"], shippingFeeCents: 500, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
}

const order = (user: TestUser, body: Record<string, unknown>, key = randomUUID()) =>
  call(t.app, "POST", "/api/orders", { token: user.token, body, headers: { "idempotency-key": key } });

const writes = async (dropId: string) => {
  const r = await t.infra.db.query<{ orders: number; available: number }>(
    `select (select count(*)::int from orders where drop_id = $1) as orders,
            (select available from drop_inventory where drop_id = $1) as available`,
    [dropId],
  );
  return r.rows[0];
};

describe("a drop that ships", () => {
  it("answers its countries and fee; refuses unknown countries and a fee without countries", async () => {
    const id = await shippingDrop();
    const read = await call(t.app, "GET", `/api/drops/${id}`);
    expect(read.body.data).toMatchObject({ shipsTo: ["DE", "FR"], shippingFeeCents: 500 });
    const plain = await createDrop({ initialStock: 1 });
    expect(plain.body.data).toMatchObject({ shipsTo: null, shippingFeeCents: null });
    for (const body of [
      { initialStock: 1, shipsTo: ["XX"] },
      { initialStock: 1, shipsTo: ["de"] },
      { initialStock: 1, shipsTo: [] },
      { initialStock: 1, shipsTo: ["DE", "DE"] },
      { initialStock: 1, shippingFeeCents: 100 },
      { initialStock: 1, shipsTo: ["DE"], shippingFeeCents: -1 },
    ]) {
      const res = await createDrop(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });

  it("charges units plus the fee once, keeps the address, and shows it to the buyer only", async () => {
    const dropId = await shippingDrop();
    const buyer = await registerUser(t.app);
    const res = await order(buyer, {
      dropId,
      quantity: 2,
      paymentMethodId: "pm_card_ok",
      shippingAddress: { ...ADDRESS, line2: "Apt 4" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.order).toMatchObject({
      unitPriceCents: 1500,
      shippingFeeCents: 500,
      totalCents: 1500 * 2 + 500,
      shippingAddress: { ...ADDRESS, line2: "Apt 4" },
    });
    expect(res.body.data.payment.amountCents).toBe(3500);
    const id = res.body.data.order.id;
    const mine = await call(t.app, "GET", `/api/orders/${id}`, { token: buyer.token });
    expect(mine.body.data.shippingAddress).toEqual({ ...ADDRESS, line2: "Apt 4" });
    const stranger = await registerUser(t.app);
    const theirs = await call(t.app, "GET", `/api/orders/${id}`, { token: stranger.token });
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body)).not.toContain("Lovelace");
    const report = await t.services.orders.checkInvariants();
    expect(report.problems).toEqual([]);
  });

  it("refuses a country outside shipsTo with 422 CANNOT_SHIP_TO, writing nothing", async () => {
    const dropId = await shippingDrop();
    const buyer = await registerUser(t.app);
    const res = await order(buyer, { dropId, quantity: 1, shippingAddress: { ...ADDRESS, country: "US" } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("CANNOT_SHIP_TO");
    expect(await writes(dropId)).toEqual({ orders: 0, available: 10 });
  });

  it("refuses a missing or malformed address with 400, writing nothing", async () => {
    const dropId = await shippingDrop();
    const buyer = await registerUser(t.app);
    const { city: _, ...noCity } = ADDRESS;
    for (const shippingAddress of [
      undefined,
      noCity,
      { ...ADDRESS, country: "de" },
      { ...ADDRESS, country: "DEU" },
      { ...ADDRESS, name: "" },
      { ...ADDRESS, name: "   " },
      { ...ADDRESS, name: "x".repeat(201) },
      { ...ADDRESS, postalCode: "1".repeat(21) },
      { ...ADDRESS, line1: "1 Main St\r\nBcc: evil@example.com" },
      { ...ADDRESS, phone: "555" },
      "Berlin",
    ]) {
      const res = await order(buyer, { dropId, quantity: 1, shippingAddress });
      expect(res.status, JSON.stringify(shippingAddress)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
    expect(await writes(dropId)).toEqual({ orders: 0, available: 10 });
  });

  it("refuses an address on a drop that does not ship, and keeps plain drops' totals", async () => {
    const plain = (await createDrop({ initialStock: 3 })).body.data.id;
    const buyer = await registerUser(t.app);
    const refused = await order(buyer, { dropId: plain, quantity: 1, shippingAddress: ADDRESS });
    expect(refused.status).toBe(400);
    const ok = await order(buyer, { dropId: plain, quantity: 2 });
    expect(ok.body.data.order).toMatchObject({
      totalCents: 3000,
      shippingFeeCents: 0,
      shippingAddress: null,
    });
  });

  it("replays the same order for the same address; another address under the key is 422", async () => {
    const dropId = await shippingDrop();
    const buyer = await registerUser(t.app);
    const key = randomUUID();
    const first = await order(buyer, { dropId, quantity: 1, shippingAddress: ADDRESS }, key);
    // The same address with its fields in another order and padded is the same request.
    const reordered = Object.fromEntries(Object.entries(ADDRESS).reverse());
    const again = await order(
      buyer,
      { dropId, quantity: 1, shippingAddress: { ...reordered, city: " Berlin " } },
      key,
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await order(
      buyer,
      { dropId, quantity: 1, shippingAddress: { ...ADDRESS, city: "Bonn" } },
      key,
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("lets the owner change countries and fee before the start", async () => {
    const res = await call(t.app, "POST", "/api/drops", {
      token: creator.token,
      body: {
        productId,
        startsAt: iso(Date.now() + 3_600_000),
        endsAt: iso(Date.now() + 7_200_000),
        initialStock: 1,
      },
    });
    const id = res.body.data.id;
    const ships = await call(t.app, "PUT", `/api/drops/${id}`, {
      token: creator.token,
      body: { shipsTo: ["GB"], shippingFeeCents: 799 },
    });
    expect(ships.body.data).toMatchObject({ shipsTo: ["GB"], shippingFeeCents: 799 });
    const off = await call(t.app, "PUT", `/api/drops/${id}`, {
      token: creator.token,
      body: { shipsTo: null },
    });
    expect(off.body.data).toMatchObject({ shipsTo: null, shippingFeeCents: null });
  });
});

describe("shipping over GraphQL", () => {
  const PLACE = `mutation ($input: PlaceOrderInput!) {
    placeOrder(input: $input) { order { total shippingFee shippingAddress { name line2 country } } }
  }`;
  const place = (user: TestUser, input: Record<string, unknown>) =>
    call(t.app, "POST", "/graphql", {
      token: user.token,
      body: { query: PLACE, variables: { input } },
      headers: { "idempotency-key": randomUUID() },
    });

  it("follows the same rules: total with the fee, 400 without an address, CANNOT_SHIP_TO outside", async () => {
    const dropId = await shippingDrop();
    const buyer = await registerUser(t.app);
    const ok = await place(buyer, { dropId, quantity: 3, shippingAddress: { ...ADDRESS, line2: null } });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.placeOrder.order).toEqual({
      total: 1500 * 3 + 500,
      shippingFee: 500,
      shippingAddress: { name: "Ada Lovelace", line2: null, country: "DE" },
    });
    const missing = await place(buyer, { dropId, quantity: 1 });
    expect(missing.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const malformed = await place(buyer, {
      dropId,
      quantity: 1,
      shippingAddress: { ...ADDRESS, postalCode: "" },
    });
    expect(malformed.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const outside = await place(buyer, {
      dropId,
      quantity: 1,
      shippingAddress: { ...ADDRESS, country: "JP" },
    });
    expect(outside.body.errors[0].extensions.code).toBe("CANNOT_SHIP_TO");
    expect(await writes(dropId)).toEqual({ orders: 1, available: 7 });
  });
});
