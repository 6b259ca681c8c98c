import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Passes: `<ticket id>.<HMAC of it>`, the key derived from the app's secret. Nothing is
 * stored for it: the ticket row says whether it was admitted, until when and whether it is
 * spent, and the signature means only the server can make one, so a guessed ticket id is
 * worth nothing. Every process verifies it with the same secret.
 */
export function createPasses(secret: string) {
  const key = createHmac("sha256", secret).update("livedrop queue pass v1").digest();
  const sign = (ticketId: string) => createHmac("sha256", key).update(ticketId).digest("base64url");
  return {
    issue: (ticketId: string): string => `${ticketId}.${sign(ticketId)}`,
    /** The ticket a pass was issued for, or null when we did not sign it. */
    ticketOf(pass: string): string | null {
      const dot = pass.indexOf(".");
      if (dot !== 36) return null; // a UUID
      const ticketId = pass.slice(0, dot);
      const given = Buffer.from(pass.slice(dot + 1));
      const expected = Buffer.from(sign(ticketId));
      return given.length === expected.length && timingSafeEqual(given, expected) ? ticketId : null;
    },
  };
}
export type Passes = ReturnType<typeof createPasses>;
