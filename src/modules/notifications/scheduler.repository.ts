import type { Db } from "../../infra/db/index.js";
import { jsonbObject } from "../../shared/jsonb.js";
import type { ScheduledPayload } from "./notifications.events.js";
import type { ScheduledType } from "./routing.js";

export interface ScheduleRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  fired: string[];
}

/** When each time-based event is due; `ending_soon` never before the start. */
const DUE: Record<ScheduledType, string> = {
  "drop.started": "d.starts_at",
  "drop.ending_soon": "greatest(d.starts_at, d.ends_at - make_interval(secs => $4::double precision / 1000))",
  "drop.ended": "d.ends_at",
};

/** The payload of a fired event, from the drop as the firing statement re-read it. */
const PAYLOAD_SQL = jsonbObject({
  dropId: "d.id",
  creatorId: "d.creator_id",
  productId: "d.product_id",
  startsAt: "d.starts_at",
  endsAt: "d.ends_at",
  dueAt: "d.due_at",
} satisfies Record<keyof ScheduledPayload, string>);

/**
 * SQL of the scheduler: which drops have events to arm, and firing one exactly once.
 * Deliberate exception: both statements read `drops` (the catalog's). Firing must re-read
 * the drop, claim (drop, type) and write the event in one statement to fire exactly once
 * across workers; the scan joins the claims to the drops in one walk of the starts_at index.
 */
export function createSchedulerRepository(db: Db) {
  return {
    /**
     * Drops that start before `horizon`, have not ended before `since`, are not cancelled
     * and still have an event to fire. Walks the partial index on starts_at.
     */
    async pending(horizon: Date, since: Date): Promise<ScheduleRow[]> {
      const r = await db.query<ScheduleRow>(
        `select d.id, d.starts_at, d.ends_at,
           coalesce(array_agg(f.type) filter (where f.type is not null), '{}') as fired
         from drops d left join drop_events_fired f on f.drop_id = d.id
         where d.cancelled_at is null and d.starts_at <= $1 and d.ends_at >= $2
         group by d.id
         having count(f.type) < 3`,
        [horizon, since],
      );
      return r.rows;
    },

    /**
     * Fire one event in one statement: re-read the drop (not cancelled, still due at its
     * current times), claim (drop, type) in drop_events_fired and write the outbox row only
     * if this call made the claim. Any number of workers may race here; one wins.
     * `ending_soon` for a drop already over is claimed without an event.
     */
    async fire(
      dropId: string,
      type: ScheduledType,
      now: Date,
      leadMs: number,
    ): Promise<string | null | false> {
      const due = DUE[type];
      const r = await db.query<{ event_id: string | null }>(
        `with d as (
           select d.id, d.creator_id, d.product_id, d.starts_at, d.ends_at, ${due} as due_at
           from drops d where d.id = $1 and d.cancelled_at is null and ${due} <= $3 and $4::double precision >= 0
         ), claim as (
           insert into drop_events_fired (drop_id, type, due_at, fired_at)
           select id, $2, due_at, $3 from d
           on conflict (drop_id, type) do nothing
           returning drop_id
         ), ev as (
           insert into outbox_events (type, aggregate_id, payload, created_at)
           select $2, d.id, ${PAYLOAD_SQL}, $3
           from d join claim on claim.drop_id = d.id
           where $2 <> 'drop.ending_soon' or $3 < d.ends_at
           returning id
         )
         select (select id from ev) as event_id, exists (select 1 from claim) as claimed`,
        [dropId, type, now, leadMs],
      );
      const row = r.rows[0] as { event_id: string | null; claimed: boolean } | undefined;
      if (!row?.claimed) return false;
      return row.event_id;
    },
  };
}
