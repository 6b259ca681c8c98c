import type { Db, Queryable } from "../../infra/db/index.js";
import { jsonbObject } from "../../shared/jsonb.js";
import type { ReminderPayload } from "./reminders.events.js";

const PAYLOAD_SQL = jsonbObject({
  userId: "f.user_id",
  dropId: "d.id",
  creatorId: "d.creator_id",
  productId: "d.product_id",
  startsAt: "d.starts_at",
  endsAt: "d.ends_at",
} satisfies Record<keyof ReminderPayload, string>);

/** SQL of reminders: one row per (drop, user), fired by one statement. */
export function createRemindersRepository(db: Db) {
  return {
    /** Idempotent: asking twice keeps the first request (and whether it already fired). */
    async set(dropId: string, userId: string, now: Date): Promise<void> {
      await db.query(
        `insert into drop_reminders (drop_id, user_id, created_at) values ($1, $2, $3)
         on conflict (drop_id, user_id) do nothing`,
        [dropId, userId, now],
      );
    },

    async remove(dropId: string, userId: string): Promise<void> {
      await db.query("delete from drop_reminders where drop_id = $1 and user_id = $2", [dropId, userId]);
    },

    async exists(dropId: string, userId: string): Promise<boolean> {
      const r = await db.query("select 1 from drop_reminders where drop_id = $1 and user_id = $2", [
        dropId,
        userId,
      ]);
      return r.rows.length > 0;
    },

    async removeAllOf(q: Queryable, userId: string): Promise<void> {
      await q.query("delete from drop_reminders where user_id = $1", [userId]);
    },

    /**
     * Fire up to `limit` due reminders in one statement: claim them (`fired_at`, guarded by
     * `fired_at is null`, skip-locked so concurrent workers take others) and write each one's
     * outbox row. Due: the drop starts within `leadMs` (or has started) and has not ended or
     * been cancelled; the drop's current times count, so an edited drop reminds on its new
     * schedule. Answers how many fired.
     * Deliberate exception: reads `drops` (the catalog's), as the scheduler does, so the
     * claim, the re-read of the drop and the event are one step.
     */
    async fireDue(now: Date, leadMs: number, limit: number): Promise<number> {
      const r = await db.query<{ n: number }>(
        `with due as (
           select r.drop_id, r.user_id from drop_reminders r
           join drops d on d.id = r.drop_id
           where r.fired_at is null and d.cancelled_at is null
             and d.starts_at <= $1::timestamptz + make_interval(secs => $2::double precision / 1000)
             and d.ends_at > $1
           limit $3
           for update of r skip locked
         ), f as (
           update drop_reminders r set fired_at = $1
           from due where r.drop_id = due.drop_id and r.user_id = due.user_id and r.fired_at is null
           returning r.drop_id, r.user_id
         ), ev as (
           insert into outbox_events (type, aggregate_id, payload, created_at)
           select 'drop.reminder', d.id, ${PAYLOAD_SQL}, $1
           from f join drops d on d.id = f.drop_id
           returning 1
         )
         select count(*)::int as n from ev`,
        [now, leadMs, limit],
      );
      return r.rows[0]?.n ?? 0;
    },

    /** Forget reminders of drops over (or cancelled) for more than `graceMs`, a batch at a time. */
    async purge(now: Date, graceMs: number, limit: number): Promise<number> {
      const r = await db.query(
        `delete from drop_reminders where (drop_id, user_id) in (
           select r.drop_id, r.user_id from drop_reminders r join drops d on d.id = r.drop_id
           where coalesce(least(d.cancelled_at, d.ends_at), d.ends_at)
                 < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
           limit $3)`,
        [now, graceMs, limit],
      );
      return r.rowCount;
    },
  };
}

export type RemindersRepository = ReturnType<typeof createRemindersRepository>;
