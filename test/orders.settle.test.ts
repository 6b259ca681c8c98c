import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, insertDrop, registerCreator, registerUser } from "./factories.js";
import { createTestApp, ownInventory, type TestApp } from "./harness.js";

/**
 * Two settlements of one order can be asked for at once: the buyer's charge came back just
 * as the expiry job releases the reservation. Whichever comes first decides; the other must
 * find the order settled (the payer then gives the money back), never be told the first
 * one's row as its own, as a shared batch would (one update, two jobs reading its row).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("settling one order twice at once", () => {
  it("lets exactly one settlement through; the other finds nothing to settle", async () => {
    const creator = await registerCreator(t.app);
    const buyer = await registerUser(t.app);
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 5 });
    // An inventory of its own (another process's, say) on the same database.
    const inventory = ownInventory(t);
    const ref = { dropId, variantId: null };
    for (let round = 0; round < 5; round++) {
      const placed = await call(t.app, "POST", "/api/orders", {
        token: buyer.token,
        body: { dropId, quantity: 1 },
        headers: { "idempotency-key": randomUUID() },
      });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      const orderId = placed.body.data.order.id as string;
      // Both in the same tick: the same batch, unless the batch admits one job per order.
      const [paid, [expired]] = await Promise.all([
        inventory.settle(ref, {
          orderId,
          to: "confirmed",
          payment: { status: "succeeded", providerRef: `ch_${round}`, failureCode: null },
        }),
        inventory.settleNow(ref, [{ orderId, to: "expired" }]),
      ]);
      const winners = [paid, expired].filter((r) => r?.order);
      expect(winners, `round ${round}`).toHaveLength(1);
      const status = (
        await t.infra.db.query<{ status: string }>("select status from orders where id = $1", [orderId])
      ).rows[0]?.status;
      expect(winners[0]?.order?.status).toBe(status);
      expect(status).toBe(paid.order ? "confirmed" : "expired");
    }
    await inventory.idle();
  });
});
