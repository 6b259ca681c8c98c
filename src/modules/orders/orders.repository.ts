import type { Queryable } from "../../infra/db/index.js";
import { writeEvent } from "../../infra/outbox/index.js";
import { orderEvent } from "./orders.events.js";
import {
  type OrderRow,
  type Outcome,
  type PaymentRow,
  type Stock,
  type StockRef,
  toOrder,
} from "./orders.model.js";
import { stockEventSql, stockRow } from "./reservations.repository.js";

export interface KeyRow {
  fingerprint: string;
  /** Null while the request that claimed the key is still working. */
  outcome: Outcome | null;
  order_id: string | null;
  /** While unfinished: the claim is its owner's until then (renewed while it works). */
  lease_until: Date | null;
}

/** A refund's units go back to the row they came from; a variant's event is keyed by it. */
const refundStockSql = (variant: boolean) => {
  const row = stockRow(variant);
  return `with inv as (
     update ${row.table} set sold = sold - $2::int, available = available + $2::int where ${row.match("$1", "$4")}
     returning ${row.returning}
   ), ev as (
     insert into outbox_events (type, aggregate_id, payload, created_at)
     select 'stock.changed', ${variant ? "$4::uuid" : "$1::uuid"}, ${stockEventSql(variant, "$1", "$4", "inv")},
       $3::timestamptz from inv
   )
   select available, reserved, sold, initial from inv`;
};
const REFUND_STOCK_SQL = { drop: refundStockSql(false), variant: refundStockSql(true) };

/** SQL for reading orders and payments, idempotency keys, refunds and housekeeping. */
export function createOrdersRepository(db: Queryable) {
  return {
    async order(id: string): Promise<OrderRow | undefined> {
      const r = await db.query<OrderRow>("select * from orders where id = $1", [id]);
      return r.rows[0];
    },

    /** Newest first; keyset on (created_at, id) matching orders_by_user. */
    async ordersOf(userId: string, after: [string, string] | null, limit: number): Promise<OrderRow[]> {
      const r = await db.query<OrderRow>(
        `select * from orders
         where user_id = $1 and ($2::timestamptz is null or (created_at, id) < ($2, $3::uuid))
         order by created_at desc, id desc
         limit $4`,
        [userId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      return r.rows;
    },

    async payment(id: string): Promise<PaymentRow | undefined> {
      const r = await db.query<PaymentRow>("select * from payments where id = $1", [id]);
      return r.rows[0];
    },

    /** The payment that counts for an order: the active one, else the latest. */
    async paymentOfOrder(orderId: string): Promise<PaymentRow | undefined> {
      const r = await db.query<PaymentRow>(
        `select * from payments where order_id = $1
         order by (status in ('processing', 'succeeded', 'refunding', 'refunded')) desc, created_at desc, id desc
         limit 1`,
        [orderId],
      );
      return r.rows[0];
    },

    /** The stock an order draws from: its variant's, or its drop's. */
    async stock(ref: StockRef): Promise<Stock | undefined> {
      const r = ref.variantId
        ? await db.query<Stock>(
            "select available, reserved, sold, initial from drop_variants where id = $1",
            [ref.variantId],
          )
        : await db.query<Stock>(
            "select available, reserved, sold, initial from drop_inventory where drop_id = $1",
            [ref.dropId],
          );
      return r.rows[0];
    },

    async findKey(userId: string, key: string): Promise<KeyRow | undefined> {
      const r = await db.query<KeyRow>(
        "select fingerprint, outcome, order_id, lease_until from idempotency_keys where user_id = $1 and key = $2",
        [userId, key],
      );
      return r.rows[0];
    },

    /** Claim a key before doing the work; false when some request already holds it. */
    async claimKey(
      k: { userId: string; key: string; fingerprint: string; orderId: string | null },
      now: Date,
      leaseUntil: Date,
    ): Promise<boolean> {
      const r = await db.query(
        `insert into idempotency_keys (user_id, key, fingerprint, order_id, created_at, lease_until)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        [k.userId, k.key, k.fingerprint, k.orderId, now, leaseUntil],
      );
      return r.rowCount === 1;
    },

    /** Keep the unfinished claims this process works on: one statement for all of them. */
    async renewLeases(keys: { userId: string; key: string }[], leaseUntil: Date): Promise<void> {
      await db.query(
        `update idempotency_keys k set lease_until = $3
         from unnest($1::uuid[], $2::text[]) as t(user_id, key)
         where k.user_id = t.user_id and k.key = t.key and k.outcome is null`,
        [keys.map((k) => k.userId), keys.map((k) => k.key), leaseUntil],
      );
    },

    /**
     * Take over an unfinished claim whose lease ran out (its owner is gone). Only one caller
     * wins, across processes: the guarded update is the arbiter. Returns the claim's order.
     */
    async takeOver(
      userId: string,
      key: string,
      now: Date,
      leaseUntil: Date,
    ): Promise<{ order_id: string | null } | undefined> {
      const r = await db.query<{ order_id: string | null }>(
        `update idempotency_keys set lease_until = $4
         where user_id = $1 and key = $2 and outcome is null and (lease_until is null or lease_until < $3)
         returning order_id`,
        [userId, key, now, leaseUntil],
      );
      return r.rows[0];
    },

    async completeKey(userId: string, key: string, outcome: Outcome, now: Date) {
      await db.query(
        `update idempotency_keys set outcome = $3::jsonb, completed_at = $4
         where user_id = $1 and key = $2 and outcome is null`,
        [userId, key, JSON.stringify(outcome), now],
      );
    },

    /** Let a retry run again after an unexpected failure (nothing was done or stored). */
    async releaseKey(userId: string, key: string) {
      await db.query("delete from idempotency_keys where user_id = $1 and key = $2 and outcome is null", [
        userId,
        key,
      ]);
    },

    /**
     * Free a key whose request failed after its reservation was released: the key row goes
     * and the failed order gives up the key (orders are unique per user and key), so the
     * client's retry places a new order.
     */
    async releaseAbandonedKey(userId: string, key: string, orderId: string) {
      await db.query(
        `with freed as (
           delete from idempotency_keys where user_id = $1 and key = $2 and outcome is null
         )
         update orders set idempotency_key = idempotency_key || ' (abandoned ' || id || ')'
         where id = $3 and user_id = $1 and idempotency_key = $2 and status = 'failed'`,
        [userId, key, orderId],
      );
    },

    /** Start a payment; the partial unique index refuses a second active one on the order. */
    async insertPayment(p: {
      id: string;
      orderId: string;
      userId: string;
      amountCents: number;
      currency: string;
      method: string;
      now: Date;
    }): Promise<boolean> {
      const r = await db.query(
        `insert into payments (id, order_id, user_id, amount_cents, currency, method, status, created_at, updated_at)
         select $1, o.id, $3, $4, $5, $6, 'processing', $7, $7 from orders o
         where o.id = $2 and o.status = 'pending_payment'
         on conflict do nothing`,
        [p.id, p.orderId, p.userId, p.amountCents, p.currency, p.method, p.now],
      );
      return r.rowCount === 1;
    },

    /** succeeded -> refunding, noting who asked (the reconciliation finishes it in their name). */
    async claimRefund(id: string, by: "buyer" | "creator", now: Date): Promise<PaymentRow | undefined> {
      const r = await db.query<PaymentRow>(
        `update payments set status = 'refunding', refund_by = $2, updated_at = $3
         where id = $1 and status = 'succeeded' returning *`,
        [id, by, now],
      );
      return r.rows[0];
    },

    async setPaymentStatus(id: string, from: string, to: string, now: Date): Promise<PaymentRow | undefined> {
      const r = await db.query<PaymentRow>(
        "update payments set status = $3, updated_at = $4 where id = $1 and status = $2 returning *",
        [id, from, to, now],
      );
      return r.rows[0];
    },

    /**
     * confirmed -> refunded, exactly once; the stock goes back to `available`. `by` names
     * the event: the buyer's cancellation or the creator's refund (see orders.events.ts).
     */
    async refund(
      q: Queryable,
      orderId: string,
      now: Date,
      by: "buyer" | "creator",
      requestId: string | undefined,
    ): Promise<{ order: OrderRow; stock: Stock } | null> {
      const o = await q.query<OrderRow>(
        `update orders set status = 'refunded', updated_at = $2 where id = $1 and status = 'confirmed' returning *`,
        [orderId, now],
      );
      const order = o.rows[0];
      if (!order) return null;
      await q.query(
        `update payments set status = 'refunded', updated_at = $2 where order_id = $1 and status = 'refunding'`,
        [orderId, now],
      );
      await q.query(
        "update drop_user_quota set quantity = quantity - $3 where drop_id = $1 and user_id = $2",
        [order.drop_id, order.user_id, order.quantity],
      );
      await writeEvent(q, { ...orderEvent(toOrder(order), by), createdAt: now, requestId });
      const variant = order.variant_id !== null;
      const s = await q.query<Stock>(variant ? REFUND_STOCK_SQL.variant : REFUND_STOCK_SQL.drop, [
        order.drop_id,
        order.quantity,
        now,
        ...(variant ? [order.variant_id] : []),
      ]);
      const stock = s.rows[0];
      if (!stock) throw new Error(`drop ${order.drop_id} has no stock row ${order.variant_id ?? ""}`);
      return { order, stock };
    },

    /**
     * fulfilled -> refunded, exactly once, by the drop's creator. The units have shipped, so
     * they stay sold and stay counted against the buyer's limit (`livedrop check` counts a
     * refunded order with `fulfilled_at` as sold): only the money goes back.
     */
    async refundShipped(
      q: Queryable,
      orderId: string,
      now: Date,
      requestId: string | undefined,
    ): Promise<OrderRow | null> {
      const o = await q.query<OrderRow>(
        `update orders set status = 'refunded', updated_at = $2 where id = $1 and status = 'fulfilled' returning *`,
        [orderId, now],
      );
      const order = o.rows[0];
      if (!order) return null;
      await q.query(
        `update payments set status = 'refunded', updated_at = $2 where order_id = $1 and status = 'refunding'`,
        [orderId, now],
      );
      await writeEvent(q, { ...orderEvent(toOrder(order), "creator"), createdAt: now, requestId });
      return order;
    },

    /**
     * Payments nobody finished: a charge in flight (`processing`) or a refund (`refunding`)
     * older than `before`, whose request died or timed out without recording the result.
     */
    async stuckPayments(before: Date, limit: number): Promise<PaymentRow[]> {
      const r = await db.query<PaymentRow>(
        `select * from payments where status in ('processing', 'refunding') and updated_at < $1
         order by updated_at limit $2`,
        [before, limit],
      );
      return r.rows;
    },

    /** Unpaid reservations whose time is up, oldest first. */
    async dueOrders(
      now: Date,
      limit: number,
    ): Promise<{ id: string; drop_id: string; variant_id: string | null }[]> {
      const r = await db.query<{ id: string; drop_id: string; variant_id: string | null }>(
        `select id, drop_id, variant_id from orders where status = 'pending_payment' and expires_at <= $1
         order by expires_at limit $2`,
        [now, limit],
      );
      return r.rows;
    },

    async pruneKeys(before: Date, limit: number): Promise<number> {
      const r = await db.query(
        `delete from idempotency_keys where ctid in (
           select ctid from idempotency_keys where created_at < $1 and outcome is not null limit $2)`,
        [before, limit],
      );
      return r.rowCount;
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
