/**
 * The users module's events, declared once here; `src/shared/events.ts` joins them into the
 * catalogue.
 */

/**
 * Tokens of an account stopped working: its password changed (tokens signed before
 * `tokenVersion` are revoked) or it was deleted (every token is). Written to the outbox in
 * the transaction that makes the change, so every server process hears of it; a push hub
 * ends that user's long-lived connections whose token is older. Never sent to a client:
 * it has no recipient and no drop, so no push channel or inbox routes it.
 */
export type AccountRevokedPayload = {
  userId: string;
  /** The account's token version from now on; tokens signed with a lower one are refused. */
  tokenVersion: number;
  /** The account was deleted: no token of it works any more, whatever its version. */
  deleted: boolean;
  revokedAt: string;
};

/** The outbox events the users module writes, each with its payload. */
export type UserEvents = {
  "account.revoked": AccountRevokedPayload;
};
