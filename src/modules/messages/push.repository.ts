import type { Db } from "../../infra/db/index.js";

export interface SubscriptionRow {
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The messages module's SQL for Web Push: subscriptions and the shared VAPID keys. */
export function createPushRepository(db: Db) {
  return {
    /** Adds (or takes over: a browser signed in as someone else) a subscription; a user keeps at most `max`. */
    async addSubscription(
      userId: string,
      sub: { endpoint: string; p256dh: string; auth: string },
      max: number,
      now: Date,
    ) {
      await db.tx(async (q) => {
        await q.query(
          `insert into push_subscriptions (endpoint, user_id, p256dh, auth, created_at) values ($1, $2, $3, $4, $5)
           on conflict (endpoint) do update
             set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at`,
          [sub.endpoint, userId, sub.p256dh, sub.auth, now],
        );
        // The oldest beyond `max` go: a script cannot grow one account's list without bound.
        await q.query(
          `delete from push_subscriptions where user_id = $1 and endpoint in (
             select endpoint from push_subscriptions where user_id = $1 order by created_at desc offset $2)`,
          [userId, max],
        );
      });
    },

    async removeSubscription(userId: string, endpoint: string): Promise<boolean> {
      const r = await db.query("delete from push_subscriptions where user_id = $1 and endpoint = $2", [
        userId,
        endpoint,
      ]);
      return r.rowCount > 0;
    },

    /** An endpoint the push service said is gone (404/410). */
    async deleteEndpoint(endpoint: string): Promise<void> {
      await db.query("delete from push_subscriptions where endpoint = $1", [endpoint]);
    },

    async subscriptionsOf(userIds: string[]): Promise<SubscriptionRow[]> {
      const r = await db.query<SubscriptionRow>(
        "select user_id, endpoint, p256dh, auth from push_subscriptions where user_id = any($1::uuid[])",
        [userIds],
      );
      return r.rows;
    },

    /** The VAPID keys every process of this database shares: made by the first that asks. */
    async vapidKeys(fresh: {
      publicKey: string;
      privateKey: string;
    }): Promise<{ publicKey: string; privateKey: string }> {
      await db.query(
        "insert into app_meta (key, value) values ('vapid_keys', $1) on conflict (key) do nothing",
        [JSON.stringify(fresh)],
      );
      const r = await db.query<{ value: string }>("select value from app_meta where key = 'vapid_keys'");
      return JSON.parse(r.rows[0]?.value as string);
    },
  };
}
export type PushRepository = ReturnType<typeof createPushRepository>;
