import type { Queryable } from "../../infra/db/index.js";
import type { StoredImage } from "../media/index.js";
import type { DropAccess, ListStatus } from "./catalog.schemas.js";

/**
 * A drop with its product summary, its inventory row and, for a raffle, the raffle's public
 * settings, as every drop read needs it. Deliberate exception: reads `drop_raffles` (the
 * raffles module's) in the same statement, so a drop page stays one query.
 */
export interface DropRow {
  id: string;
  product_id: string;
  creator_id: string;
  starts_at: Date;
  ends_at: Date;
  initial_stock: number;
  low_stock_threshold: number;
  per_user_limit: number | null;
  price_override_cents: string | number | null;
  /** The price frozen when the product's price changed after the drop went live. */
  price_snapshot_cents: string | number | null;
  cancelled_at: Date | null;
  access: DropAccess;
  admit_per_second: number;
  pass_ttl_seconds: number;
  bot_protection: boolean;
  created_at: Date;
  updated_at: Date;
  product_title: string;
  product_image_urls: string[];
  product_images: StoredImage[];
  product_price_cents: string | number;
  product_currency: string;
  /** The drop's currency: frozen with its price, else the product's. */
  currency: string;
  inv_initial: number;
  available: number;
  reserved: number;
  sold: number;
  /** From the raffles module's `drop_raffles` (null for an open drop). */
  entries_close_at: Date | null;
  claim_ttl_seconds: number | null;
  draw_commitment: string | null;
  /** Null for a drop sold as one stock; else its variants in the creator's order. */
  variants: VariantRow[] | null;
  ships_to: string[] | null;
  shipping_fee_cents: string | number | null;
}

export interface VariantRow {
  id: string;
  name: string;
  initial: number;
  available: number;
  reserved: number;
  sold: number;
}

const SELECT = `select d.id, d.product_id, d.creator_id, d.starts_at, d.ends_at, d.initial_stock,
    d.low_stock_threshold, d.per_user_limit, d.price_override_cents, d.price_snapshot_cents, d.cancelled_at,
    d.access, d.admit_per_second, d.pass_ttl_seconds, d.bot_protection, d.created_at, d.updated_at,
    p.title as product_title, p.image_urls as product_image_urls, p.images as product_images,
    p.price_cents as product_price_cents,
    p.currency as product_currency, coalesce(d.currency_snapshot, p.currency) as currency,
    d.ships_to, d.shipping_fee_cents,
    coalesce(i.initial, v.initial) as inv_initial, coalesce(i.available, v.available) as available,
    coalesce(i.reserved, v.reserved) as reserved, coalesce(i.sold, v.sold) as sold, v.variants,
    r.entries_close_at, r.claim_ttl_seconds, r.commitment as draw_commitment
  from drops d join products p on p.id = d.product_id
  left join drop_inventory i on i.drop_id = d.id
  left join drop_raffles r on r.drop_id = d.id
  -- A drop sells either its inventory row or its variants (013): their sum is its stock.
  left join lateral (
    select sum(x.initial)::int as initial, sum(x.available)::int as available,
      sum(x.reserved)::int as reserved, sum(x.sold)::int as sold,
      json_agg(json_build_object('id', x.id, 'name', x.name, 'initial', x.initial, 'available', x.available,
        'reserved', x.reserved, 'sold', x.sold) order by x.position) as variants
    from drop_variants x where x.drop_id = d.id and i.drop_id is null
  ) v on true`;

export interface DropValues {
  startsAt: Date;
  endsAt: Date;
  /** With variants: the sum of theirs. */
  initialStock: number;
  lowStockThreshold: number;
  perUserLimit: number | null;
  priceOverrideCents: number | null;
  shipsTo: string[] | null;
  shippingFeeCents: number | null;
  access: DropAccess;
  admitPerSecond: number;
  passTtlSeconds: number;
  botProtection: boolean;
}

/**
 * Each list is a keyset walk over the index that matches its order (see 002_catalog.sql):
 * the `where` picks the status at `now`, the row comparison continues after the cursor.
 */
const LISTS: Record<ListStatus, { where: string; key: string; cmp: string; order: string }> = {
  upcoming: { where: "d.starts_at > $1", key: "d.starts_at", cmp: ">", order: "d.starts_at asc, d.id asc" },
  live: {
    where: "d.starts_at <= $1 and d.ends_at > $1",
    key: "d.ends_at",
    cmp: ">",
    order: "d.ends_at asc, d.id asc",
  },
  ended: { where: "d.ends_at <= $1", key: "d.ends_at", cmp: "<", order: "d.ends_at desc, d.id desc" },
};

/** The only place with SQL for drops and their inventory rows (reads; orders owns stock moves). */
export function createDropsRepository(db: Queryable) {
  return {
    /**
     * Lock the product against a concurrent soft delete until the drop commits (the delete
     * locks the row first, then looks for open drops). False when it is gone.
     */
    async lockLiveProduct(q: Queryable, productId: string): Promise<boolean> {
      const r = await q.query("select 1 from products where id = $1 and deleted_at is null for share", [
        productId,
      ]);
      return r.rows.length > 0;
    },

    /**
     * A drop and its stock: one inventory row, or (with `variants`) one row per variant and
     * no inventory row, so each variant is a hot row of its own.
     */
    async insert(
      q: Queryable,
      d: DropValues & {
        id: string;
        productId: string;
        creatorId: string;
        now: Date;
        variants: { id: string; name: string; stock: number }[] | null;
      },
    ): Promise<void> {
      await q.query(
        `insert into drops (id, product_id, creator_id, starts_at, ends_at, initial_stock, low_stock_threshold,
           per_user_limit, price_override_cents, created_at, updated_at, ships_to, shipping_fee_cents,
           access, admit_per_second, pass_ttl_seconds, bot_protection)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16)`,
        [
          d.id,
          d.productId,
          d.creatorId,
          d.startsAt,
          d.endsAt,
          d.initialStock,
          d.lowStockThreshold,
          d.perUserLimit,
          d.priceOverrideCents,
          d.now,
          d.shipsTo,
          d.shippingFeeCents,
          d.access,
          d.admitPerSecond,
          d.passTtlSeconds,
          d.botProtection,
        ],
      );
      if (d.variants) {
        await q.query(
          `insert into drop_variants (id, drop_id, name, position, initial, available, reserved, sold)
           select id, $1, name, pos, stock, stock, 0, 0
           from unnest($2::uuid[], $3::text[], $4::int[]) with ordinality as t(id, name, stock, pos)`,
          [d.id, d.variants.map((v) => v.id), d.variants.map((v) => v.name), d.variants.map((v) => v.stock)],
        );
        return;
      }
      await q.query(
        "insert into drop_inventory (drop_id, initial, available, reserved, sold) values ($1, $2, $2, 0, 0)",
        [d.id, d.initialStock],
      );
    },

    async find(id: string, q: Queryable = db): Promise<DropRow | undefined> {
      const r = await q.query<DropRow>(`${SELECT} where d.id = $1`, [id]);
      return r.rows[0];
    },

    /**
     * Apply an edit only while the drop has not started and is not cancelled, checked in the
     * same statement so an edit cannot slip in after the start. Returns false when too late.
     */
    async updateBeforeStart(q: Queryable, id: string, v: DropValues, now: Date): Promise<boolean> {
      const r = await q.query(
        `update drops set starts_at = $2, ends_at = $3, initial_stock = $4, low_stock_threshold = $5,
           per_user_limit = $6, price_override_cents = $7, updated_at = $8, ships_to = $9, shipping_fee_cents = $10,
           access = $11, admit_per_second = $12, pass_ttl_seconds = $13, bot_protection = $14
         where id = $1 and starts_at > $8 and cancelled_at is null`,
        [
          id,
          v.startsAt,
          v.endsAt,
          v.initialStock,
          v.lowStockThreshold,
          v.perUserLimit,
          v.priceOverrideCents,
          now,
          v.shipsTo,
          v.shippingFeeCents,
          v.access,
          v.admitPerSecond,
          v.passTtlSeconds,
          v.botProtection,
        ],
      );
      if (r.rowCount === 0) return false;
      // Nothing can be reserved or sold before the start, so this resets the counters; if
      // something were, the table's checks would refuse a total below it. A drop with
      // variants has no inventory row (its variants' stock is fixed at creation).
      await q.query(
        "update drop_inventory set initial = $2, available = $2 - reserved - sold where drop_id = $1",
        [id, v.initialStock],
      );
      return true;
    },

    /**
     * An upcoming drop is cancelled; a live one ends now (still after its start, as the
     * table requires). Returns the new state, or nothing when it had already ended or was cancelled.
     */
    async cancel(q: Queryable, id: string, now: Date): Promise<"cancelled" | "ended" | null> {
      const r = await q.query<{ cancelled: boolean }>(
        `update drops set
           cancelled_at = case when starts_at > $2 then $2 end,
           ends_at = case when starts_at > $2 then ends_at
                          else greatest($2, starts_at + interval '1 millisecond') end,
           updated_at = $2
         where id = $1 and cancelled_at is null and ends_at > $2
         returning cancelled_at is not null as cancelled`,
        [id, now],
      );
      const row = r.rows[0];
      return row ? (row.cancelled ? "cancelled" : "ended") : null;
    },

    /**
     * Account deletion: every drop of the creator that is not over yet, by `cancel`'s rule
     * (an upcoming one is cancelled, a live one ends now), in one statement. Returns the
     * drops it changed, each with what happened.
     */
    async endAllOf(
      q: Queryable,
      creatorId: string,
      now: Date,
    ): Promise<{ id: string; product_id: string; starts_at: Date; ends_at: Date; cancelled: boolean }[]> {
      const r = await q.query<{
        id: string;
        product_id: string;
        starts_at: Date;
        ends_at: Date;
        cancelled: boolean;
      }>(
        `with open as (
           select id, ends_at as old_end from drops
           where creator_id = $1 and cancelled_at is null and ends_at > $2
           order by id for update
         )
         update drops d set
           cancelled_at = case when d.starts_at > $2 then $2 end,
           ends_at = case when d.starts_at > $2 then d.ends_at
                          else greatest($2, d.starts_at + interval '1 millisecond') end,
           updated_at = $2
         from open where d.id = open.id
         returning d.id, d.product_id, d.starts_at, open.old_end as ends_at, d.cancelled_at is not null as cancelled`,
        [creatorId, now],
      );
      return r.rows;
    },

    async list(opts: {
      status: ListStatus;
      now: Date;
      creatorId: string | null;
      after: [string, string] | null;
      limit: number;
    }): Promise<DropRow[]> {
      const l = LISTS[opts.status];
      const r = await db.query<DropRow>(
        `${SELECT}
         where d.cancelled_at is null and ${l.where}
           and ($2::uuid is null or d.creator_id = $2)
           and ($3::timestamptz is null or (${l.key}, d.id) ${l.cmp} ($3, $4::uuid))
         order by ${l.order}
         limit $5`,
        [opts.now, opts.creatorId, opts.after?.[0] ?? null, opts.after?.[1] ?? null, opts.limit + 1],
      );
      return r.rows;
    },

    /** The next instant after `now` at which any drop changes status; lists are valid until then. */
    async nextBoundary(now: Date): Promise<Date | null> {
      const r = await db.query<{ at: Date | null }>(
        `select least(
           (select min(starts_at) from drops where cancelled_at is null and starts_at > $1),
           (select min(ends_at) from drops where cancelled_at is null and ends_at > $1)) as at`,
        [now],
      );
      return r.rows[0]?.at ?? null;
    },
  };
}

export type DropsRepository = ReturnType<typeof createDropsRepository>;
