import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, iso, newDrop, newProduct, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

// The seed's three operations, verbatim.
const DROPS = `query Drops($status: DropStatus!, $after: String) {
  drops(status: $status, first: 20, after: $after) {
    edges {
      node { id status startsAt endsAt product { id title price } stock { available } }
      cursor
    }
    pageInfo { hasNextPage endCursor }
  }
}`;
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    order { id status total }
    stock { available }
  }
}`;

const T0 = Date.parse("2031-03-01T10:00:00.000Z");
const MIN = 60_000;

let t: TestApp;
let clock: ManualClock;
let creator: TestUser;
let fan: TestUser;
let productId: string;

const gql = (query: string, variables: Record<string, unknown> = {}, token?: string, headers = {}) =>
  call(t.app, "POST", "/graphql", { body: { query, variables }, token, headers });

/** A drop of the creator's, an hour long from `startsAt`; returns its id. */
const dropAt = async (startsAt: number, stock = 10, extra: Record<string, unknown> = {}) =>
  (
    await newDrop(t.app, creator, {
      productId,
      startsAt: iso(startsAt),
      endsAt: iso(startsAt + 60 * MIN),
      initialStock: stock,
      ...extra,
    })
  ).id as string;

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock });
  creator = await registerCreator(t.app);
  fan = await registerUser(t.app);
  productId = await newProduct(t.app, creator, {
    title: "Glow lamp",
    description: "A lamp that glows",
    priceCents: 2500,
    currency: "USD",
  });
});
afterAll(() => t.close());

describe("GraphQL: the seed's operations", () => {
  it("Drops walks every live drop exactly once through endCursor, with product and stock", async () => {
    clock.set(T0);
    const made = new Set<string>();
    for (let i = 0; i < 45; i++) made.add(await dropAt(T0 + MIN + i * 1000));
    clock.set(T0 + 2 * MIN);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gql(DROPS, { status: "LIVE", after });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data.drops;
      for (const e of conn.edges) {
        expect(e.node.status).toBe("LIVE");
        expect(e.node.product).toEqual({ id: productId, title: "Glow lamp", price: 2500 });
        expect(e.node.stock.available).toBe(10);
        expect(typeof e.cursor).toBe("string");
      }
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const ours = seen.filter((id) => made.has(id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(ours.length).toBe(made.size);
    const upcoming = await gql(DROPS, { status: "UPCOMING" });
    expect(upcoming.body.data.drops.edges.some((e: { node: { id: string } }) => made.has(e.node.id))).toBe(
      false,
    );
  });

  it("PlaceOrder places, replays with the same key, and reports SOLD_OUT in extensions.code", async () => {
    clock.set(T0);
    const dropId = await dropAt(T0 + MIN, 2);
    clock.set(T0 + 2 * MIN);
    const key = { "idempotency-key": `gql-${Date.now()}` };
    const input = { dropId, quantity: 2, paymentMethodId: "pm_card_ok" };
    const first = await gql(PLACE_ORDER, { input }, fan.token, key);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.placeOrder).toMatchObject({
      order: { status: "CONFIRMED", total: 5000 },
      stock: { available: 0 },
    });
    const replay = await gql(PLACE_ORDER, { input }, fan.token, key);
    expect(replay.body.data.placeOrder.order.id).toBe(first.body.data.placeOrder.order.id);

    const other = await registerUser(t.app);
    const soldOut = await gql(
      PLACE_ORDER,
      { input: { dropId, quantity: 1, idempotencyKey: "k-1" } },
      other.token,
    );
    expect(soldOut.body.errors[0].extensions.code).toBe("SOLD_OUT");
    const noKey = await gql(PLACE_ORDER, { input: { dropId, quantity: 1 } }, other.token);
    expect(noKey.body.errors[0].extensions.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    const mine = await gql("{ myOrders { edges { node { id status total drop { id } } } } }", {}, fan.token);
    expect(mine.body.data.myOrders.edges).toHaveLength(1);
    expect(mine.body.data.myOrders.edges[0].node.drop.id).toBe(dropId);
    const notYours = await gql(
      `query($id: ID!) { order(id: $id) { id } }`,
      { id: first.body.data.placeOrder.order.id },
      other.token,
    );
    expect(["FORBIDDEN", "NOT_FOUND"]).toContain(notYours.body.errors[0].extensions.code);
  });
});

describe("GraphQL: batching, limits and persisted queries", () => {
  const PAGE = `query($n: Int!) { drops(status: UPCOMING, first: $n) { edges { node {
    id product { id title description } creator { id handle meFollows followerCount } stock { available sold }
  } } } }`;

  it("costs the same number of SQL queries for a 20-drop page as for a 2-drop page", async () => {
    clock.set(T0 + 200 * MIN);
    // Each drop its own product, so the page needs 20 distinct products.
    for (let i = 0; i < 20; i++) {
      const p = await newProduct(t.app, creator, {
        title: `Lamp ${i}`,
        priceCents: 100 + i,
        currency: "USD",
      });
      await dropAt(T0 + 300 * MIN + i * 1000, 10, { productId: p });
    }
    await call(t.app, "PUT", `/api/creators/${creator.id}/follow`, { token: fan.token });
    // The lock-wait sampler queries pg_locks every 500 ms on PostgreSQL; stopped here so a
    // tick landing inside one measured request is not counted as that request's query.
    t.infra.stopSampling?.();
    const db = t.infra.db as { query: (...a: unknown[]) => Promise<unknown> };
    const original = db.query;
    let count = 0;
    db.query = (...args: unknown[]) => {
      count++;
      return original.apply(t.infra.db, args);
    };
    try {
      const measure = async (n: number) => {
        t.infra.cache && (await t.infra.cache.del("x"));
        count = 0;
        const res = await gql(PAGE, { n }, fan.token);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.drops.edges).toHaveLength(n);
        expect(res.body.data.drops.edges[0].node.creator.meFollows).toBe(true);
        return count;
      };
      await gql("{ me { id } }", {}, fan.token); // the token's account check is cached after this
      const two = await measure(2);
      const twenty = await measure(20);
      expect(twenty).toBe(two);
      expect(two).toBeLessThanOrEqual(8);
    } finally {
      db.query = original;
    }
  });

  it("rejects an abusively deep query with a clear error, and stays up", async () => {
    let nested = "id";
    for (let i = 0; i < 6; i++)
      nested = `drops(status: LIVE, first: 1) { edges { node { creator { ${nested} } } } }`;
    const res = await gql(`{ creator(id: "${creator.id}") { ${nested} } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/depth/i);
    expect((await gql("{ ok }")).body.data.ok).toBe(true);
  });

  it("supports automatic persisted queries", async () => {
    const query = "{ drops(status: LIVE, first: 1) { edges { node { id } } } }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const ext = { persistedQuery: { version: 1, sha256Hash } };
    const miss = await call(t.app, "POST", "/graphql", { body: { extensions: ext } });
    expect(JSON.stringify(miss.body)).toMatch(/PersistedQueryNotFound/);
    const register = await call(t.app, "POST", "/graphql", { body: { query, extensions: ext } });
    expect(register.body.errors).toBeUndefined();
    const hit = await call(t.app, "POST", "/graphql", { body: { extensions: ext } });
    expect(hit.body).toEqual(register.body);
  });
});

describe("GraphQL: cached anonymous reads", () => {
  const LIST = `query($s: DropStatus!) { drops(status: $s, first: 100) { edges { node { id product { title } } } } }`;
  const ids = (res: { body: any }) => res.body.data.drops.edges.map((e: any) => e.node.id);

  it("serves anonymous queries from the cache, retires them on writes and never past a status change", async () => {
    clock.set(T0 + 1000 * MIN);
    const dropId = await dropAt(T0 + 1001 * MIN);
    const upcoming = await gql(LIST, { s: "UPCOMING" });
    expect(ids(upcoming)).toContain(dropId);
    const again = await gql(LIST, { s: "UPCOMING" });
    expect(again.headers.etag).toBe(upcoming.headers.etag); // a cached answer carries its ETag
    // The drop starts: the cached UPCOMING answer is not served past that instant.
    clock.set(T0 + 1001 * MIN);
    expect(ids(await gql(LIST, { s: "UPCOMING" }))).not.toContain(dropId);
    expect(ids(await gql(LIST, { s: "LIVE" }))).toContain(dropId);
    // A catalog write retires cached answers at once.
    const renamed = await call(t.app, "PUT", `/api/products/${productId}`, {
      token: creator.token,
      body: { title: "Glow lamp II" },
    });
    expect(renamed.status).toBe(200);
    const after = await gql(LIST, { s: "LIVE" });
    const mine = after.body.data.drops.edges.find((e: any) => e.node.id === dropId);
    expect(mine.node.product.title).toBe("Glow lamp II");
  });

  it("does not cache a signed-in caller's answer", async () => {
    const res = await gql("{ me { id } }", {}, fan.token);
    expect(res.body.data.me.id).toBe(fan.id);
    expect(res.headers.etag).toBeUndefined();
    expect((await gql("{ me { id } }")).body.data.me).toBeNull();
  });
});
