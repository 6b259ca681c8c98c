import { describe, expect, it } from "vitest";
import { fingerprint } from "./idempotency.js";

describe("fingerprint", () => {
  it("is the stored keys' fingerprint: sha256 of [operation, input] as JSON, base64url", () => {
    // Keys stored by earlier releases must still replay after an upgrade: this value was
    // computed with createHash("sha256").update(json).digest("base64url"), the first form.
    const input = {
      dropId: "01a23c8f-8e4a-736a-bbbf-992905d4b230",
      quantity: 1,
      paymentMethodId: "pm_card_ok",
      note: "é ✓",
    };
    expect(fingerprint("placeOrder", input)).toBe("Qh4gLycq1F3Pr9nY20N9fZAeZfXhuzRil0tGN42SUoU");
    expect(fingerprint("payOrder", input)).not.toBe(fingerprint("placeOrder", input));
  });
});
