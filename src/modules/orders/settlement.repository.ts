import type { Queryable, Tx } from "../../infra/db/index.js";
import type { OrderEvent } from "./orders.events.js";
import type { OrderRow, OrderStatus, Stock, StockRef } from "./orders.model.js";
import { STOCK_JSON_OF, stockEventSql, stockRow } from "./reservations.repository.js";

/**
 * Settling reservations, as SQL: confirm (reserved -> sold) or release (reserved ->
 * available) pending orders. Same lock order as reserving: order rows (sorted) -> quota
 * rows (sorted) -> the drop's inventory row, which is taken last and held shortest.
 */

export interface SettleItem {
  orderId: string;
  to: Exclude<OrderStatus, "pending_payment" | "refunded" | "fulfilled">;
  /** The charge's outcome; released orders without one have their in-flight payment voided. */
  payment?: {
    status: "succeeded" | "failed" | "error";
    providerRef: string | null;
    failureCode: string | null;
  };
}

/**
 * Step 1 of settling: move pending orders to their final state, exactly once (the guard
 * on the status, after the sorted row locks), and record each charge's outcome; a released
 * order's payment still in flight is voided.
 */
export async function transitionOrders(q: Queryable, items: SettleItem[], now: Date): Promise<OrderRow[]> {
  const r = await q.query<OrderRow>(
    `with locked as (
       select id from orders where id = any($1::uuid[]) and status = 'pending_payment' order by id for update
     ), upd as (
       update orders o set status = t.status, updated_at = $3::timestamptz
       from unnest($1::uuid[], $2::text[]) as t(id, status)
       where o.id = t.id and o.id in (select id from locked)
       returning o.*
     ), pay as (
       update payments p set status = t.status, provider_ref = coalesce(t.ref, p.provider_ref),
         failure_code = t.code, updated_at = $3::timestamptz
       from unnest($1::uuid[], $4::text[], $5::text[], $6::text[]) as t(order_id, status, ref, code)
       where t.status is not null and p.order_id = t.order_id and p.status = 'processing'
     )
     select * from upd`,
    [
      items.map((i) => i.orderId),
      items.map((i) => i.to),
      now,
      items.map((i) => i.payment?.status ?? (i.to === "confirmed" ? null : "voided")),
      items.map((i) => i.payment?.providerRef ?? null),
      items.map((i) => i.payment?.failureCode ?? null),
    ],
  );
  return r.rows;
}

/** Give released quantities back to the buyers' counters (drops with a limit only). */
export async function releaseQuota(q: Queryable, dropId: string, released: OrderRow[]): Promise<void> {
  if (released.length === 0) return;
  await q.query(
    `with t as (
       select user_id, sum(qty)::int as n from unnest($2::uuid[], $3::int[]) as u(user_id, qty) group by user_id
     ), locked as (
       select user_id from drop_user_quota where drop_id = $1 and user_id in (select user_id from t)
       order by user_id for update
     )
     update drop_user_quota q set quantity = q.quantity - t.n
     from t where q.drop_id = $1 and q.user_id = t.user_id and q.user_id in (select user_id from locked)`,
    [dropId, released.map((o) => o.user_id), released.map((o) => o.quantity)],
  );
}

export interface KeyAnswer {
  /** Complete this exact key... */
  userId: string | null;
  key: string | null;
  /** ...or, when null, every key still open on this order (a crash left it in flight). */
  orderId: string;
  /** The outcome as JSON, with `stockPath` where this statement writes the stock. */
  outcome: string;
  stockPath: string;
}

export interface StockMove {
  reserved: number;
  sold: number;
  available: number;
}

/**
 * Last step, the only one on the hot row (the drop's, or the variant's): apply the stock
 * movement, store the answers of the requests in flight (with the stock this statement
 * produced) and write the events; sent with the transaction's COMMIT, so the row is free
 * as soon as the database is done (see `Tx`).
 */
export async function moveStock(
  q: Tx,
  ref: StockRef,
  move: StockMove,
  answers: KeyAnswer[],
  events: (OrderEvent & { requestId?: string | undefined })[],
  now: Date,
): Promise<Stock> {
  const r = await q.queryAndCommit<{ stock: Stock }>(ref.variantId ? MOVE_SQL.variant : MOVE_SQL.drop, [
    ref.dropId,
    move.reserved,
    move.sold,
    move.available,
    answers.map((a) => a.userId),
    answers.map((a) => a.key),
    answers.map((a) => a.orderId),
    answers.map((a) => a.outcome),
    answers.map((a) => a.stockPath),
    now,
    events.map((e) => e.type),
    events.map((e) => e.aggregateId),
    events.map((e) => JSON.stringify(e.payload)),
    // Each order's request (outbox_events.request_id): the request that settled it.
    events.map((e) => e.requestId ?? null),
    // $15 only where the statement names it (a parameter nothing reads has no type)
    ...(ref.variantId ? [ref.variantId] : []),
  ]);
  const stock = r.rows[0]?.stock;
  if (!stock) throw new Error(`drop ${ref.dropId} has no stock row ${ref.variantId ?? ""}`);
  return stock;
}

const moveSql = (variant: boolean) => {
  const row = stockRow(variant);
  // A variant's stock.changed is keyed by the variant, as reserving keys it.
  const aggregate = variant ? "$15::uuid" : "$1::uuid";
  return `with inv as (
       update ${row.table} set reserved = reserved + $2::int, sold = sold + $3::int, available = available + $4::int
       where ${row.match("$1", "$15")}
       returning ${row.returning}
     ), stock as (
       select ${STOCK_JSON_OF("inv")} as j, ${stockEventSql(variant, "$1", "$15", "inv")} as event from inv
     ), a as (
       select * from unnest($5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::text[])
         as t(user_id, key, order_id, outcome, path)
     ), keyed as (
       update idempotency_keys k
       set outcome = jsonb_set(a.outcome::jsonb, a.path::text[], (select j from stock)),
           completed_at = $10::timestamptz
       from a
       where a.key is not null and k.user_id = a.user_id and k.key = a.key and k.outcome is null
     ), dangling as (
       update idempotency_keys k
       set outcome = jsonb_set(a.outcome::jsonb, a.path::text[], (select j from stock)),
           completed_at = $10::timestamptz
       from a
       where a.key is null and k.order_id = a.order_id and k.outcome is null
     ), ev as (
       insert into outbox_events (type, aggregate_id, payload, created_at, request_id)
       select type, agg, payload::jsonb, $10::timestamptz, rid
       from unnest($11::text[], $12::uuid[], $13::text[], $14::text[]) as e(type, agg, payload, rid)
       union all
       select 'stock.changed', ${aggregate}, (select event from stock), $10::timestamptz, null
       -- any move: a sale changes reserved/sold even when available stays the same
       where $2::int <> 0 or $3::int <> 0 or $4::int <> 0
     )
     select (select j from stock) as stock`;
};
const MOVE_SQL = { drop: moveSql(false), variant: moveSql(true) };
