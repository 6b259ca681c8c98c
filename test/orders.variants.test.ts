import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, iso, newProduct, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * Variants (sizes): each has its own stock and the order guarantees hold per variant, the
 * per-user limit counts across the drop, and a sold-out size never answers for another.
 * The 300-buyer race is in orders.variants.race.test.ts.
 */

let t: TestApp;
let creator: TestUser;
let productId: string;

beforeAll(async () => {
  t = await createTestApp();
  creator = await registerCreator(t.app);
  productId = await newProduct(t.app, creator, { title: "Tee", priceCents: 2000, currency: "EUR" });
});
afterAll(() => t.close());

const createDrop = (body: Record<string, unknown>) =>
  call(t.app, "POST", "/api/drops", {
    token: creator.token,
    body: { productId, startsAt: iso(Date.now() - 1_000), endsAt: iso(Date.now() + 3_600_000), ...body },
  });

async function sizedDrop(sizes: Record<string, number>, extra: Record<string, unknown> = {}) {
  const res = await createDrop({
    variants: Object.entries(sizes).map(([name, stock]) => ({ name, stock })),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const drop = res.body.data;
  const id = (name: string) => drop.variants.find((v: { name: string }) => v.name === name).id as string;
  return { drop, dropId: drop.id as string, id };
}

const order = (user: TestUser, body: Record<string, unknown>, key = randomUUID()) =>
  call(t.app, "POST", "/api/orders", { token: user.token, body, headers: { "idempotency-key": key } });

/** Straight from the database: drop answers are cached for a second. */
async function variantStock(variantId: string) {
  const r = await t.infra.db.query<{ available: number; reserved: number; sold: number; initial: number }>(
    "select available, reserved, sold, initial from drop_variants where id = $1",
    [variantId],
  );
  return r.rows[0];
}

const expectInvariants = async () => {
  const report = await t.services.orders.checkInvariants();
  expect(report.problems).toEqual([]);
};

const orderCount = async (dropId: string) =>
  (
    await t.infra.db.query<{ n: number }>("select count(*)::int as n from orders where drop_id = $1", [
      dropId,
    ])
  ).rows[0]?.n;

describe("creating a drop with variants", () => {
  it("lists each variant's stock, in the creator's order, and sums them into the drop's", async () => {
    const { drop } = await sizedDrop({ S: 3, M: 5, L: 2 });
    expect(drop.variants.map((v: { name: string }) => v.name)).toEqual(["S", "M", "L"]);
    expect(drop.variants[1]).toMatchObject({
      name: "M",
      stock: { initial: 5, available: 5, reserved: 0, sold: 0 },
      soldOut: false,
    });
    expect(drop.stock).toEqual({ initial: 10, available: 10, reserved: 0, sold: 0 });
    expect(drop.soldOut).toBe(false);
    const read = await call(t.app, "GET", `/api/drops/${drop.id}`);
    expect(read.body.data.variants).toEqual(drop.variants);
  });

  it("keeps a drop without variants as it was: variants null, one stock", async () => {
    const res = await createDrop({ initialStock: 4 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ variants: null, stock: { initial: 4, available: 4 } });
  });

  it("refuses both initialStock and variants, neither, twin names, and bad variants, writing nothing", async () => {
    const before = await t.infra.db.query<{ n: number }>("select count(*)::int as n from drop_variants");
    for (const body of [
      { initialStock: 3, variants: [{ name: "S", stock: 1 }] },
      {},
      { variants: [] },
      {
        variants: [
          { name: "M", stock: 1 },
          { name: "m", stock: 2 },
        ],
      },
      { variants: [{ name: " ", stock: 1 }] },
      { variants: [{ name: "S", stock: 0 }] },
      { variants: [{ name: "S\u0000", stock: 1 }] },
      { variants: [{ name: "x".repeat(51), stock: 1 }] },
      { variants: [{ name: "S", stock: 1, price: 5 }] },
      { variants: Array.from({ length: 51 }, (_, i) => ({ name: `v${i}`, stock: 1 })) },
      // Each within its limit, their sum past the drop's 32-bit stock: a 400, not a 500.
      { variants: ["S", "M", "L"].map((name) => ({ name, stock: 1_000_000_000 })) },
    ]) {
      const res = await createDrop(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
    const after = await t.infra.db.query<{ n: number }>("select count(*)::int as n from drop_variants");
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it("refuses a new initialStock for a drop with variants", async () => {
    const res = await call(t.app, "POST", "/api/drops", {
      token: creator.token,
      body: {
        productId,
        startsAt: iso(Date.now() + 3_600_000),
        endsAt: iso(Date.now() + 7_200_000),
        variants: [{ name: "S", stock: 1 }],
      },
    });
    expect(res.status).toBe(201);
    const edit = await call(t.app, "PUT", `/api/drops/${res.body.data.id}`, {
      token: creator.token,
      body: { initialStock: 9 },
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error.code).toBe("VALIDATION_ERROR");
  });
});

describe("ordering a variant", () => {
  it("draws from the variant's own stock and answers that stock", async () => {
    const { dropId, id } = await sizedDrop({ S: 3, M: 5 });
    const buyer = await registerUser(t.app);
    const res = await order(buyer, {
      dropId,
      variantId: id("M"),
      quantity: 2,
      paymentMethodId: "pm_card_ok",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.order).toMatchObject({ variantId: id("M"), quantity: 2, totalCents: 4000 });
    expect(res.body.data.stock).toEqual({ initial: 5, available: 3, reserved: 0, sold: 2 });
    expect(await variantStock(id("S"))).toEqual({ initial: 3, available: 3, reserved: 0, sold: 0 });
    const again = await call(t.app, "GET", `/api/orders/${res.body.data.order.id}`, { token: buyer.token });
    expect(again.body.data.variantId).toBe(id("M"));
    await expectInvariants();
  });

  it("refuses an order without variantId (400), with another drop's (404) or on a drop without variants (400)", async () => {
    const { dropId } = await sizedDrop({ S: 3 });
    const other = await sizedDrop({ S: 3 });
    const plain = (await createDrop({ initialStock: 3 })).body.data.id as string;
    const buyer = await registerUser(t.app);
    const none = await order(buyer, { dropId, quantity: 1 });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe("VALIDATION_ERROR");
    const foreign = await order(buyer, { dropId, variantId: other.id("S"), quantity: 1 });
    expect(foreign.status).toBe(404);
    const unknown = await order(buyer, { dropId, variantId: randomUUID(), quantity: 1 });
    expect(unknown.status).toBe(404);
    const onPlain = await order(buyer, { dropId: plain, variantId: other.id("S"), quantity: 1 });
    expect(onPlain.status).toBe(400);
    const malformed = await order(buyer, { dropId, variantId: "S", quantity: 1 });
    expect(malformed.status).toBe(400);
    expect(await orderCount(dropId)).toBe(0);
    expect(await orderCount(plain)).toBe(0);
  });

  it("answers SOLD_OUT for a sold-out size only: the other sizes keep selling", async () => {
    const { dropId, id } = await sizedDrop({ S: 1, M: 3 });
    const buyers = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.app)));
    const first = await order(buyers[0]!, {
      dropId,
      variantId: id("S"),
      quantity: 1,
      paymentMethodId: "pm_card_ok",
    });
    expect(first.status).toBe(201);
    // The first refusal comes from the database, the next from memory: both SOLD_OUT.
    for (const b of buyers.slice(1, 3)) {
      const r = await order(b, { dropId, variantId: id("S"), quantity: 1 });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("SOLD_OUT");
    }
    const m = await order(buyers[3]!, { dropId, variantId: id("M"), quantity: 1 });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const drop = await t.services.catalog.drops.get(dropId);
    expect(drop.drop.soldOut).toBe(false);
    expect(drop.drop.variants?.map((v) => v.soldOut)).toEqual([true, false]);
    await expectInvariants();
  });

  it("counts the per-user limit across the drop's variants", async () => {
    const { dropId, id } = await sizedDrop({ S: 5, M: 5, L: 5 }, { perUserLimit: 2 });
    const buyer = await registerUser(t.app);
    expect((await order(buyer, { dropId, variantId: id("S"), quantity: 1 })).status).toBe(201);
    expect((await order(buyer, { dropId, variantId: id("M"), quantity: 1 })).status).toBe(201);
    const third = await order(buyer, { dropId, variantId: id("L"), quantity: 1 });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe("LIMIT_EXCEEDED");
    await expectInvariants();
  });

  it("returns cancelled and refunded units to their variant", async () => {
    const { dropId, id } = await sizedDrop({ S: 2, M: 2 });
    const buyer = await registerUser(t.app);
    const pending = await order(buyer, { dropId, variantId: id("S"), quantity: 2 });
    const paid = await order(buyer, {
      dropId,
      variantId: id("M"),
      quantity: 1,
      paymentMethodId: "pm_card_ok",
    });
    expect(await variantStock(id("S"))).toMatchObject({ available: 0, reserved: 2 });
    const cancel = await call(t.app, "PUT", `/api/orders/${pending.body.data.order.id}/cancel`, {
      token: buyer.token,
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.data.stock).toEqual({ initial: 2, available: 2, reserved: 0, sold: 0 });
    const refund = await call(t.app, "PUT", `/api/orders/${paid.body.data.order.id}/cancel`, {
      token: buyer.token,
    });
    expect(refund.status).toBe(200);
    expect(refund.body.data.order.status).toBe("refunded");
    expect(await variantStock(id("M"))).toEqual({ initial: 2, available: 2, reserved: 0, sold: 0 });
    await expectInvariants();
  });

  it("announces each variant's stock, and drop.sold_out once, when the last size sells out", async () => {
    const { dropId, id } = await sizedDrop({ S: 1, M: 1 });
    const buyer = await registerUser(t.app);
    await order(buyer, { dropId, variantId: id("S"), quantity: 1, paymentMethodId: "pm_card_ok" });
    const events = async (type: string) =>
      (
        await t.infra.db.query<{ aggregate_id: string; payload: any }>(
          "select aggregate_id, payload from outbox_events where type = $1 and payload->>'dropId' = $2 order by seq",
          [type, dropId],
        )
      ).rows;
    expect(await events("drop.sold_out")).toEqual([]);
    const changed = await events("stock.changed");
    expect(changed.at(-1)).toMatchObject({
      aggregate_id: id("S"),
      payload: {
        dropId,
        initial: 2,
        available: 1,
        sold: 1,
        variant: { id: id("S"), name: "S", initial: 1, available: 0, reserved: 0, sold: 1 },
      },
    });
    await order(buyer, { dropId, variantId: id("M"), quantity: 1, paymentMethodId: "pm_card_ok" });
    const soldOut = await events("drop.sold_out");
    expect(soldOut).toHaveLength(1);
    expect(soldOut[0]).toMatchObject({ aggregate_id: dropId, payload: { dropId, available: 0, initial: 2 } });
    expect(soldOut[0]?.payload.variant).toBeUndefined();
  });
});

describe("variants over GraphQL", () => {
  const PLACE = `mutation ($input: PlaceOrderInput!) {
    placeOrder(input: $input) { order { id variantId total } stock { available initial } }
  }`;
  const gql = (user: TestUser, query: string, variables: Record<string, unknown>, key = randomUUID()) =>
    call(t.app, "POST", "/graphql", {
      token: user.token,
      body: { query, variables },
      headers: { "idempotency-key": key },
    });

  it("lists Drop.variants and places an order with variantId; without it, VALIDATION_ERROR", async () => {
    const { dropId, id } = await sizedDrop({ S: 3, M: 5 });
    const buyer = await registerUser(t.app);
    const read = await gql(
      buyer,
      `query ($id: ID!) { drop(id: $id) { soldOut stock { initial } variants { id name soldOut stock { available initial } } } }`,
      { id: dropId },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.drop).toEqual({
      soldOut: false,
      stock: { initial: 8 },
      variants: [
        { id: id("S"), name: "S", soldOut: false, stock: { available: 3, initial: 3 } },
        { id: id("M"), name: "M", soldOut: false, stock: { available: 5, initial: 5 } },
      ],
    });
    const placed = await gql(buyer, PLACE, { input: { dropId, variantId: id("S"), quantity: 1 } });
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data.placeOrder).toMatchObject({
      order: { variantId: id("S"), total: 2000 },
      stock: { available: 2, initial: 3 },
    });
    const missing = await gql(buyer, PLACE, { input: { dropId, quantity: 1 } });
    expect(missing.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
  });

  it("creates a drop with variants", async () => {
    const res = await gql(
      creator,
      `mutation ($input: DropInput!) { createDrop(input: $input) { stock { initial } variants { name } } }`,
      {
        input: {
          productId,
          startsAt: iso(Date.now() + 60_000),
          endsAt: iso(Date.now() + 120_000),
          variants: [
            { name: "Red", stock: 2 },
            { name: "Blue", stock: 3 },
          ],
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createDrop).toEqual({
      stock: { initial: 5 },
      variants: [{ name: "Red" }, { name: "Blue" }],
    });
  });
});
