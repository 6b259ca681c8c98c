import type { Db, Queryable } from "../../infra/db/index.js";
import type { OutboxRow } from "../../infra/outbox/index.js";
import { DROP_EVENTS, STOCK_EVENTS } from "./routing.js";

export interface InboxRow {
  id: string;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
  read: boolean;
}

export interface InboxEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** A resume reads at most this many outbox positions past the client's last event. */
const RESUME_WINDOW = 200_000;
/** Followers at or below this many are read per fan-out statement. */
const FANOUT_BATCH = 5_000;

/**
 * The only place with the notifications SQL: the inbox (fan-out rows merged with the feeds
 * of followed celebrities, newest first on (created_at, id)), the fan-out statements and
 * the outbox reads that resume a push stream.
 *
 * Ownership: other modules' data comes through their facades (NotificationsDeps), except
 * in the statements marked "Deliberate exception", which read `follows`, `drops` or
 * `outbox_events` inside one statement on a hot path; ARCHITECTURE.md lists them.
 */
export function createNotificationsRepository(db: Db) {
  return {
    /**
     * One page of the merged inbox. Each side is cut at the cursor and at `limit` before
     * the merge, so a page costs the same however deep it is; the read filter sits inside
     * each side so an `unread` page is never short of rows that exist.
     * Deliberate exception: joins `follows` (the follows module's) per followed creator, so
     * the merge is one statement walking both indexes instead of a follow list fetched first.
     */
    async page(
      userId: string,
      after: [string, string] | null,
      limit: number,
      unreadOnly: boolean,
    ): Promise<InboxRow[]> {
      const r = await db.query<InboxRow>(
        `with mine as (
           select n.id, n.event_id, n.type, n.payload, n.created_at, n.read_at is not null as read
           from notifications n
           where n.user_id = $1 and ($2::timestamptz is null or (n.created_at, n.id) < ($2, $3::uuid))
             and (not $4 or n.read_at is null)
           order by n.created_at desc, n.id desc limit $5
         ), mark as (
           select read_before from inbox_read_marks where user_id = $1
         ), merged as (
           select f.id, f.id as event_id, f.type, f.payload, f.created_at, f.read
           from follows fw
           cross join lateral (
             select cf.id, cf.type, cf.payload, cf.created_at,
               (exists (select 1 from creator_feed_reads r where r.user_id = $1 and r.event_id = cf.id)
                or coalesce(cf.created_at <= (select read_before from mark), false)) as read
             from creator_feed cf
             where cf.creator_id = fw.creator_id and cf.created_at >= fw.created_at
               and ($2::timestamptz is null or (cf.created_at, cf.id) < ($2, $3::uuid))
               and (not $4 or (
                 not exists (select 1 from creator_feed_reads r where r.user_id = $1 and r.event_id = cf.id)
                 and cf.created_at > coalesce((select read_before from mark), '-infinity')))
             order by cf.created_at desc, cf.id desc limit $5
           ) f
           where fw.user_id = $1
         )
         select * from (select * from mine union all select * from merged) x
         order by created_at desc, id desc limit $5`,
        [userId, after?.[0] ?? null, after?.[1] ?? null, unreadOnly, limit + 1],
      );
      return r.rows;
    },

    /** Deliberate exception: the same `follows` join as `page`, counted in one statement. */
    async unreadCount(userId: string): Promise<number> {
      const r = await db.query<{ n: number }>(
        `select (select count(*) from notifications where user_id = $1 and read_at is null)
              + (select count(*) from follows fw
                 join creator_feed cf on cf.creator_id = fw.creator_id and cf.created_at >= fw.created_at
                 where fw.user_id = $1
                   and cf.created_at > coalesce((select read_before from inbox_read_marks where user_id = $1), '-infinity')
                   and not exists (select 1 from creator_feed_reads r where r.user_id = $1 and r.event_id = cf.id)
                ) as n`,
        [userId],
      );
      return Number(r.rows[0]?.n ?? 0);
    },

    /**
     * Mark one item read: an inbox row of the user, else a feed item the user can see.
     * Deliberate exception: "can see" is the inbox merge's own rule (followed, and not
     * before the follow), checked against `follows` in the same insert.
     */
    async markRead(userId: string, id: string, now: Date): Promise<boolean> {
      const own = await db.query<{ id: string }>(
        `update notifications set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning id`,
        [id, userId, now],
      );
      if (own.rowCount > 0) return true;
      const feed = await db.query<{ event_id: string }>(
        `insert into creator_feed_reads (user_id, event_id, read_at)
         select $2, cf.id, $3 from creator_feed cf
         join follows fw on fw.creator_id = cf.creator_id and fw.user_id = $2 and cf.created_at >= fw.created_at
         where cf.id = $1
         on conflict (user_id, event_id) do update set read_at = creator_feed_reads.read_at
         returning event_id`,
        [id, userId, now],
      );
      return feed.rowCount > 0;
    },

    async markAllRead(userId: string, now: Date): Promise<void> {
      await db.tx(async (q) => {
        await q.query("update notifications set read_at = $2 where user_id = $1 and read_at is null", [
          userId,
          now,
        ]);
        await q.query(
          `insert into inbox_read_marks (user_id, read_before) values ($1, $2)
           on conflict (user_id) do update set read_before = greatest(inbox_read_marks.read_before, $2)`,
          [userId, now],
        );
      });
    },

    /** One inbox row; a redelivered event is a no-op. */
    async insertFor(q: Queryable, userId: string, e: InboxEvent): Promise<void> {
      await q.query(
        `insert into notifications (id, user_id, event_id, type, payload, created_at)
         values (gen_random_uuid(), $1, $2, $3, $4::jsonb, $5)
         on conflict (user_id, event_id) do nothing`,
        [userId, e.id, e.type, JSON.stringify(e.payload), e.createdAt],
      );
    },

    /**
     * Fan-out on write, set-based: one statement inserts a batch of followers' rows, walking
     * the creator's followers on their index. Only followers who followed before the event.
     * Deliberate exception: reads `follows` inside the insert, so a batch of 5,000 followers
     * never travels to the application and back.
     */
    async fanOut(creatorId: string, e: InboxEvent): Promise<number> {
      let after: [Date, string] | null = null;
      let total = 0;
      for (;;) {
        const r: { rows: { last_at: Date | null; last_id: string | null; n: number }[] } = await db.query(
          `with batch as (
             select user_id, created_at from follows
             where creator_id = $1 and created_at <= $5
               and ($2::timestamptz is null or (created_at, user_id) < ($2, $3::uuid))
             order by created_at desc, user_id desc limit $4
           ), ins as (
             insert into notifications (id, user_id, event_id, type, payload, created_at)
             select gen_random_uuid(), user_id, $6, $7, $8::jsonb, $5 from batch
             on conflict (user_id, event_id) do nothing
           ), last as (
             select created_at, user_id from batch order by created_at asc, user_id asc limit 1
           )
           select (select created_at from last) as last_at, (select user_id from last) as last_id,
                  (select count(*)::int from batch) as n`,
          [
            creatorId,
            after?.[0] ?? null,
            after?.[1] ?? null,
            FANOUT_BATCH,
            e.createdAt,
            e.id,
            e.type,
            JSON.stringify(e.payload),
          ],
        );
        const row = r.rows[0];
        total += row?.n ?? 0;
        if (!row || row.n < FANOUT_BATCH || !row.last_at || !row.last_id) return total;
        after = [row.last_at, row.last_id];
      }
    },

    /** Fan-out on read: the event is stored once for the creator. */
    async insertFeed(creatorId: string, e: InboxEvent): Promise<void> {
      await db.query(
        `insert into creator_feed (id, creator_id, type, payload, created_at)
         values ($1, $2, $3, $4::jsonb, $5) on conflict (id) do nothing`,
        [e.id, creatorId, e.type, JSON.stringify(e.payload), e.createdAt],
      );
    },

    /**
     * Outbox events for a resuming client after `lastEventId`: later by seq, plus earlier
     * seqs that committed or were published after it (a transaction that took its seq
     * first can commit later). The client's channels filter them: its own events, its
     * followed creators' drop events, its drop channels. Null when the id is unknown;
     * `complete` false when the client is too far behind and should reload its inbox.
     * Deliberate exception: reads `outbox_events` (the outbox's) and `drops` (the catalog's,
     * for drop events whose payload has no creator) in one filtered statement per resume.
     */
    async since(
      lastEventId: string,
      ch: { userId: string; creators: string[]; drops: string[] },
      max: number,
    ): Promise<{ rows: OutboxRow[]; complete: boolean } | null> {
      const last = await db.query<{ seq: string; published_at: Date | null }>(
        "select seq, published_at from outbox_events where id = $1",
        [lastEventId],
      );
      const from = last.rows[0];
      if (!from) return null;
      const r = await db.query<OutboxRow>(
        `select e.seq, e.id, e.type, e.aggregate_id, e.payload, e.created_at from outbox_events e
         where ((e.seq > $1 and e.seq <= $1 + ${RESUME_WINDOW}) or (e.seq < $1 and e.seq > $1 - 10000
                 and (e.published_at is null or e.published_at > coalesce($2, 'infinity'::timestamptz))))
           and (e.payload->>'recipientId' = $3::text
             or ((e.type like 'order.%' or e.type like 'raffle.%' or e.type = 'drop.reminder')
                 and e.payload->>'userId' = $3::text)
             -- a drop's channel replays its drop and stock events only, as live routing sends
             -- them (routing.ts): never another event that happens to share an id
             or (e.type = any($8::text[]) and e.payload->>'dropId' = any($5::text[]))
             or (e.type = any($6::text[]) and exists (
                   select 1 from drops d where d.id = e.aggregate_id and d.creator_id = any($4::uuid[]))))
         order by e.seq limit $7`,
        [
          from.seq,
          from.published_at,
          ch.userId,
          ch.creators,
          ch.drops,
          [...DROP_EVENTS],
          max,
          [...new Set([...DROP_EVENTS, ...STOCK_EVENTS])],
        ],
      );
      const top = await db.query<{ seq: string | null }>("select max(seq) as seq from outbox_events");
      const beyond = Number(top.rows[0]?.seq ?? 0) > Number(from.seq) + RESUME_WINDOW;
      return { rows: r.rows, complete: r.rows.length < max && !beyond };
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
