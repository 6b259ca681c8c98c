import type { Queryable } from "../../infra/db/index.js";
import { jsonbObject } from "../../shared/jsonb.js";
import type { QueueAdmittedPayload, QueueClosedPayload } from "./fair.events.js";

export interface RoomRow {
  drop_id: string;
  last_position: number;
  admitted_through: number;
  ranked_at: Date | null;
  admitted_at: Date | null;
  closed_at: Date | null;
}

/** A ticket read with its room: all a ticket's state, position and `ahead` need. */
export interface TicketRow {
  id: string;
  drop_id: string;
  user_id: string;
  position: number | null;
  admitted_at: Date | null;
  pass_expires_at: Date | null;
  pass_used_at: Date | null;
  admitted_through: number;
  ranked_at: Date | null;
  closed_at: Date | null;
}

/** A room the worker looks after, with what it needs of its drop. */
export interface ActiveRoom {
  drop_id: string;
  ranked_at: Date | null;
  starts_at: Date;
  ends_at: Date;
  cancelled_at: Date | null;
  admit_per_second: number;
  pass_ttl_seconds: number;
  available: number;
}

// bigint columns arrive as text from node-postgres: positions are numbers here.
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const room = (r: RoomRow): RoomRow => ({
  ...r,
  last_position: Number(r.last_position),
  admitted_through: Number(r.admitted_through),
});
const ticket = (r: TicketRow): TicketRow => ({
  ...r,
  position: num(r.position),
  admitted_through: Number(r.admitted_through),
});

const ADMITTED_SQL = jsonbObject({
  recipientId: "a.user_id::text",
  dropId: "a.drop_id::text",
  ticketId: "a.id::text",
  position: "a.position",
  passExpiresAt: "$6::text",
} satisfies Record<keyof QueueAdmittedPayload, string>);

const CLOSED_SQL = jsonbObject({
  recipientId: "t.user_id::text",
  dropId: "t.drop_id::text",
  ticketId: "t.id::text",
  reason: "$3::text",
} satisfies Record<keyof QueueClosedPayload, string>);

const TICKET = `select t.id, t.drop_id, t.user_id, t.position, t.admitted_at, t.pass_expires_at, t.pass_used_at,
    r.admitted_through, r.ranked_at, r.closed_at
  from queue_tickets t join queue_rooms r on r.drop_id = t.drop_id`;

/** The waiting room's SQL. Every read of a ticket is one primary- or unique-key lookup plus its room. */
export function createQueueRepository(db: Queryable) {
  return {
    async ticket(dropId: string, userId: string, q: Queryable = db): Promise<TicketRow | undefined> {
      const r = await q.query<TicketRow>(`${TICKET} where t.drop_id = $1 and t.user_id = $2`, [
        dropId,
        userId,
      ]);
      return r.rows[0] && ticket(r.rows[0]);
    },

    async ticketById(id: string): Promise<TicketRow | undefined> {
      const r = await db.query<TicketRow>(`${TICKET} where t.id = $1`, [id]);
      return r.rows[0] && ticket(r.rows[0]);
    },

    async ensureRoom(q: Queryable, dropId: string): Promise<void> {
      await q.query("insert into queue_rooms (drop_id) values ($1) on conflict (drop_id) do nothing", [
        dropId,
      ]);
    },

    /**
     * Early joiners hold the room row shared: they never wait for one another, only for the
     * ranking (which locks it exclusively), so no early ticket can slip in unranked.
     */
    async roomShared(q: Queryable, dropId: string): Promise<RoomRow | undefined> {
      const r = await q.query<RoomRow>("select * from queue_rooms where drop_id = $1 for share", [dropId]);
      return r.rows[0] && room(r.rows[0]);
    },

    /** The room locked for a change of its counters (a late join, the ranking, an admission, closing). */
    async roomForUpdate(q: Queryable, dropId: string, nowait = false): Promise<RoomRow | undefined> {
      const r = await q.query<RoomRow>(
        `select * from queue_rooms where drop_id = $1 for update${nowait ? " nowait" : ""}`,
        [dropId],
      );
      return r.rows[0] && room(r.rows[0]);
    },

    /** An early ticket: no position yet, a random draw. False when the user already has one. */
    async insertEarly(
      q: Queryable,
      t: { id: string; dropId: string; userId: string; draw: bigint; now: Date },
    ): Promise<boolean> {
      const r = await q.query(
        `insert into queue_tickets (id, drop_id, user_id, joined_at, draw) values ($1, $2, $3, $4, $5)
         on conflict (drop_id, user_id) do nothing`,
        [t.id, t.dropId, t.userId, t.now, t.draw.toString()],
      );
      return r.rowCount > 0;
    },

    /** Whether the draw has run: a plain read, no lock (a drawn room stays drawn). */
    async ranked(dropId: string): Promise<boolean> {
      const r = await db.query<{ ranked: boolean }>(
        "select ranked_at is not null as ranked from queue_rooms where drop_id = $1",
        [dropId],
      );
      return r.rows[0]?.ranked ?? false;
    },

    /** Which of these users already hold a ticket of the drop. */
    async holders(q: Queryable, dropId: string, userIds: string[]): Promise<Set<string>> {
      const r = await q.query<{ user_id: string }>(
        "select user_id from queue_tickets where drop_id = $1 and user_id = any($2::uuid[])",
        [dropId, userIds],
      );
      return new Set(r.rows.map((x) => x.user_id));
    },

    /**
     * Late tickets take the next positions from the room's counter, in the given order, in
     * one statement: the counter moves by their number and each gets its place in that
     * range. The caller holds the room locked and passes users without a ticket.
     */
    async insertLate(
      q: Queryable,
      dropId: string,
      now: Date,
      tickets: { id: string; userId: string; draw: bigint }[],
    ): Promise<void> {
      await q.query(
        `with pos as (
           update queue_rooms set last_position = last_position + $3 where drop_id = $1 returning last_position
         )
         insert into queue_tickets (id, drop_id, user_id, joined_at, draw, position)
         select t.id, $1, t.user_id, $2, t.draw, pos.last_position - $3 + t.n
         from pos, unnest($4::uuid[], $5::uuid[], $6::bigint[]) with ordinality as t(id, user_id, draw, n)`,
        [
          dropId,
          now,
          tickets.length,
          tickets.map((t) => t.id),
          tickets.map((t) => t.userId),
          tickets.map((t) => t.draw.toString()),
        ],
      );
    },

    /**
     * The draw: the unranked (early) tickets get positions 1..n in the order of their random
     * keys, in one statement. The caller holds the room locked and has checked it unranked,
     * so this runs once per drop across any number of processes.
     */
    async rank(q: Queryable, dropId: string, now: Date, admissionClock: Date): Promise<number> {
      const r = await q.query<{ n: string }>(
        `with ranked as (
           select id, row_number() over (order by draw, id) as pos
           from queue_tickets where drop_id = $1 and position is null
         ), upd as (
           update queue_tickets t set position = ranked.pos from ranked where t.id = ranked.id returning 1
         )
         select count(*) as n from upd`,
        [dropId],
      );
      const n = Number(r.rows[0]?.n ?? 0);
      await q.query(
        "update queue_rooms set last_position = $2, ranked_at = $3, admitted_at = $4 where drop_id = $1",
        [dropId, n, now, admissionClock],
      );
      return n;
    },

    /**
     * Admit positions (from, to]: each ticket gets its pass's expiry and its holder a
     * `queue.admitted`, in one statement; then the room's counters move. The room is locked.
     */
    async admit(
      q: Queryable,
      a: { dropId: string; from: number; to: number; now: Date; passExpiresAt: Date; clock: Date },
    ): Promise<number> {
      const r = await q.query<{ n: string }>(
        `with a as (
           update queue_tickets set admitted_at = $4, pass_expires_at = $5
           where drop_id = $1 and position > $2 and position <= $3 and admitted_at is null
           returning id, drop_id, user_id, position
         ), ev as (
           insert into outbox_events (type, aggregate_id, payload, created_at)
           select 'queue.admitted', a.user_id, ${ADMITTED_SQL}, $4 from a
           returning 1
         )
         select count(*) as n from ev`,
        [a.dropId, a.from, a.to, a.now, a.passExpiresAt, a.passExpiresAt.toISOString()],
      );
      await q.query("update queue_rooms set admitted_through = $2, admitted_at = $3 where drop_id = $1", [
        a.dropId,
        a.to,
        a.clock,
      ]);
      return Number(r.rows[0]?.n ?? 0);
    },

    /**
     * Close the room (once: guarded by `closed_at is null`) and tell every holder of a ticket
     * not admitted, with one insert ... select of direct notifications. Their state needs no
     * update: a ticket reads closed from the room. Returns how many were told, or null when
     * the room was already closed.
     */
    async close(
      q: Queryable,
      dropId: string,
      now: Date,
      reason: "sold_out" | "ended",
    ): Promise<number | null> {
      const done = await q.query(
        "update queue_rooms set closed_at = $2, closed_reason = $3 where drop_id = $1 and closed_at is null",
        [dropId, now, reason],
      );
      if (done.rowCount === 0) return null;
      const r = await q.query(
        `insert into outbox_events (type, aggregate_id, payload, created_at)
         select 'queue.closed', t.user_id, ${CLOSED_SQL}, $2
         from queue_tickets t where t.drop_id = $1 and t.admitted_at is null`,
        [dropId, now, reason],
      );
      return r.rowCount;
    },

    /**
     * Rooms the worker looks after: not closed, of drops that have started (or were
     * cancelled), with each drop's admission settings and available stock.
     * Deliberate exception: reads `drops` (catalog) and `drop_inventory` (orders) in the
     * same statement, once per tick for every open room, so the worker neither asks per
     * room nor admits from a stale answer about the stock.
     */
    async activeRooms(now: Date): Promise<ActiveRoom[]> {
      const r = await db.query<ActiveRoom>(
        `select r.drop_id, r.ranked_at, d.starts_at, d.ends_at, d.cancelled_at, d.admit_per_second,
           d.pass_ttl_seconds, i.available
         from queue_rooms r join drops d on d.id = r.drop_id join drop_inventory i on i.drop_id = r.drop_id
         where r.closed_at is null and (d.starts_at <= $1 or d.cancelled_at is not null)`,
        [now],
      );
      return r.rows;
    },

    /**
     * Spend the pass on the order named by its idempotency key, in one guarded statement:
     * the caller's admitted ticket of this drop, unspent and unexpired, or already spent by
     * this same key (a retried request, let through to its stored answer).
     */
    async claimPass(t: { ticketId: string; userId: string; dropId: string; key: string; now: Date }) {
      const r = await db.query(
        `update queue_tickets set pass_used_at = coalesce(pass_used_at, $5), pass_key = coalesce(pass_key, $4)
         where id = $1 and user_id = $2 and drop_id = $3 and admitted_at is not null
           and ((pass_used_at is null and pass_expires_at > $5) or pass_key = $4)`,
        [t.ticketId, t.userId, t.dropId, t.key, t.now],
      );
      return r.rowCount > 0;
    },

    /** The order the pass was spent on failed: the pass is good again (until it expires). */
    async releasePass(ticketId: string, key: string): Promise<void> {
      await db.query(
        "update queue_tickets set pass_used_at = null, pass_key = null where id = $1 and pass_key = $2",
        [ticketId, key],
      );
    },
  };
}

export type QueueRepository = ReturnType<typeof createQueueRepository>;
