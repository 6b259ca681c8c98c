import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../src/modules/orders/invariants.js";
import { ManualClock } from "../src/shared/clock.js";
import { call, insertDrop, registerCreator, registerUser, type TestUser, walk } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * Guarantees 1 and 2 of the spec as properties: random sequences of requests through the
 * public API, then the books must balance. Runs are few and short so each property takes
 * seconds on a loaded two-core machine; fast-check prints the seed and the shrunk
 * sequence of a failure, which replays it exactly.
 */
const TTL_MS = 60_000;
const clock = new ManualClock(Date.now());
let t: TestApp;
let creator: TestUser;
let buyers: TestUser[];

beforeAll(async () => {
  t = await createTestApp({ clock, env: { RESERVATION_TTL_MS: String(TTL_MS) } });
  creator = await registerCreator(t.app);
  buyers = [await registerUser(t.app), await registerUser(t.app), await registerUser(t.app)];
});
afterAll(() => t.close());

const METHODS = ["pm_card_ok", "pm_card_declined"] as const;
type Method = (typeof METHODS)[number];

const placeOrder = (user: TestUser, body: Record<string, unknown>, key: string = randomUUID()) =>
  call(t.app, "POST", "/api/orders", { token: user.token, body, headers: { "idempotency-key": key } });

const stockOf = async (dropId: string) =>
  (
    await t.infra.db.query<{ initial: number; available: number; reserved: number; sold: number }>(
      "select initial, available, reserved, sold from drop_inventory where drop_id = $1",
      [dropId],
    )
  ).rows[0];

/** Every order a buyer holds on the drop, as the buyer's own order list shows it. */
const ordersOn = async (dropId: string) =>
  (await Promise.all(buyers.map((b) => walk(t.app, `/api/users/${b.id}/orders`, 100, b.token)))).flatMap(
    (list) => list.filter((o: { dropId: string }) => o.dropId === dropId),
  ) as {
    id: string;
    status: string;
    quantity: number;
  }[];

type Op =
  | { kind: "reserve"; buyer: number; quantity: number; pay: Method | null }
  | { kind: "pay"; order: number; method: Method }
  | { kind: "cancel"; order: number }
  | { kind: "expire" };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("reserve" as const),
      buyer: fc.nat(2),
      quantity: fc.integer({ min: 1, max: 3 }),
      pay: fc.constantFrom<Method | null>(null, null, ...METHODS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("pay" as const),
      order: fc.nat(),
      method: fc.constantFrom(...METHODS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), order: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
);

describe("stock conservation", () => {
  it("available + reserved + sold = initial after any sequence of reserve, pay, fail, cancel, expire", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        fc.array(op, { minLength: 1, maxLength: 8 }),
        async (initial, perUserLimit, ops) => {
          const { dropId } = await insertDrop(t.infra.db, {
            creatorId: creator.id,
            stock: initial,
            perUserLimit,
            now: clock.now(),
          });
          const placed: { id: string; owner: TestUser }[] = [];
          const pick = (i: number) => placed[i % placed.length];
          for (const o of ops) {
            let res: { status: number; body: any } | undefined;
            if (o.kind === "reserve") {
              const owner = buyers[o.buyer] as TestUser;
              const body = { dropId, quantity: o.quantity, ...(o.pay ? { paymentMethodId: o.pay } : {}) };
              res = await placeOrder(owner, body);
              const id = res.body?.data?.order?.id;
              if (id) placed.push({ id, owner });
            } else if (o.kind === "pay" && placed.length > 0) {
              const target = pick(o.order) as (typeof placed)[number];
              res = await call(t.app, "POST", "/api/payments", {
                token: target.owner.token,
                body: { orderId: target.id, method: o.method },
                headers: { "idempotency-key": randomUUID() },
              });
            } else if (o.kind === "cancel" && placed.length > 0) {
              const target = pick(o.order) as (typeof placed)[number];
              res = await call(t.app, "PUT", `/api/orders/${target.id}/cancel`, {
                token: target.owner.token,
              });
            } else if (o.kind === "expire") {
              clock.advance(TTL_MS + 1);
              await t.services.orders.expiry.runOnce();
            }
            // Refusals are answers (sold out, over the limit, declined, wrong state); a crash is not.
            if (res) expect(res.status, JSON.stringify({ o, body: res.body })).toBeLessThan(500);
          }

          const stock = await stockOf(dropId);
          expect(stock?.initial).toBe(initial);
          const { available = -1, reserved = -1, sold = -1 } = stock ?? {};
          expect(available + reserved + sold).toBe(initial);
          expect(Math.min(available, reserved, sold)).toBeGreaterThanOrEqual(0);
          const orders = await ordersOn(dropId);
          const sum = (status: string) =>
            orders.filter((x) => x.status === status).reduce((n, x) => n + x.quantity, 0);
          expect(sum("confirmed")).toBe(sold);
          expect(sum("pending_payment")).toBe(reserved);
          expect((await checkInvariants(t.infra.db)).problems).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe("idempotent replay", () => {
  const bodySpec = fc.record({
    quantity: fc.integer({ min: 1, max: 2 }),
    pay: fc.constantFrom<Method | null>(null, ...METHODS),
  });

  it("the same key and body get the first answer again; the key with another body is a 422", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(bodySpec, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ key: fc.nat(2), body: fc.nat() }), { minLength: 1, maxLength: 10 }),
        async (stock, specs, requests) => {
          const buyer = buyers[0] as TestUser;
          const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock, now: clock.now() });
          const run = randomUUID();
          const bodyOf = (i: number) => {
            const s = specs[i % specs.length] as { quantity: number; pay: Method | null };
            return { dropId, quantity: s.quantity, ...(s.pay ? { paymentMethodId: s.pay } : {}) };
          };
          const first = new Map<number, { body: string; status: number; answer: unknown }>();
          for (const r of requests) {
            const body = bodyOf(r.body);
            const res = await placeOrder(buyer, body, `${run}-${r.key}`);
            const seen = first.get(r.key);
            if (!seen) {
              expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
              first.set(r.key, { body: JSON.stringify(body), status: res.status, answer: res.body });
            } else if (seen.body === JSON.stringify(body)) {
              expect({ status: res.status, answer: res.body }).toEqual({
                status: seen.status,
                answer: seen.answer,
              });
            } else {
              expect(res.status, JSON.stringify(res.body)).toBe(422);
              expect(res.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
            }
          }
          // At most one order per key, whatever was sent under it.
          const placed = (await ordersOn(dropId)).length;
          expect(placed).toBeLessThanOrEqual(first.size);
        },
      ),
      { numRuns: 25 },
    );
  });
});
