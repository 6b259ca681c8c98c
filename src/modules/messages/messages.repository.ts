import type { Db, Queryable } from "../../infra/db/index.js";
import type { EmailKind } from "./preferences.js";

export type QueueChannel = "email" | "webpush";

export interface QueuedMail {
  id: string;
  user_id: string;
  channel: QueueChannel;
  to_address: string;
  kind: EmailKind;
  params: Record<string, unknown>;
  attempts: number;
}

export interface NewMail {
  dedupeKey: string;
  userId: string;
  to: string;
  kind: EmailKind;
  params: Record<string, unknown>;
}

/** Followers enqueued per statement when a drop starts (the keyset walk's page). */
export const BULK_BATCH = 5_000;

/** The messages module's SQL: preferences and the mail queue. */
/** A user's mail with the address read in the same statement ($1 key, $2 user, $3 kind, $4 params, $5 now). */
const MAIL_FOR_USER_SQL = `insert into mail_queue (dedupe_key, user_id, to_address, kind, params, next_attempt_at, created_at)
  select $1, u.id, u.email, $3, $4::jsonb, $5, $5 from users u
  where u.id = $2 and u.deleted_at is null and u.email is not null
  on conflict (dedupe_key) do nothing`;

export function createMessagesRepository(db: Db) {
  return {
    async preferences(userId: string): Promise<{ email: unknown; webPush: unknown } | undefined> {
      const r = await db.query<{ email: unknown; web_push: unknown }>(
        "select email, web_push from message_preferences where user_id = $1",
        [userId],
      );
      const row = r.rows[0];
      return row && { email: row.email, webPush: row.web_push };
    },

    /** Merges the changed switches into the stored ones (jsonb `||`): one statement, no lost update. */
    async mergePreferences(
      q: Queryable,
      userId: string,
      change: { email?: Record<string, boolean>; webPush?: Record<string, boolean> },
      now: Date,
    ): Promise<void> {
      await q.query(
        `insert into message_preferences (user_id, email, web_push, updated_at)
         values ($1, $2::jsonb, $3::jsonb, $4)
         on conflict (user_id) do update
           set email = message_preferences.email || excluded.email,
               web_push = message_preferences.web_push || excluded.web_push,
               updated_at = excluded.updated_at`,
        [userId, JSON.stringify(change.email ?? {}), JSON.stringify(change.webPush ?? {}), now],
      );
    },

    /** Which of these users have `kind` on for the channel (their switch, else the default). */
    async allowed(
      userIds: string[],
      channel: QueueChannel,
      kind: EmailKind,
      byDefault: boolean,
    ): Promise<Set<string>> {
      const column = channel === "email" ? "p.email" : "p.web_push";
      const r = await db.query<{ user_id: string }>(
        `select u.id as user_id from unnest($1::uuid[]) as u(id)
         left join message_preferences p on p.user_id = u.id
         where coalesce((${column} ->> $2)::boolean, $3)`,
        [userIds, kind, byDefault],
      );
      return new Set(r.rows.map((x) => x.user_id));
    },

    /** One mail; a second enqueue with the same key (a redelivered event) adds nothing. */
    async enqueue(q: Queryable, m: NewMail, now: Date): Promise<void> {
      await q.query(
        `insert into mail_queue (dedupe_key, user_id, to_address, kind, params, next_attempt_at, created_at)
         values ($1, $2, $3, $4, $5::jsonb, $6, $6)
         on conflict (dedupe_key) do nothing`,
        [m.dedupeKey, m.userId, m.to, m.kind, JSON.stringify(m.params), now],
      );
    },

    /**
     * One mail to a user by id, the address read in the same statement (a deleted account,
     * whose email is gone, gets nothing). Deliberate exception: reads `users` (users module)
     * so the address needs no round trip of its own.
     */
    async enqueueForUser(q: Queryable, m: Omit<NewMail, "to">, now: Date): Promise<void> {
      await q.query(MAIL_FOR_USER_SQL, [m.dedupeKey, m.userId, m.kind, JSON.stringify(m.params), now]);
    },

    /**
     * An event's mail to a user (as `enqueueForUser`) and its web push when they have a
     * subscription (sent to each of their browsers by the worker), in one statement: one
     * commit per event instead of two, as the consumer runs once per order in a drop.
     */
    async enqueueMailAndPush(q: Queryable, m: Omit<NewMail, "to">, now: Date): Promise<void> {
      await q.query(
        `with mail as (${MAIL_FOR_USER_SQL})
         insert into mail_queue (dedupe_key, user_id, channel, to_address, kind, params, next_attempt_at, created_at)
         select $1 || ':push', $2, 'webpush', '', $3, $4::jsonb, $5, $5
         where exists (select 1 from push_subscriptions where user_id = $2)
         on conflict (dedupe_key) do nothing`,
        [m.dedupeKey, m.userId, m.kind, JSON.stringify(m.params), now],
      );
    },

    /** Records a mail to a creator's opted-in followers; the worker expands it (`expandFanout`). */
    async addFanout(
      m: { eventId: string; creatorId: string; kind: EmailKind; params: Record<string, unknown> },
      followsUntil: Date,
      now: Date,
    ): Promise<void> {
      await db.query(
        `insert into mail_fanouts (event_id, creator_id, kind, params, follows_until, created_at)
         values ($1, $2, $3, $4::jsonb, $5, $6) on conflict (event_id) do nothing`,
        [m.eventId, m.creatorId, m.kind, JSON.stringify(m.params), followsUntil, now],
      );
    },

    /**
     * Expands one page of one open fan-out into the queue, in one transaction: the fan-out
     * row is claimed skip-locked (workers share the work), one statement walks a page of the
     * follow index from the cursor (keyset, newest follow first, as the inbox fan-out does)
     * and inserts the page's opted-in followers with their address, then the cursor moves.
     * A million followers are 200 such pages and no id travels to the application.
     * Deliberate exception: reads `follows` (follows) and `users` (users) in the statement.
     * Answers false when no fan-out was open.
     */
    async expandFanout(
      byDefault: (channel: QueueChannel, kind: EmailKind) => boolean,
      now: Date,
    ): Promise<boolean> {
      return db.tx(async (q) => {
        const f = (
          await q.query<{
            event_id: string;
            creator_id: string;
            kind: EmailKind;
            params: unknown;
            follows_until: Date;
            cursor_at: Date | null;
            cursor_id: string | null;
          }>(
            `select event_id, creator_id, kind, params, follows_until, cursor_at, cursor_id from mail_fanouts
             where done_at is null order by created_at limit 1 for update skip locked`,
          )
        ).rows[0];
        if (!f) return false;
        const r = await q.query<{ last_at: Date | null; last_id: string | null; n: number; queued: number }>(
          `with batch as (
             select user_id, created_at from follows
             where creator_id = $1 and created_at <= $2
               and ($3::timestamptz is null or (created_at, user_id) < ($3, $4::uuid))
             order by created_at desc, user_id desc limit $5
           ), ins as (
             insert into mail_queue (dedupe_key, user_id, to_address, kind, params, next_attempt_at, created_at)
             select $6 || ':' || b.user_id, b.user_id, u.email, $7, $8::jsonb, $10, $10
             from batch b
             join users u on u.id = b.user_id and u.deleted_at is null and u.email is not null
             left join message_preferences p on p.user_id = b.user_id
             where coalesce((p.email ->> $7)::boolean, $9)
             on conflict (dedupe_key) do nothing
             returning 1
           ), push as (
             insert into mail_queue (dedupe_key, user_id, channel, to_address, kind, params, next_attempt_at, created_at)
             select $6 || ':' || b.user_id || ':push', b.user_id, 'webpush', '', $7, $8::jsonb, $10, $10
             from batch b
             left join message_preferences p on p.user_id = b.user_id
             where coalesce((p.web_push ->> $7)::boolean, $11)
               and exists (select 1 from push_subscriptions s where s.user_id = b.user_id)
             on conflict (dedupe_key) do nothing
           ), last as (
             select created_at, user_id from batch order by created_at asc, user_id asc limit 1
           )
           select (select created_at from last) as last_at, (select user_id from last) as last_id,
                  (select count(*)::int from batch) as n, (select count(*)::int from ins) as queued`,
          [
            f.creator_id,
            f.follows_until,
            f.cursor_at,
            f.cursor_id,
            BULK_BATCH,
            f.event_id,
            f.kind,
            JSON.stringify(f.params),
            byDefault("email", f.kind),
            now,
            byDefault("webpush", f.kind),
          ],
        );
        const row = r.rows[0];
        const done = !row || row.n < BULK_BATCH || !row.last_at;
        await q.query(
          `update mail_fanouts set cursor_at = $2, cursor_id = $3, queued = queued + $4,
             done_at = case when $5 then $6::timestamptz end
           where event_id = $1`,
          [f.event_id, row?.last_at ?? null, row?.last_id ?? null, row?.queued ?? 0, done, now],
        );
        return true;
      });
    },

    /**
     * Claims up to `limit` due mails for this worker: skip-locked, so workers never wait on
     * each other's rows, and leased (next_attempt_at moves `leaseMs` ahead), so the rows of a
     * worker that dies mid-send are claimed again once the lease ends.
     */
    async claim(now: Date, limit: number, leaseMs: number): Promise<QueuedMail[]> {
      const r = await db.query<QueuedMail>(
        `with due as (
           select id from mail_queue
           where status = 'pending' and next_attempt_at <= $1
           order by next_attempt_at, id limit $2
           for update skip locked
         )
         update mail_queue m
            set attempts = m.attempts + 1,
                next_attempt_at = $1::timestamptz + $3 * interval '1 millisecond'
           from due where m.id = due.id
         returning m.id::text as id, m.user_id, m.channel, m.to_address, m.kind, m.params, m.attempts`,
        [now, limit, leaseMs],
      );
      return r.rows;
    },

    /** Sent or skipped: the params (a reset link among them) go with the send. */
    async finish(ids: string[], status: "sent" | "skipped", now: Date): Promise<void> {
      if (ids.length === 0) return;
      await db.query(
        `update mail_queue set status = $2, done_at = $3, params = '{}'::jsonb, last_error = null
         where id = any($1::bigint[])`,
        [ids, status, now],
      );
    },

    /** A failed send: tried again at `retryAt`, or given up (failed) when that is null. */
    async failed(id: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
      const message = error.slice(0, 500);
      if (retryAt) {
        await db.query("update mail_queue set last_error = $2, next_attempt_at = $3 where id = $1", [
          id,
          message,
          retryAt,
        ]);
        return;
      }
      await db.query(
        `update mail_queue set last_error = $2, status = 'failed', done_at = $3, params = '{}'::jsonb
         where id = $1`,
        [id, message, now],
      );
    },

    /** Deletes finished rows older than `before`, a page at a time; never a pending row. */
    async deleteDone(before: Date, limit = 1_000): Promise<number> {
      const r = await db.query(
        `delete from mail_queue where id in (
           select id from mail_queue where status <> 'pending' and done_at < $1 limit $2)`,
        [before, limit],
      );
      await db.query(
        `delete from mail_fanouts where event_id in (
           select event_id from mail_fanouts where done_at < $1 limit $2)`,
        [before, limit],
      );
      return r.rowCount;
    },

    /** An account deletion: its pending mails go (set-based), and its preferences. */
    async removeUser(q: Queryable, userId: string): Promise<void> {
      await q.query("delete from push_subscriptions where user_id = $1", [userId]);
      await q.query("delete from mail_queue where user_id = $1 and status = 'pending'", [userId]);
      await q.query("delete from message_preferences where user_id = $1", [userId]);
    },
  };
}
export type MessagesRepository = ReturnType<typeof createMessagesRepository>;
