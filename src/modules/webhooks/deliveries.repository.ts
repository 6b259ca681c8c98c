import type { Db } from "../../infra/db/index.js";

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_at: Date;
  window_start: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A claimed delivery, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  body: string;
  attempts: number;
  window_start: Date;
  url: string;
  secret: string;
}

const LOG_COLUMNS = `id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at, window_start,
  last_attempt_at, last_status_code, last_error, delivered_at, created_at`;

/** SQL of the deliveries: enqueue from events, claim, record outcomes, the log, retention. */
export function createDeliveriesRepository(db: Db) {
  return {
    /**
     * One row per enabled endpoint of the creator that wants this type, in one statement;
     * the (endpoint, event) key makes an event the bus hands over twice one delivery.
     */
    async enqueue(
      creatorId: string,
      e: { id: string; type: string; body: string },
      now: Date,
      newIds: () => string,
    ): Promise<number> {
      const endpoints = await db.query<{ id: string }>(
        `select id from webhook_endpoints
         where owner_id = $1 and enabled and ($2 = any(events) or '*' = any(events))`,
        [creatorId, e.type],
      );
      if (endpoints.rows.length === 0) return 0;
      const ids = endpoints.rows.map((r) => r.id);
      const r = await db.query(
        `insert into webhook_deliveries
           (id, endpoint_id, event_id, event_type, body, status, next_attempt_at, window_start, created_at)
         select d.id, d.endpoint_id, $3, $4, $5, 'pending', $6, $6, $6
         from unnest($1::uuid[], $2::uuid[]) as d(id, endpoint_id)
         on conflict (endpoint_id, event_id) do nothing`,
        [ids.map(() => newIds()), ids, e.id, e.type, e.body, now],
      );
      return r.rowCount;
    },

    /**
     * Claim up to `limit` due deliveries of enabled endpoints: skip-locked, so several
     * workers take disjoint batches, and leased (next attempt pushed past the send's
     * timeout) so a worker that dies mid-send leaves them to be retried, never lost.
     */
    async claim(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
      const r = await db.query<ClaimedDelivery>(
        `with due as (
           select d.id from webhook_deliveries d
           join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
           where d.status = 'pending' and d.next_attempt_at <= $1
           order by d.next_attempt_at
           limit $3
           for update of d skip locked
         )
         update webhook_deliveries d
         set next_attempt_at = $1::timestamptz + make_interval(secs => $2::double precision / 1000),
             attempts = d.attempts + 1, last_attempt_at = $1
         from due, webhook_endpoints e
         where d.id = due.id and e.id = d.endpoint_id
         returning d.id, d.endpoint_id, d.event_id, d.body, d.attempts, d.window_start, e.url, e.secret`,
        [now, leaseMs, limit],
      );
      return r.rows;
    },

    /** The endpoint answered 2xx: delivered, and its failure run (if any) is over. */
    async delivered(d: ClaimedDelivery, now: Date, code: number): Promise<void> {
      await db.query(
        `with done as (
           update webhook_deliveries set status = 'delivered', delivered_at = $2, last_status_code = $3,
             last_error = null
           where id = $1 and status = 'pending'
         )
         update webhook_endpoints set failing_since = null where id = $4 and failing_since is not null`,
        [d.id, now, code, d.endpoint_id],
      );
    },

    /**
     * An attempt failed: retry at `retryAt`, or give up (`retryAt` null). The endpoint's
     * failure run starts (if it had not) and, once it is `windowMs` long, the endpoint is
     * disabled and its pending deliveries given up; answers whether this call disabled it,
     * so its owner is told exactly once.
     */
    async failed(
      d: ClaimedDelivery,
      now: Date,
      outcome: { code: number | null; error: string },
      retryAt: Date | null,
      windowMs: number,
    ): Promise<{ disabled: boolean; url: string; failingSince: Date | null; ownerId: string | null }> {
      return db.tx(async (q) => {
        await q.query(
          `update webhook_deliveries set last_status_code = $2, last_error = $3,
             status = case when $4::timestamptz is null then 'failed' else 'pending' end,
             next_attempt_at = coalesce($4, next_attempt_at)
           where id = $1 and status = 'pending'`,
          [d.id, outcome.code, outcome.error.slice(0, 500), retryAt],
        );
        // `old` is the row before this update: only the call that turns it off says "disabled".
        const e = await q.query<{
          disabled: boolean;
          url: string;
          failing_since: Date | null;
          owner_id: string;
        }>(
          `with old as (
             select id, enabled, coalesce(failing_since, $2) as since,
               coalesce(failing_since, $2) <= $2::timestamptz - make_interval(secs => $3::double precision / 1000) as expired
             from webhook_endpoints where id = $1 for update
           )
           update webhook_endpoints e set
             failing_since = old.since,
             enabled = old.enabled and not old.expired,
             disabled_at = case when old.enabled and old.expired then $2 else e.disabled_at end
           from old where e.id = old.id
           returning (old.enabled and old.expired) as disabled, e.url, e.failing_since, e.owner_id`,
          [d.endpoint_id, now, windowMs],
        );
        const row = e.rows[0];
        if (row?.disabled) {
          await q.query(
            `update webhook_deliveries set status = 'failed', last_error = 'endpoint disabled after failing for too long'
             where endpoint_id = $1 and status = 'pending'`,
            [d.endpoint_id],
          );
        }
        return {
          disabled: Boolean(row?.disabled),
          url: row?.url ?? d.url,
          failingSince: row?.failing_since ?? null,
          ownerId: row?.owner_id ?? null,
        };
      });
    },

    /** One page of an endpoint's log, newest first (the caller checked the owner). */
    async page(endpointId: string, after: [string, string] | null, limit: number): Promise<DeliveryRow[]> {
      const r = await db.query<DeliveryRow>(
        `select ${LOG_COLUMNS} from webhook_deliveries
         where endpoint_id = $1 and ($2::timestamptz is null or (created_at, id) < ($2, $3::uuid))
         order by created_at desc, id desc limit $4`,
        [endpointId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return r.rows;
    },

    /** Send again now, with a fresh retry window; only through the owner's endpoint. */
    async redeliver(
      ownerId: string,
      endpointId: string,
      id: string,
      now: Date,
    ): Promise<DeliveryRow | undefined> {
      const r = await db.query<DeliveryRow>(
        `update webhook_deliveries d
         set status = 'pending', next_attempt_at = $4, window_start = $4, delivered_at = null
         from webhook_endpoints e
         where d.id = $3 and d.endpoint_id = $2 and e.id = d.endpoint_id and e.owner_id = $1
         returning ${LOG_COLUMNS.split(",")
           .map((c) => `d.${c.trim()}`)
           .join(", ")}`,
        [ownerId, endpointId, id, now],
      );
      return r.rows[0];
    },

    /** Delete up to `limit` finished deliveries created before `cutoff`; answers how many. */
    async purge(cutoff: Date, limit: number): Promise<number> {
      const r = await db.query(
        `delete from webhook_deliveries where id in (
           select id from webhook_deliveries where status <> 'pending' and created_at < $1
           order by created_at limit $2)`,
        [cutoff, limit],
      );
      return r.rowCount;
    },
  };
}

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
