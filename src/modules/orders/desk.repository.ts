import type { Queryable } from "../../infra/db/index.js";
import { writeEvent } from "../../infra/outbox/index.js";
import { orderEvent } from "./orders.events.js";
import { type OrderRow, type OrderStatus, toOrder } from "./orders.model.js";

/** A drop's order as the desk reads it: the order, its buyer's name, its variant and address. */
export interface DeskRow {
  id: string;
  user_id: string;
  buyer_name: string;
  quantity: number;
  total_cents: number | string;
  currency: string;
  status: OrderStatus;
  created_at: Date;
  carrier: string | null;
  tracking_number: string | null;
  fulfilled_at: Date | null;
  variant_id: string | null;
  variant_name: string | null;
  shipping_address: Record<string, unknown> | null;
}

export interface SalesRow {
  at: Date;
  variant_id: string | null;
  variant_name: string | null;
  units: number;
  revenue_cents: number | string;
  orders: number;
}

/**
 * The one place the desk reads variants and shipping addresses: the variant's name from
 * `drop_variants`, the address the order was placed with (both null on drops without them).
 */
const VARIANTS = {
  join: "left join drop_variants v on v.id = o.variant_id",
  variant: "v.id as variant_id, v.name as variant_name",
  address: "o.shipping_address",
};

/** The paid orders sales figures count: confirmed or shipped, not refunded. */
const PAID = "o.status in ('confirmed', 'fulfilled')";

export function createDeskRepository(db: Queryable) {
  return {
    /**
     * A drop's orders newest first after `after`, optionally of one status: a range scan of
     * `orders_desk` / `orders_desk_by_status` (migration 014), so the cost of a page or an
     * export chunk does not grow with the drop. Deliberate exception (ARCHITECTURE.md): the
     * buyer's name is joined from `users`, so a page stays one statement.
     */
    async page(
      dropId: string,
      status: OrderStatus | null,
      after: [string, string] | null,
      limit: number,
    ): Promise<DeskRow[]> {
      const params: unknown[] = [dropId, after?.[0] ?? null, after?.[1] ?? null, limit];
      if (status) params.push(status);
      const r = await db.query<DeskRow>(
        `select o.id, o.user_id, u.name as buyer_name, o.quantity, o.total_cents, o.currency, o.status,
           o.created_at, o.carrier, o.tracking_number, o.fulfilled_at, ${VARIANTS.variant}, ${VARIANTS.address}
         from orders o join users u on u.id = o.user_id ${VARIANTS.join}
         where o.drop_id = $1 ${status ? "and o.status = $5" : ""}
           and ($2::timestamptz is null or (o.created_at, o.id) < ($2::timestamptz, $3::uuid))
         order by o.created_at desc, o.id desc
         limit $4`,
        params,
      );
      return r.rows;
    },

    /**
     * Units and revenue of a drop's paid orders per bucket (UTC) and variant, oldest first.
     * One pass over the drop's slice of `orders_desk_by_status`.
     */
    async sales(dropId: string, bucket: "hour" | "day"): Promise<SalesRow[]> {
      const r = await db.query<SalesRow>(
        `select date_trunc($2, o.created_at at time zone 'UTC') at time zone 'UTC' as at,
           ${VARIANTS.variant},
           sum(o.quantity)::int as units, sum(o.total_cents)::bigint as revenue_cents, count(*)::int as orders
         from orders o ${VARIANTS.join}
         where o.drop_id = $1 and ${PAID}
         group by 1, 2, 3
         order by 1`,
        [dropId, bucket],
      );
      return r.rows;
    },

    /**
     * confirmed -> fulfilled, exactly once (the guard on the status), with the buyer's
     * `order.fulfilled` in the same transaction. Null when the order is not confirmed.
     */
    async fulfil(
      q: Queryable,
      orderId: string,
      shipping: { carrier: string; trackingNumber: string },
      now: Date,
      requestId: string | undefined,
    ): Promise<OrderRow | null> {
      const r = await q.query<OrderRow>(
        `update orders set status = 'fulfilled', carrier = $2, tracking_number = $3, fulfilled_at = $4,
           updated_at = $4
         where id = $1 and status = 'confirmed'
           -- Not while its money is on the way back: a buyer's cancellation moves the payment
           -- to refunding before it calls the provider, and the goods must not ship then.
           and not exists (select 1 from payments p where p.order_id = orders.id and p.status <> 'succeeded')
         returning *`,
        [orderId, shipping.carrier, shipping.trackingNumber, now],
      );
      const order = r.rows[0];
      if (!order) return null;
      await writeEvent(q, { ...orderEvent(toOrder(order)), createdAt: now, requestId });
      return order;
    },
  };
}

export type DeskRepository = ReturnType<typeof createDeskRepository>;
