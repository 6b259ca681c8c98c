import { createHmac, timingSafeEqual } from "node:crypto";
import { type EmailKind, isEmailKind } from "./preferences.js";

/**
 * One-click unsubscribe tokens (RFC 8058): `<user id>.<kind>.<signature>`, the signature an
 * HMAC-SHA256 over both with a key derived from the JWT secret (so no new secret to keep,
 * and a different key than the tokens': an unsubscribe token is never a bearer token). No
 * expiry: an unsubscribe link in an old mail must keep working; all it can do is turn one
 * kind of mail off for one user.
 */
export function createUnsubscribeTokens(jwtSecret: string) {
  const key = createHmac("sha256", jwtSecret).update("livedrop mail unsubscribe v1").digest();
  const sign = (userId: string, kind: string) =>
    createHmac("sha256", key).update(`${userId}.${kind}`).digest("base64url");
  return {
    sign(userId: string, kind: EmailKind): string {
      return `${userId}.${kind}.${sign(userId, kind)}`;
    },
    /** The user and kind a token was signed for, or undefined when it was not signed by us. */
    verify(token: string): { userId: string; kind: EmailKind } | undefined {
      const first = token.indexOf(".");
      const last = token.lastIndexOf(".");
      if (first <= 0 || last <= first) return undefined;
      const userId = token.slice(0, first);
      const kind = token.slice(first + 1, last);
      const given = Buffer.from(token.slice(last + 1));
      const expected = Buffer.from(sign(userId, kind));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      if (!isEmailKind(kind)) return undefined;
      return { userId, kind };
    },
  };
}
export type UnsubscribeTokens = ReturnType<typeof createUnsubscribeTokens>;
