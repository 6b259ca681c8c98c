import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, insertDrop, registerCreator, registerUser } from "./factories.js";
import { createTestApp, ownInventory, type TestApp } from "./harness.js";

/**
 * The sold-out fast path stores each answer before it is sent, many per statement, and
 * tells the caller whether the key was new on the drop (then the answer is SOLD_OUT) or
 * spent before (then the key is owed what it keeps). Requests with one key can share a
 * statement: only the one whose body the key now holds is told SOLD_OUT.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("the sold-out fast path", () => {
  it("answers only keys new on the drop, one body per key, in batches of any size", async () => {
    const creator = await registerCreator(t.app);
    const [buyer, crowd] = [await registerUser(t.app), await registerUser(t.app)];
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 1 });
    const boughtKey = randomUUID();
    const bought = await call(t.app, "POST", "/api/orders", {
      token: buyer.token,
      body: { dropId, quantity: 1 },
      headers: { "idempotency-key": boughtKey },
    });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    // An inventory of its own (another process's, say): its first order finds the drop sold out.
    const inventory = ownInventory(t);
    const ref = { dropId, variantId: null };
    const probeKey = randomUUID();
    /** One unit, unpaid, through the inventory's batch. */
    const reserve = (userId: string, key: string, fingerprint: string) =>
      inventory.reserve(ref, {
        orderId: randomUUID(),
        userId,
        quantity: 1,
        key,
        fingerprint,
        payment: null,
        shippingAddress: null,
      });
    const probe = await reserve(crowd.id, probeKey, "probe");
    expect(probe.result).toBe("sold_out");
    expect(inventory.knowsSoldOut(ref)).toBe(true);
    const fast = (userId: string, key: string, fingerprint: string) =>
      inventory.soldOutFromMemory(ref, userId, key, fingerprint);

    // Keys spent on the drop before, by an order and by a refusal from the database.
    expect(await fast(buyer.id, boughtKey, "any")).toBe("used");
    expect(await fast(crowd.id, probeKey, "probe")).toBe("used");
    // One key, two bodies, one statement: the first body is stored and answered.
    const raced = randomUUID();
    expect(await Promise.all([fast(crowd.id, raced, "a"), fast(crowd.id, raced, "b")])).toEqual([
      "sold_out",
      "used",
    ]);
    // The same body twice (a double click) is the same answer twice.
    const twice = randomUUID();
    expect(await Promise.all([fast(crowd.id, twice, "a"), fast(crowd.id, twice, "a")])).toEqual([
      "sold_out",
      "sold_out",
    ]);
    // A crowd larger than one statement's batch: every new key answered and stored.
    const keys = Array.from({ length: 2_500 }, () => randomUUID());
    const answers = await Promise.all(keys.map((k) => fast(crowd.id, k, "a")));
    expect(answers.every((a) => a === "sold_out")).toBe(true);
    const stored = await t.infra.db.query<{ n: number }>(
      "select count(*)::int as n from idempotency_keys where drop_id = $1 and user_id = $2 and fingerprint = 'a' and outcome is not null",
      [dropId, crowd.id],
    );
    expect(stored.rows[0]?.n).toBe(keys.length + 2);

    // A second on, the next request probes the database. A spent key as the probe learns
    // nothing of the stock (its claim finds the key): the drop stays sold out in memory.
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await fast(buyer.id, boughtKey, "any")).toBeNull();
    const spent = await reserve(buyer.id, boughtKey, "any");
    expect(spent.result).toBe("duplicate");
    expect(inventory.knowsSoldOut(ref)).toBe(true);
    expect(await fast(crowd.id, randomUUID(), "a")).toBeNull(); // the next request is the probe
    await inventory.idle();
  });
});
