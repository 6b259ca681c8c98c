import type { Queryable } from "../../infra/db/index.js";

/** SQL of spent proof-of-work solutions. */
export function createChallengesRepository(db: Queryable) {
  return {
    /**
     * Record the solution as spent, or find who spent it: one statement, so of two requests
     * racing with one solution (on any processes) exactly one inserts it.
     */
    async spend(
      signature: string,
      userId: string,
      purpose: string,
      expiresAt: Date,
    ): Promise<{ user_id: string; purpose: string } | undefined> {
      const r = await db.query<{ user_id: string; purpose: string }>(
        `with ins as (
           insert into spent_challenges (signature, user_id, purpose, expires_at) values ($1, $2, $3, $4)
           on conflict (signature) do nothing
           returning user_id, purpose
         )
         select user_id, purpose from ins
         union all
         select user_id, purpose from spent_challenges where signature = $1 and not exists (select 1 from ins)`,
        [signature, userId, purpose, expiresAt],
      );
      return r.rows[0];
    },

    /** Forget spent solutions of expired challenges, a batch at a time. */
    async purge(now: Date, limit: number): Promise<number> {
      const r = await db.query(
        `delete from spent_challenges where signature in (
           select signature from spent_challenges where expires_at < $1 limit $2)`,
        [now, limit],
      );
      return r.rowCount;
    },
  };
}
