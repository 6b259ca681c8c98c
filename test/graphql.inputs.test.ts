import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

// The seed's mutation, verbatim.
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    order { id status total }
    stock { available }
  }
}`;
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { user { id email } token } }`;

const T0 = Date.parse("2031-05-01T10:00:00.000Z");
const MIN = 60_000;

let t: TestApp;
let clock: ManualClock;
let creator: TestUser;
let productId: string;
let n = 0;
const newKey = () => `inputs-${process.pid}-${Date.now()}-${n++}`;

const gql = (query: string, variables: Record<string, unknown> = {}, token?: string, headers = {}) =>
  call(t.app, "POST", "/graphql", { body: { query, variables }, token, headers });
const codeOf = (res: { body: any }) => res.body.errors?.[0]?.extensions?.code;

/** A drop that is live at T0 + 2 min. */
async function liveDrop(stock: number): Promise<string> {
  clock.set(T0);
  const res = await call(t.app, "POST", "/api/drops", {
    token: creator.token,
    body: {
      productId,
      startsAt: new Date(T0 + MIN).toISOString(),
      endsAt: new Date(T0 + 60 * MIN).toISOString(),
      initialStock: stock,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  clock.set(T0 + 2 * MIN);
  return res.body.data.id;
}

/** Stock and orders straight from the tables: no cache in the way. */
async function ledger(dropId: string) {
  const inv = await t.infra.db.query<{ available: number; reserved: number; sold: number }>(
    "select available, reserved, sold from drop_inventory where drop_id = $1",
    [dropId],
  );
  const orders = await t.infra.db.query<{ n: number }>(
    "select count(*)::int as n from orders where drop_id = $1",
    [dropId],
  );
  return { ...inv.rows[0], orders: orders.rows[0]?.n };
}

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock });
  creator = await registerCreator(t.app);
  const p = await call(t.app, "POST", "/api/products", {
    token: creator.token,
    body: { title: "Desk fan", priceCents: 1500, currency: "USD" },
  });
  productId = p.body.data.id;
});
afterAll(() => t.close());

describe("GraphQL inputs: the REST schemas", () => {
  it("refuses a bad quantity with VALIDATION_ERROR and leaves the stock and the key untouched", async () => {
    const dropId = await liveDrop(5);
    const buyer = await registerUser(t.app);
    const before = await ledger(dropId);
    const key = newKey();
    const bad: Record<string, unknown>[] = [
      { quantity: 0 },
      { quantity: -3 },
      { quantity: 1_000_000 },
      {},
      { qty: 0 },
      { quantity: 1, qty: 2 },
      { dropId: "not-a-uuid", quantity: 1 },
    ];
    for (const extra of bad) {
      const res = await gql(PLACE_ORDER, { input: { dropId, ...extra } }, buyer.token, {
        "idempotency-key": key,
      });
      expect(res.status).toBe(200);
      expect(codeOf(res), JSON.stringify(extra)).toBe("VALIDATION_ERROR");
      expect(res.body.data).toBeNull();
    }
    expect(await ledger(dropId)).toEqual(before);

    // The refusals claimed nothing: the same key then places the order.
    const ok = await gql(PLACE_ORDER, { input: { dropId, quantity: 2 } }, buyer.token, {
      "idempotency-key": key,
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.placeOrder.stock.available).toBe(3);
  });

  it("answers VALIDATION_ERROR, never INTERNAL, for malformed ids and page sizes", async () => {
    const user = await registerUser(t.app);
    const cases: [string, Record<string, unknown>][] = [
      ["query($id: ID!) { drop(id: $id) { id } }", { id: "nope" }],
      ["query($id: ID!) { product(id: $id) { id } }", { id: "1" }],
      ["query($id: ID!) { order(id: $id) { id } }", { id: "x'; drop table orders; --" }],
      ["query($id: ID!) { creator(id: $id) { id } }", { id: "nope" }],
      ["mutation($id: ID!) { follow(creatorId: $id) { following } }", { id: "nope" }],
      ["mutation($id: ID!) { cancelOrder(id: $id) { id } }", { id: "nope" }],
      ["query { drops(status: LIVE, first: 0) { edges { cursor } } }", {}],
      ["query { myOrders(first: 101) { edges { cursor } } }", {}],
    ];
    for (const [query, variables] of cases) {
      const res = await gql(query, variables, user.token);
      expect(codeOf(res), query).toBe("VALIDATION_ERROR");
    }
    const page = await gql("query { drops(status: LIVE, first: 0) { edges { cursor } } }");
    expect(page.body.errors[0].extensions.details[0].path).toBe("/first");
  });

  it("register, updateMe and login follow the REST rules", async () => {
    const cases = [
      { name: "Ann", email: "not-an-email", password: "long enough password" },
      { name: "Ann", email: `ann${newKey()}@example.com`, password: "x" },
      { name: " ", email: `ann${newKey()}@example.com`, password: "long enough password" },
    ];
    for (const input of cases) {
      const viaGql = await gql(REGISTER, { input });
      expect(codeOf(viaGql), JSON.stringify(input)).toBe("VALIDATION_ERROR");
      const viaRest = await call(t.app, "POST", "/api/auth/register", { body: input });
      expect(viaRest.status).toBe(400);
      expect(viaRest.body.error.code).toBe("VALIDATION_ERROR");
    }
    const email = `ann${newKey()}@example.com`;
    const good = await gql(REGISTER, { input: { name: "Ann", email, password: "long enough password" } });
    expect(good.body.errors).toBeUndefined();
    expect(good.body.data.register.user.email).toBe(email);

    const token = good.body.data.register.token;
    const short = await gql(`mutation { updateMe(input: { password: "short" }) { id } }`, {}, token);
    expect(codeOf(short)).toBe("VALIDATION_ERROR");
    const empty = await gql(`mutation { updateMe(input: {}) { id } }`, {}, token);
    expect(codeOf(empty)).toBe("VALIDATION_ERROR");
    const login = await gql(`mutation { login(email: "", password: "x") { token } }`);
    expect(codeOf(login)).toBe("VALIDATION_ERROR");
  });
});

describe("GraphQL: the seed's PlaceOrder with qty", () => {
  it("confirms the order, and its replay (header or input key) returns the same order", async () => {
    const dropId = await liveDrop(10);
    const buyer = await registerUser(t.app);
    const input = { dropId, qty: 1, paymentMethodId: "pm_card_ok" };
    const header = { "idempotency-key": newKey() };

    const first = await gql(PLACE_ORDER, { input }, buyer.token, header);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.placeOrder).toMatchObject({
      order: { status: "CONFIRMED", total: 1500 },
      stock: { available: 9 },
    });
    const replay = await gql(PLACE_ORDER, { input }, buyer.token, header);
    expect(replay.body.errors).toBeUndefined();
    expect(replay.body.data.placeOrder.order.id).toBe(first.body.data.placeOrder.order.id);

    // A client that cannot set headers sends the key in the input.
    const inInput = { ...input, idempotencyKey: newKey() };
    const second = await gql(PLACE_ORDER, { input: inInput }, buyer.token);
    expect(second.body.data.placeOrder.order.status).toBe("CONFIRMED");
    const again = await gql(PLACE_ORDER, { input: inInput }, buyer.token);
    expect(again.body.data.placeOrder.order.id).toBe(second.body.data.placeOrder.order.id);

    expect(await ledger(dropId)).toMatchObject({ available: 8, sold: 2, orders: 2 });
  });

  it("shares keys with REST: qty and quantity are one request on both transports", async () => {
    const dropId = await liveDrop(10);
    const buyer = await registerUser(t.app);
    const restFirst = newKey();
    const rest = await call(t.app, "POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": restFirst },
      body: { dropId, qty: 1, paymentMethodId: "pm_card_ok" },
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    const viaGql = await gql(
      PLACE_ORDER,
      { input: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" } },
      buyer.token,
      { "idempotency-key": restFirst },
    );
    expect(viaGql.body.data.placeOrder.order.id).toBe(rest.body.data.order.id);

    const gqlFirst = newKey();
    const placed = await gql(
      PLACE_ORDER,
      { input: { dropId, qty: 2, paymentMethodId: "pm_card_ok", idempotencyKey: gqlFirst } },
      buyer.token,
    );
    expect(placed.body.errors).toBeUndefined();
    const viaRest = await call(t.app, "POST", "/api/orders", {
      token: buyer.token,
      headers: { "idempotency-key": gqlFirst },
      body: { dropId, quantity: 2, paymentMethodId: "pm_card_ok" },
    });
    expect(viaRest.status).toBe(201);
    expect(viaRest.body.data.order.id).toBe(placed.body.data.placeOrder.order.id);
    expect(await ledger(dropId)).toMatchObject({ available: 7, sold: 3, orders: 2 });
  });
});
