import type { Queryable } from "../../infra/db/index.js";

/** The users module's SQL for password reset tokens (stored as hashes). */
export const passwordResetsRepository = {
  async insert(
    q: Queryable,
    r: { id: string; userId: string; tokenHash: string; expiresAt: Date; now: Date },
  ): Promise<void> {
    // The account's spent and expired tokens go as a new one is made: the table holds at most
    // the open tokens, never a history that grows with every request.
    await q.query(
      "delete from password_resets where user_id = $1 and (used_at is not null or expires_at <= $2)",
      [r.userId, r.now],
    );
    await q.query(
      `insert into password_resets (id, user_id, token_hash, expires_at, created_at) values ($1, $2, $3, $4, $5)`,
      [r.id, r.userId, r.tokenHash, r.expiresAt, r.now],
    );
  },

  /**
   * Uses a token up, if it is unused and unexpired and its account is live: one guarded
   * statement, so of two confirms racing with the same token exactly one gets the user.
   */
  async use(q: Queryable, tokenHash: string, now: Date): Promise<string | undefined> {
    const r = await q.query<{ user_id: string }>(
      `update password_resets r set used_at = $2
       from users u
       where r.token_hash = $1 and r.used_at is null and r.expires_at > $2
         and u.id = r.user_id and u.deleted_at is null
       returning r.user_id`,
      [tokenHash, now],
    );
    return r.rows[0]?.user_id;
  },

  /** After a reset every other open token of the account is used up too. */
  async useAllOf(q: Queryable, userId: string, now: Date): Promise<void> {
    await q.query("update password_resets set used_at = $2 where user_id = $1 and used_at is null", [
      userId,
      now,
    ]);
  },
};
