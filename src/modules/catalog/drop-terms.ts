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
  /** How it is sold: a raffle drop's orders pass the raffle's gate. */
  access: "open" | "raffle";
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
      raffle: boolean;
    }>(
      `select d.id, d.creator_id, d.product_id, d.starts_at, d.ends_at, d.cancelled_at, d.per_user_limit,
         d.low_stock_threshold, d.initial_stock,
         coalesce(d.price_snapshot_cents, d.price_override_cents, p.price_cents)::bigint as unit_price_cents,
         coalesce(d.currency_snapshot, p.currency) as currency,
         exists (select 1 from drop_raffles r where r.drop_id = d.id) as raffle
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
      access: row.raffle ? "raffle" : "open",
    };
  };
}
