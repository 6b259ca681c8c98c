import type { Queryable, Tx } from "../../infra/db/index.js";
import { stockPayloadSql, variantStockPayloadSql } from "./orders.events.js";
import type { Outcome, Stock } from "./orders.model.js";

/**
 * The hot path, as SQL. Every statement that moves stock is here. Lock order, everywhere:
 * order rows (sorted by id) -> quota rows (sorted by user) -> the drop's inventory row, so
 * concurrent batches from any number of processes can wait on each other but never deadlock.
 */

export interface ReserveRequest {
  orderId: string;
  userId: string;
  quantity: number;
  key: string;
  fingerprint: string;
  paymentId: string | null;
  method: string | null;
  /** The shipping address as JSON, on a drop that ships. */
  address: string | null;
  /** The outcome to store for a reservation without payment, `value.stock` filled in by the database. */
  successOutcome: string;
}

export interface ReserveBatchInput {
  dropId: string;
  /** The variant whose row this batch moves; null: the drop's own row. */
  variantId: string | null;
  /** Charged once per order (0 when the drop does not ship). */
  shippingFeeCents: number;
  perUserLimit: number | null;
  lowStockThreshold: number;
  unitPriceCents: number;
  currency: string;
  now: Date;
  expiresAt: Date;
  /** Until when the keys claimed here are leased to this process (it renews them while working). */
  leaseUntil: Date;
  soldOutOutcome: string;
  limitOutcome: string;
  requests: ReserveRequest[];
}

export type ReserveOutcome = "duplicate" | "limit" | "sold_out" | "reserved";

export interface ReserveResult {
  result: ReserveOutcome;
  /** The stored outcome, or null while the request still has work to do (payment). */
  answer: Outcome | null;
  stock: Stock | null;
}

/** The stock columns of drop_inventory (or a variant) as JSON: in answers and in `stock.changed`. */
export const STOCK_JSON = `jsonb_build_object('available', available, 'reserved', reserved, 'sold', sold, 'initial', initial)`;
/** STOCK_JSON of a CTE's columns, qualified (a variant's payload reads other rows beside it). */
export const STOCK_JSON_OF = (from: string) =>
  `jsonb_build_object('available', ${from}.available, 'reserved', ${from}.reserved, 'sold', ${from}.sold, 'initial', ${from}.initial)`;

/**
 * Step 1 of a reservation batch: claim each idempotency key and, on a drop with a limit,
 * add the quantity to the buyer's counter unless that would pass the limit. Rows are
 * inserted in a fixed order (no deadlocks); a key another request holds is not claimed.
 */
const CLAIM_SQL = `
with req as (
  select * from unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::int[])
    as t(user_id, key, fingerprint, order_id, qty)
), claimed as (
  insert into idempotency_keys (user_id, key, fingerprint, drop_id, order_id, created_at, lease_until)
  select user_id, key, fingerprint, $1::uuid, order_id, $7::timestamptz, $9::timestamptz from req order by user_id, key
  on conflict do nothing
  returning user_id, key
), quota as (
  insert into drop_user_quota (drop_id, user_id, quantity)
  select $1::uuid, r.user_id, r.qty from req r join claimed c using (user_id, key)
  where $8::int is not null and r.qty <= $8::int
  order by r.user_id
  on conflict (drop_id, user_id) do update set quantity = drop_user_quota.quantity + excluded.quantity
    where drop_user_quota.quantity + excluded.quantity <= $8::int
  returning user_id
)
select c.user_id, c.key, ($8::int is null or q.user_id is not null) as quota_ok
from claimed c left join quota q using (user_id)`;

/**
 * The hot row a statement moves: the drop's inventory row, or (a drop with variants, 013)
 * one variant's row, which has the same counters and checks. `alias` qualifies the match;
 * `returning` lists what the payload builders read (a variant's name too).
 */
export function stockRow(variant: boolean, alias = "") {
  const a = alias ? `${alias}.` : "";
  return variant
    ? {
        table: "drop_variants",
        match: (_dropId: string, variantId: string) => `${a}id = ${variantId}::uuid`,
        returning: `${a}available, ${a}reserved, ${a}sold, ${a}initial, ${a}name`,
      }
    : {
        table: "drop_inventory",
        match: (dropId: string, _variantId: string) => `${a}drop_id = ${dropId}::uuid`,
        returning: `${a}available, ${a}reserved, ${a}sold, ${a}initial`,
      };
}

/** The payload of a stock event after a move of `from` (see orders.events.ts). */
export const stockEventSql = (variant: boolean, dropId: string, variantId: string, from: string) =>
  variant ? variantStockPayloadSql(dropId, variantId, from) : stockPayloadSql(dropId, from);

/**
 * Step 2: one guarded decrement of the hot row for the whole batch. The FOR UPDATE read
 * returns the latest committed stock after waiting for the lock; requests are served in
 * arrival order while the running total fits; their orders are inserted, the rest get
 * their quota back, and every finished answer is stored under its key, with the stock
 * this statement produced. The hot row is the drop's, or the variant's ($18) on a drop
 * with variants: the same statement, one variant's batch never waits for another's.
 * A variant's `stock.changed` and `stock.low` are keyed by the variant (outbox coalescing
 * keeps each variant's newest); `drop.sold_out` waits for every variant (soldOutIfAllGone).
 */
function allocateSql(variant: boolean): string {
  const row = stockRow(variant);
  const d = stockRow(variant, "d");
  const aggregate = variant ? "$18::uuid" : "$1::uuid";
  return `
with req as (
  select * from unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::boolean[], $7::uuid[],
                       $8::text[], $9::text[], $19::text[]) with ordinality
    as t(order_id, user_id, qty, key, quota_ok, payment_id, method, outcome, address, ord)
), inv as (
  select available from ${row.table} where ${row.match("$1", "$18")} for update
), alloc as (
  select r.*, r.quota_ok
    and sum(case when r.quota_ok then r.qty else 0 end) over (order by r.ord) <= inv.available as fits
  from req r cross join inv
), tot as (
  select coalesce(sum(qty) filter (where fits), 0)::int as n from alloc
), upd as (
  update ${d.table} d set available = d.available - tot.n, reserved = d.reserved + tot.n
  from tot where ${d.match("$1", "$18")} and d.available >= tot.n
  returning ${d.returning}, tot.n
), res as (
  select a.*, a.fits and exists (select 1 from upd) as granted from alloc a
), ins as (
  insert into orders (id, user_id, drop_id, quantity, unit_price_cents, total_cents, currency, status,
                      idempotency_key, created_at, updated_at, expires_at, variant_id, shipping_address,
                      shipping_fee_cents)
  select order_id, user_id, $1::uuid, qty, $10::bigint, $10::bigint * qty + $20::bigint, $11::text, 'pending_payment',
         key, $12::timestamptz, $12::timestamptz, $13::timestamptz, $18::uuid, address::jsonb, $20::bigint
  from res where granted
  returning id
), pay as (
  insert into payments (id, order_id, user_id, amount_cents, currency, method, status, created_at, updated_at)
  select r.payment_id, r.order_id, r.user_id, $10::bigint * r.qty + $20::bigint, $11::text, r.method, 'processing',
    $12::timestamptz, $12::timestamptz
  from res r join ins on ins.id = r.order_id where r.payment_id is not null
), giveback as (
  update drop_user_quota q set quantity = q.quantity - r.qty
  from res r
  where $14::int is not null and r.quota_ok and not r.granted and q.drop_id = $1::uuid and q.user_id = r.user_id
), stock as (
  select ${STOCK_JSON_OF("upd")} as j, ${stockEventSql(variant, "$1", "$18", "upd")} as event, n from upd
), answers as (
  select r.ord, r.user_id, r.key, r.granted,
    case when not r.quota_ok then $15::jsonb
         when not r.granted then $16::jsonb
         when r.payment_id is null then jsonb_set(r.outcome::jsonb, '{value,stock}', (select j from stock))
    end as outcome
  from res r
), keys as (
  update idempotency_keys k
  set outcome = a.outcome, completed_at = $12::timestamptz,
      order_id = case when a.granted then k.order_id end
  from answers a where k.user_id = a.user_id and k.key = a.key and a.outcome is not null
), events as (
  insert into outbox_events (type, aggregate_id, payload, created_at)
  select e.type, ${aggregate}, s.event, $12::timestamptz
  from stock s, upd u, lateral (values
    ('stock.changed', s.n > 0),
    ('stock.low', s.n > 0 and u.available <= $17::int and u.available + s.n > $17::int and u.available > 0),
    ('drop.sold_out', ${variant ? "false" : "s.n > 0 and u.available = 0"})
  ) as e(type, fire)
  where e.fire
)
select a.granted, a.outcome, (select j from stock) as stock from answers a order by a.ord`;
}
const ALLOCATE_SQL = { drop: allocateSql(false), variant: allocateSql(true) };

/**
 * After a batch took a variant's last unit: the drop is sold out when every variant is.
 * Two variants can sell out at once in two transactions that cannot see each other's
 * last unit go; the drop's lock (taken only here, only then) puts them one after the
 * other, and the second re-reads the variants in a fresh statement, so exactly the
 * transaction that took the drop's last unit writes `drop.sold_out`.
 */
async function soldOutIfAllGone(q: Tx, dropId: string, now: Date): Promise<void> {
  await q.query("select pg_advisory_xact_lock(hashtext('livedrop.drop-stock:' || $1::text))", [dropId]);
  await q.queryAndCommit(
    `with t as (
       select sum(available)::int as available, sum(reserved)::int as reserved, sum(sold)::int as sold,
         sum(initial)::int as initial
       from drop_variants where drop_id = $1::uuid
     )
     insert into outbox_events (type, aggregate_id, payload, created_at)
     select 'drop.sold_out', $1::uuid, ${stockPayloadSql("$1", "t")}, $2::timestamptz from t where t.available = 0`,
    [dropId, now],
  );
}

/**
 * One reservation batch, in one transaction of two round trips: the claim (sent with the
 * BEGIN when the transaction bundles it) and the allocation, sent with the COMMIT, so the
 * hot row is locked only while the database itself works. A variant's batch that took its
 * size's last unit asks whether the whole drop is gone before committing (soldOutIfAllGone).
 */
export async function reserveBatch(q: Tx, b: ReserveBatchInput): Promise<ReserveResult[]> {
  const rs = b.requests;
  const claim = await q.query<{ user_id: string; key: string; quota_ok: boolean }>(CLAIM_SQL, [
    b.dropId,
    rs.map((r) => r.userId),
    rs.map((r) => r.key),
    rs.map((r) => r.fingerprint),
    rs.map((r) => r.orderId),
    rs.map((r) => r.quantity),
    b.now,
    b.perUserLimit,
    b.leaseUntil,
  ]);
  const quotaOk = new Map(claim.rows.map((r) => [`${r.user_id}\n${r.key}`, r.quota_ok]));
  const mine = rs.filter((r) => quotaOk.has(`${r.userId}\n${r.key}`));
  const results = new Map<ReserveRequest, ReserveResult>();
  if (mine.length > 0) {
    // Only a variant's batch may have a statement after this one (the drop's sell-out).
    const send = b.variantId ? q.query.bind(q) : q.queryAndCommit.bind(q);
    const alloc = await send<{
      granted: boolean;
      outcome: Outcome | null;
      stock: Stock | null;
    }>(b.variantId ? ALLOCATE_SQL.variant : ALLOCATE_SQL.drop, [
      b.dropId,
      mine.map((r) => r.orderId),
      mine.map((r) => r.userId),
      mine.map((r) => r.quantity),
      mine.map((r) => r.key),
      mine.map((r) => quotaOk.get(`${r.userId}\n${r.key}`)),
      mine.map((r) => r.paymentId),
      mine.map((r) => r.method),
      mine.map((r) => r.successOutcome),
      b.unitPriceCents,
      b.currency,
      b.now,
      b.expiresAt,
      b.perUserLimit,
      b.limitOutcome,
      b.soldOutOutcome,
      b.lowStockThreshold,
      b.variantId,
      mine.map((r) => r.address),
      b.shippingFeeCents,
    ]);
    mine.forEach((r, i) => {
      const row = alloc.rows[i];
      if (!row) throw new Error("reservation batch returned fewer rows than requests");
      const result: ReserveOutcome = row.granted
        ? "reserved"
        : quotaOk.get(`${r.userId}\n${r.key}`)
          ? "sold_out"
          : "limit";
      results.set(r, { result, answer: row.outcome, stock: row.stock });
    });
    const took = alloc.rows.some((r) => r.granted);
    if (b.variantId && took && alloc.rows[0]?.stock?.available === 0)
      await soldOutIfAllGone(q, b.dropId, b.now);
  }
  return rs.map((r) => results.get(r) ?? { result: "duplicate", answer: null, stock: null });
}

export async function readStock(q: Queryable, dropId: string): Promise<Stock | null> {
  const r = await q.query<Stock>(
    "select available, reserved, sold, initial from drop_inventory where drop_id = $1",
    [dropId],
  );
  return r.rows[0] ?? null;
}

/**
 * Record sold-out answers given from memory, many per statement, so a retry with the same
 * key gets the same answer even after stock comes back. A key already used keeps its answer;
 * returns, by `drop\nuser\nkey`, the body fingerprint each key newly stored here holds.
 * Inserted in the claim's order (CLAIM_SQL), so the two never wait on each other in a cycle;
 * of one key's rows the first submitted is the one stored.
 */
export async function storeSoldOutAnswers(
  q: Queryable,
  rows: { dropId: string; userId: string; key: string; fingerprint: string }[],
  outcome: string,
  now: Date,
): Promise<Map<string, string>> {
  const r = await q.query<{ drop_id: string; user_id: string; key: string; fingerprint: string }>(
    `insert into idempotency_keys (user_id, key, fingerprint, drop_id, outcome, created_at, completed_at)
     select user_id, key, fingerprint, drop_id, $5::jsonb, $6::timestamptz, $6::timestamptz
     from unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) with ordinality
       as t(user_id, key, fingerprint, drop_id, ord)
     order by user_id, key, ord
     on conflict do nothing
     returning drop_id, user_id, key, fingerprint`,
    [
      rows.map((r) => r.userId),
      rows.map((r) => r.key),
      rows.map((r) => r.fingerprint),
      rows.map((r) => r.dropId),
      outcome,
      now,
    ],
  );
  return new Map(r.rows.map((x) => [`${x.drop_id}\n${x.user_id}\n${x.key}`, x.fingerprint]));
}
