import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import type { Db, Queryable } from "../../infra/db/index.js";
import { writeEvent } from "../../infra/outbox/index.js";
import type { Clock } from "../../shared/clock.js";
import { invalid } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { hashPassword } from "../../shared/passwords.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { passwordResetsRepository as resets } from "./password-reset.repository.js";
import { createUsersRepository } from "./users.repository.js";

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/** The mail a reset sends, queued in the reset's transaction (wired to the messages module). */
export type ResetMailer = (
  q: Queryable,
  mail: { dedupeKey: string; userId: string; params: { url: string; expiresMinutes: number } },
) => Promise<void>;

/**
 * Forgotten passwords: a single-use token with an expiry, mailed as a link; the token is
 * stored only as its SHA-256 (a database leak gives no working link). Confirming sets the
 * password, uses up every open token of the account, and revokes every session (the token
 * version moves, as a password change does).
 */
export function createPasswordReset(deps: {
  db: Db;
  clock: Clock;
  limits: Pick<RateLimits, "check">;
  config: Pick<Config, "passwordCost" | "passwordResetTtlMs">;
  /** The page the link opens, with the token. */
  resetUrl: (token: string) => string;
  mail: ResetMailer;
  /** After a reset mail was queued (wakes a sender in this process). */
  onQueued?: () => void;
  onError?: (err: unknown) => void;
}) {
  const { db, clock, limits, config } = deps;
  const users = createUsersRepository(db);
  const inFlight = new Set<Promise<void>>();

  async function issue(email: string): Promise<void> {
    const row = await users.findByEmail(email);
    if (!row) return;
    const token = randomBytes(32).toString("base64url");
    const id = newId();
    const now = clock.now();
    await db.tx(async (q) => {
      await resets.insert(q, {
        id,
        userId: row.id,
        tokenHash: sha256(token),
        expiresAt: new Date(now.getTime() + config.passwordResetTtlMs),
        now,
      });
      await deps.mail(q, {
        dedupeKey: `reset:${id}`,
        userId: row.id,
        params: { url: deps.resetUrl(token), expiresMinutes: Math.round(config.passwordResetTtlMs / 60_000) },
      });
    });
    deps.onQueued?.();
  }

  return {
    /**
     * Asks for a reset mail. Counts against the per-email and per-address limits, then
     * answers without waiting for the lookup: the answer and its timing are the same
     * whether the email has an account or not.
     */
    async request(email: string, ip: string | null): Promise<void> {
      await limits.check("password_reset", { account: email.toLowerCase(), address: ip });
      const work = issue(email).catch((err) => deps.onError?.(err));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },

    /** Resolves once the reset requests started so far are done (tests, shutdown). */
    settled: async () => {
      await Promise.all([...inFlight]);
    },

    /** Sets the new password with a token, once; answers the account and its new token version. */
    async confirm(
      token: string,
      password: string,
      requestId?: string,
    ): Promise<{ userId: string; tokenVersion: number }> {
      const passwordHash = await hashPassword(password, config.passwordCost);
      const now = clock.now();
      return db.tx(async (q) => {
        const userId = await resets.use(q, sha256(token), now);
        if (!userId) throw invalid("This reset link is invalid, used or expired", { field: "token" });
        await users.updateUser(q, userId, { passwordHash }, now);
        await resets.useAllOf(q, userId, now);
        const tokenVersion = (await users.revokeTokens(q, userId, now)) ?? 0;
        await writeEvent(q, {
          type: "account.revoked",
          aggregateId: userId,
          payload: { userId, tokenVersion, deleted: false, revokedAt: now.toISOString() },
          createdAt: now,
          requestId,
        });
        return { userId, tokenVersion };
      });
    },
  };
}
export type PasswordReset = ReturnType<typeof createPasswordReset>;
