import type { Queryable } from "../../infra/db/index.js";

/** What the orders module needs to know about a drop to sell it. */
export interface DropTerms {
  id: string;
  creatorId: string;
  productId: string;
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
  perUserLimit: number | null;
  lowStockThreshold: number;
  initialStock: number;
  /**
   * In minor units: the price the drop went live with once the product's price changed after
   * that (frozen), else the drop's override, else the product's price.
   */
  unitPriceCents: number;
  currency: string;
  /** Null for a drop sold as one stock; else its variants (fixed at creation). */
  variants: { id: string; name: string }[] | null;
  /** Null when the drop does not ship; else every order needs an address in one of these. */
  shipsTo: string[] | null;
  /** Charged once per order of a drop that ships; 0 otherwise. */
  shippingFeeCents: number;
  /** Fair drops: the waiting room and the bot defence the order path enforces. */
  access: "open" | "queue" | "raffle";
  admitPerSecond: number;
  passTtlSeconds: number;
  botProtection: boolean;
}

/** Deliberate exception: whether the drop is a raffle is read from `drop_raffles` (the raffles module's). */
export function createDropTermsReader(db: Queryable) {
  return async function dropTerms(id: string): Promise<DropTerms | null> {
    const r = await db.query<{
      id: string;
      creator_id: string;
      product_id: string;
      starts_at: Date;
      ends_at: Date;
      cancelled_at: Date | null;
      per_user_limit: number | null;
      low_stock_threshold: number;
      initial_stock: number;
      unit_price_cents: number;
      currency: string;
      ships_to: string[] | null;
      shipping_fee_cents: string | number | null;
      variants: { id: string; name: string }[] | null;
      access: "open" | "queue" | "raffle";
      admit_per_second: number;
      pass_ttl_seconds: number;
      bot_protection: boolean;
    }>(
      `select d.id, d.creator_id, d.product_id, d.starts_at, d.ends_at, d.cancelled_at, d.per_user_limit,
         d.low_stock_threshold, d.initial_stock,
         coalesce(d.price_snapshot_cents, d.price_override_cents, p.price_cents)::bigint as unit_price_cents,
         coalesce(d.currency_snapshot, p.currency) as currency, d.ships_to, d.shipping_fee_cents,
         (select json_agg(json_build_object('id', v.id, 'name', v.name) order by v.position)
          from drop_variants v where v.drop_id = d.id) as variants,
         d.access, d.admit_per_second, d.pass_ttl_seconds, d.bot_protection
       from drops d join products p on p.id = d.product_id
       where d.id = $1`,
      [id],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      id: row.id,
      creatorId: row.creator_id,
      productId: row.product_id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      cancelledAt: row.cancelled_at,
      perUserLimit: row.per_user_limit,
      lowStockThreshold: row.low_stock_threshold,
      initialStock: row.initial_stock,
      unitPriceCents: Number(row.unit_price_cents),
      currency: row.currency.trim(),
      variants: row.variants,
      shipsTo: row.ships_to,
      shippingFeeCents: row.ships_to === null ? 0 : Number(row.shipping_fee_cents ?? 0),
      access: row.access,
      admitPerSecond: row.admit_per_second,
      passTtlSeconds: row.pass_ttl_seconds,
      botProtection: row.bot_protection,
    };
  };
}
