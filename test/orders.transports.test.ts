import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, insertCreator, insertDrop, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * The idempotency store keeps transport-neutral outcomes: a key first used on REST replays
 * on GraphQL with the same order (or the same refusal), and the other way round.
 */

const PLACE = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { id status quantity } payment { status } stock { available } }
}`;

let t: TestApp;
let buyer: TestUser;
let creatorId: string;

const rest = (key: string, body: Record<string, unknown>) =>
  call(t.app, "POST", "/api/orders", { token: buyer.token, body, headers: { "idempotency-key": key } });
const gql = (key: string, input: Record<string, unknown>) =>
  call(t.app, "POST", "/graphql", {
    token: buyer.token,
    body: { query: PLACE, variables: { input } },
    headers: { "idempotency-key": key },
  });
/** Straight from the database: drop answers are cached for a second. */
const available = async (dropId: string) =>
  (
    await t.infra.db.query<{ available: number }>("select available from drop_inventory where drop_id = $1", [
      dropId,
    ])
  ).rows[0]?.available;

beforeAll(async () => {
  t = await createTestApp();
  buyer = await registerUser(t.app);
  creatorId = await insertCreator(t.infra.db);
});
afterAll(() => t.close());

describe("one order per key, whichever transport asks", () => {
  it("replays a REST order through GraphQL with the same order id", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5 });
    const key = `rest-then-gql-${dropId}`;
    const first = await rest(key, { dropId, quantity: 2, paymentMethodId: "pm_card_ok" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await gql(key, { dropId, quantity: 2, paymentMethodId: "pm_card_ok" });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.placeOrder.order).toMatchObject({
      id: first.body.data.order.id,
      status: "CONFIRMED",
      quantity: 2,
    });
    expect(again.body.data.placeOrder.stock.available).toBe(first.body.data.stock.available);
    expect(await available(dropId)).toBe(3);
  });

  it("replays a GraphQL order through REST with the same status and order", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5 });
    const key = `gql-then-rest-${dropId}`;
    const first = await gql(key, { dropId, quantity: 1 });
    expect(first.body.errors).toBeUndefined();
    const orderId = first.body.data.placeOrder.order.id;
    const again = await rest(key, { dropId, quantity: 1 });
    expect(again.status).toBe(201);
    expect(again.body.data.order).toMatchObject({ id: orderId, status: "pending_payment" });
    expect(again.body.data.payment).toBeNull();
    // The same key with another body is refused on either transport.
    expect((await rest(key, { dropId, quantity: 2 })).body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await gql(key, { dropId, quantity: 2 })).body.errors[0].extensions.code).toBe(
      "IDEMPOTENCY_KEY_REUSED",
    );
    expect(await available(dropId)).toBe(4);
  });

  it("replays a refusal as the same error on both transports", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 5 });
    const key = `declined-${dropId}`;
    const first = await rest(key, { dropId, quantity: 1, paymentMethodId: "pm_card_declined" });
    expect(first.status).toBe(402);
    expect(first.body.error.code).toBe("PAYMENT_FAILED");
    const replay = await rest(key, { dropId, quantity: 1, paymentMethodId: "pm_card_declined" });
    expect(replay.status).toBe(402);
    expect(replay.body).toEqual(first.body);
    const viaGql = await gql(key, { dropId, quantity: 1, paymentMethodId: "pm_card_declined" });
    expect(viaGql.body.errors[0].extensions).toMatchObject({
      code: "PAYMENT_FAILED",
      details: { order: { id: first.body.error.details.order.id, status: "failed" } },
    });
    expect(await available(dropId)).toBe(5);
  });
});

describe("a request that fails unexpectedly", () => {
  it("does not leave its key in progress: the retry with the same key places the order", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 3 });
    // The first confirmation of a payment fails inside the database (a sequence is not rolled
    // back with the transaction, so exactly one attempt fails), after the card was charged.
    await t.infra.db.exec(`
      create sequence fail_first_confirmation;
      create function fail_first_confirmation() returns trigger language plpgsql as $$
      begin
        if nextval('fail_first_confirmation') = 1 then raise exception 'injected failure'; end if;
        return new;
      end $$;
      create trigger fail_first_confirmation before update on payments for each row
        when (new.status = 'succeeded') execute function fail_first_confirmation();`);
    try {
      const key = `unexpected-${dropId}`;
      const body = { dropId, quantity: 1, paymentMethodId: "pm_card_ok" };
      const failed = await rest(key, body);
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe("INTERNAL");
      // The abandoned reservation gave its stock back.
      expect(await available(dropId)).toBe(3);

      const retry = await rest(key, body);
      expect(retry.status, JSON.stringify(retry.body)).toBe(201);
      expect(retry.body.data.order.status).toBe("confirmed");
      const replay = await gql(key, body);
      expect(replay.body.data.placeOrder.order.id).toBe(retry.body.data.order.id);
      expect(await available(dropId)).toBe(2);

      const report = await t.services.orders.checkInvariants();
      expect(report.problems).toEqual([]);
    } finally {
      await t.infra.db.exec(`
        drop trigger fail_first_confirmation on payments;
        drop function fail_first_confirmation();
        drop sequence fail_first_confirmation;`);
    }
  });
});
