import type { Db, Queryable } from "../../infra/db/index.js";

export interface EndpointRow {
  id: string;
  owner_id: string;
  url: string;
  events: string[];
  secret: string;
  enabled: boolean;
  failing_since: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = "id, owner_id, url, events, secret, enabled, failing_since, disabled_at, created_at";

/** SQL of the endpoints: each statement names the owner, so nobody reaches another's endpoint. */
export function createEndpointsRepository(db: Db) {
  return {
    /**
     * Insert unless the owner already has `cap` endpoints. The owner's advisory lock makes
     * the count and the insert one step, so two concurrent creations cannot pass the cap.
     */
    async insertCapped(row: Omit<EndpointRow, "enabled" | "failing_since" | "disabled_at">, cap: number) {
      return db.tx(async (q) => {
        await q.query("select pg_advisory_xact_lock(hashtextextended('webhooks:' || $1::text, 0))", [
          row.owner_id,
        ]);
        const r = await q.query<EndpointRow>(
          `insert into webhook_endpoints (id, owner_id, url, events, secret, created_at)
           select $1, $2, $3, $4::text[], $5, $6
           where (select count(*) from webhook_endpoints where owner_id = $2) < $7
           returning ${COLUMNS}`,
          [row.id, row.owner_id, row.url, row.events, row.secret, row.created_at, cap],
        );
        return r.rows[0];
      });
    },

    async list(ownerId: string): Promise<EndpointRow[]> {
      const r = await db.query<EndpointRow>(
        `select ${COLUMNS} from webhook_endpoints where owner_id = $1 order by created_at desc, id desc`,
        [ownerId],
      );
      return r.rows;
    },

    async get(ownerId: string, id: string): Promise<EndpointRow | undefined> {
      const r = await db.query<EndpointRow>(
        `select ${COLUMNS} from webhook_endpoints where id = $1 and owner_id = $2`,
        [id, ownerId],
      );
      return r.rows[0];
    },

    /** Change what is given; turning an endpoint on forgets its failure run. */
    async update(
      ownerId: string,
      id: string,
      patch: { url?: string; events?: string[]; enabled?: boolean },
    ): Promise<EndpointRow | undefined> {
      const r = await db.query<EndpointRow>(
        `update webhook_endpoints set
           url = coalesce($3, url),
           events = coalesce($4::text[], events),
           enabled = coalesce($5, enabled),
           failing_since = case when $5 then null else failing_since end,
           disabled_at = case when $5 then null else disabled_at end
         where id = $1 and owner_id = $2
         returning ${COLUMNS}`,
        [id, ownerId, patch.url ?? null, patch.events ?? null, patch.enabled ?? null],
      );
      return r.rows[0];
    },

    /** Deletes the endpoint and (cascade) its delivery log. */
    async delete(ownerId: string, id: string): Promise<boolean> {
      const r = await db.query("delete from webhook_endpoints where id = $1 and owner_id = $2", [
        id,
        ownerId,
      ]);
      return r.rowCount > 0;
    },

    /** A deleted account's endpoints go in its deletion's transaction. */
    async deleteAllOf(q: Queryable, ownerId: string): Promise<void> {
      await q.query("delete from webhook_endpoints where owner_id = $1", [ownerId]);
    },
  };
}

export type EndpointsRepository = ReturnType<typeof createEndpointsRepository>;
