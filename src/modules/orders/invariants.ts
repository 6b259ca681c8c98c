import type { Queryable } from "../../infra/db/index.js";

export interface InvariantReport {
  ok: boolean;
  drops: number;
  problems: string[];
}

/**
 * The orders whose units are sold: paid ones, shipped or not, and refunded ones that had
 * shipped (the creator's refund of a fulfilled order gives the money back, not the units).
 */
const sold = (o = "") =>
  `(${o}status in ('confirmed', 'fulfilled') or (${o}status = 'refunded' and ${o}fulfilled_at is not null))`;
/** The orders that count against a buyer's per-user limit: held or sold. */
const held = (o = "") => `(${o}status = 'pending_payment' or ${sold(o)})`;

/**
 * Reconciles every drop's stock against its orders (guarantees 1 and 3), per variant on a
 * drop with variants: the stock
 * equation, no negative term, `sold` = confirmed quantity, `reserved` = pending quantity,
 * nobody over the per-user limit, the per-user counters equal to the orders, and no money
 * kept on an order that is not confirmed. Read-only; run it when the system is quiet.
 */
export async function checkInvariants(db: Queryable): Promise<InvariantReport> {
  const problems: string[] = [];
  // Every stock row (a drop's inventory row, or one variant's) against the orders drawn
  // from it: the same rules per variant as per drop.
  const stock = await db.query<{
    label: string;
    initial: number;
    available: number;
    reserved: number;
    sold: number;
    pending: number;
    confirmed: number;
  }>(
    `select 'drop ' || i.drop_id as label, i.initial, i.available, i.reserved, i.sold,
       coalesce(o.pending, 0)::int as pending, coalesce(o.confirmed, 0)::int as confirmed
     from drop_inventory i
     left join (
       select drop_id,
         sum(quantity) filter (where status = 'pending_payment') as pending,
         sum(quantity) filter (where ${sold()}) as confirmed
       from orders where variant_id is null group by drop_id
     ) o using (drop_id)
     union all
     select 'drop ' || v.drop_id || ' variant ' || v.id || ' (' || v.name || ')', v.initial, v.available,
       v.reserved, v.sold, coalesce(o.pending, 0)::int, coalesce(o.confirmed, 0)::int
     from drop_variants v
     left join (
       select variant_id,
         sum(quantity) filter (where status = 'pending_payment') as pending,
         sum(quantity) filter (where ${sold()}) as confirmed
       from orders where variant_id is not null group by variant_id
     ) o on o.variant_id = v.id`,
  );
  for (const d of stock.rows) {
    const at = d.label;
    if (d.available + d.reserved + d.sold !== d.initial) {
      problems.push(
        `${at}: available ${d.available} + reserved ${d.reserved} + sold ${d.sold} != initial ${d.initial}`,
      );
    }
    if (d.available < 0 || d.reserved < 0 || d.sold < 0) problems.push(`${at}: negative stock`);
    if (d.sold !== d.confirmed) problems.push(`${at}: sold ${d.sold} != confirmed quantity ${d.confirmed}`);
    if (d.reserved !== d.pending)
      problems.push(`${at}: reserved ${d.reserved} != pending quantity ${d.pending}`);
  }

  // An order draws from its drop's one stock or from one of its own drop's variants, never
  // both and never from another drop's; and it costs units plus its shipping fee.
  const misfiled = await db.query<{ id: string; why: string }>(
    `select o.id, case when o.variant_id is null then 'names no variant of its drop with variants'
                       else 'names a variant of another drop' end as why
     from orders o
     where (o.variant_id is null and exists (select 1 from drop_variants v where v.drop_id = o.drop_id))
        or (o.variant_id is not null
            and not exists (select 1 from drop_variants v where v.id = o.variant_id and v.drop_id = o.drop_id))
     union all
     select o.id, 'total ' || o.total_cents || ' != units + shipping fee' from orders o
     where o.total_cents <> o.unit_price_cents * o.quantity + o.shipping_fee_cents`,
  );
  for (const o of misfiled.rows) problems.push(`order ${o.id}: ${o.why}`);

  const both = await db.query<{ drop_id: string }>(
    `select i.drop_id from drop_inventory i where exists (select 1 from drop_variants v where v.drop_id = i.drop_id)`,
  );
  for (const d of both.rows) problems.push(`drop ${d.drop_id}: has both an inventory row and variants`);

  // Deliberate exception (ARCHITECTURE.md): the checker joins catalog's `drops` for the
  // per-user limit, so it reconciles every drop in one read-only pass.
  const over = await db.query<{ drop_id: string; user_id: string; n: number; lim: number }>(
    `select o.drop_id, o.user_id, sum(o.quantity)::int as n, d.per_user_limit as lim
     from orders o join drops d on d.id = o.drop_id
     where d.per_user_limit is not null and ${held("o.")}
     group by o.drop_id, o.user_id, d.per_user_limit
     having sum(o.quantity) > d.per_user_limit`,
  );
  for (const r of over.rows)
    problems.push(`drop ${r.drop_id}: user ${r.user_id} holds ${r.n} > limit ${r.lim}`);

  const quota = await db.query<{ drop_id: string; user_id: string; counted: number; actual: number }>(
    `select coalesce(q.drop_id, o.drop_id) as drop_id, coalesce(q.user_id, o.user_id) as user_id,
       coalesce(q.quantity, 0) as counted, coalesce(o.n, 0)::int as actual
     from drop_user_quota q
     full join (
       select o.drop_id, o.user_id, sum(o.quantity) as n
       from orders o join drops d on d.id = o.drop_id
       where d.per_user_limit is not null and ${held("o.")}
       group by o.drop_id, o.user_id
     ) o on o.drop_id = q.drop_id and o.user_id = q.user_id
     where coalesce(q.quantity, 0) <> coalesce(o.n, 0)`,
  );
  for (const r of quota.rows) {
    problems.push(`drop ${r.drop_id}: user ${r.user_id} counter ${r.counted} != orders ${r.actual}`);
  }

  const money = await db.query<{ id: string; status: string; order_status: string }>(
    `select p.id, p.status, o.status as order_status from payments p join orders o on o.id = p.order_id
     where p.status in ('succeeded', 'refunding') and o.status not in ('confirmed', 'fulfilled')`,
  );
  for (const p of money.rows) {
    problems.push(`payment ${p.id} is ${p.status} but its order is ${p.order_status}`);
  }

  // The other way round: a confirmed order whose payment is not kept (an order confirmed
  // without payment through the internal API has no payment row at all).
  const unpaid = await db.query<{ id: string }>(
    `select o.id from orders o
     where o.status in ('confirmed', 'fulfilled')
       and exists (select 1 from payments p where p.order_id = o.id)
       and not exists (select 1 from payments p where p.order_id = o.id and p.status in ('succeeded', 'refunding'))`,
  );
  for (const o of unpaid.rows) problems.push(`order ${o.id} is confirmed but none of its payments is kept`);

  const drops = new Set(stock.rows.map((r) => r.label.split(" ")[1])).size;
  return { ok: problems.length === 0, drops, problems };
}
