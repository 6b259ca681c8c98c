import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCreator, insertDrop, insertUsers, tokensFor } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * One bad request never fails other buyers' orders: bad input is refused before it joins
 * a batch, and a row that fails in the database fails alone (the batch is retried in halves).
 */

const PLACE = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { id } }
}`;

let t: TestApp;
let creatorId: string;

const order = (token: string, key: string, body: Record<string, unknown>) =>
  t.app.inject({
    method: "POST",
    url: "/api/orders",
    headers: { authorization: `Bearer ${token}`, "idempotency-key": key },
    payload: body,
  });

const stockOf = async (dropId: string) =>
  (
    await t.infra.db.query<{ available: number; reserved: number; sold: number }>(
      "select available, reserved, sold from drop_inventory where drop_id = $1",
      [dropId],
    )
  ).rows[0];

beforeAll(async () => {
  t = await createTestApp();
  creatorId = await insertCreator(t.infra.db);
});
afterAll(() => t.close());

describe("batch isolation", () => {
  it("a row that fails in the database in the middle of a batch fails alone", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 100 });
    const users = await insertUsers(t.infra.db, 40);
    const tokens = tokensFor(t.config.jwtSecret, users);
    // The database refuses one buyer's order row: every batch that holds it fails.
    const bad = users[17] as string;
    await t.infra.db.exec(`
      create function refuse_one_buyer() returns trigger language plpgsql as $$
      begin raise exception 'refused row' using errcode = 'check_violation'; end $$;
      create trigger refuse_one_buyer before insert on orders for each row
        when (new.user_id = '${bad}') execute function refuse_one_buyer();`);
    try {
      // All at once, so they share batches with the bad one.
      const res = await Promise.all(tokens.map((tok, i) => order(tok, `iso-${i}`, { dropId, quantity: 1 })));
      const statuses = res.map((r) => r.statusCode);
      expect(statuses[17]).toBe(500);
      expect(statuses.filter((s) => s === 201)).toHaveLength(39);
      expect(await stockOf(dropId)).toEqual({ available: 61, reserved: 39, sold: 0 });
      // The failed request left no key behind: once the database accepts it, its retry works.
      await t.infra.db.exec("drop trigger refuse_one_buyer on orders");
      const retry = await order(tokens[17] as string, "iso-17", { dropId, quantity: 1 });
      expect(retry.statusCode, retry.body).toBe(201);
    } finally {
      await t.infra.db.exec(
        "drop trigger if exists refuse_one_buyer on orders; drop function refuse_one_buyer();",
      );
    }
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);
  });

  it("100 valid REST orders racing 100 GraphQL orders with quantity 0 all succeed", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 150 });
    const users = await insertUsers(t.infra.db, 200);
    const tokens = tokensFor(t.config.jwtSecret, users);
    const valid = tokens
      .slice(0, 100)
      .map((tok, i) => order(tok, `ok-${i}`, { dropId, quantity: 1, paymentMethodId: "pm_card_ok" }));
    const bad = tokens.slice(100).map((tok, i) =>
      t.app.inject({
        method: "POST",
        url: "/graphql",
        headers: { authorization: `Bearer ${tok}`, "idempotency-key": `zero-${i}` },
        payload: { query: PLACE, variables: { input: { dropId, quantity: 0 } } },
      }),
    );
    const [good, refused] = await Promise.all([Promise.all(valid), Promise.all(bad)]);
    expect(good.map((r) => r.statusCode)).toEqual(Array(100).fill(201));
    for (const r of refused) expect(r.json().errors?.[0]?.extensions?.code).toBe("VALIDATION_ERROR");
    expect(await stockOf(dropId)).toEqual({ available: 50, reserved: 0, sold: 100 });
  });
});
