import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, type Page, toPage } from "../../shared/cursor.js";
import { AppError, forbidden, notFound } from "../../shared/errors.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { DropTerms } from "../catalog/index.js";
import { CSV_HEADER, csvRow } from "./desk.csv.js";
import type { DeskRepository, DeskRow, SalesRow } from "./desk.repository.js";
import type { DeskOrder, FulfilBody, Sales } from "./desk.schemas.js";
import { fulfilmentOf, type OrderResult, type OrderRow, type OrderStatus, toOrder } from "./orders.model.js";
import type { OrdersRepository } from "./orders.repository.js";
import type { PaymentsService } from "./payments.service.js";

export interface DeskDeps {
  db: Db;
  clock: Clock;
  desk: DeskRepository;
  orders: OrdersRepository;
  payments: Pick<PaymentsService, "refundOrder">;
  terms: (dropId: string) => Promise<DropTerms | null>;
  /** The abuse limits: `desk` on fulfilling and refunding, `desk_exports` on CSV exports. */
  limits: Pick<RateLimits, "check">;
  /** Rows per statement of the CSV export: memory is bounded by one chunk, whatever the drop. */
  exportChunk?: number;
}

const toDeskOrder = (r: DeskRow): DeskOrder => ({
  id: r.id,
  buyer: { id: r.user_id, name: r.buyer_name },
  variant: r.variant_id ? { id: r.variant_id, name: r.variant_name ?? "" } : null,
  quantity: r.quantity,
  totalCents: Number(r.total_cents),
  currency: r.currency.trim(),
  status: r.status,
  shippingAddress: (r.shipping_address as DeskOrder["shippingAddress"]) ?? null,
  createdAt: r.created_at.toISOString(),
  ...fulfilmentOf(r),
});

const keyOf = (r: DeskRow): [string, string] => [r.created_at.toISOString(), r.id];

/** Sales rows (bucket x variant) into one series per variant. */
function toSales(rows: SalesRow[], bucket: Sales["bucket"], currency: string): Sales {
  const series = new Map<string, Sales["series"][number]>();
  const totals = { units: 0, revenueCents: 0, orders: 0 };
  for (const r of rows) {
    const key = r.variant_id ?? "all";
    let s = series.get(key);
    if (!s) {
      const variant = r.variant_id ? { id: r.variant_id, name: r.variant_name ?? "" } : null;
      s = { variant, totals: { units: 0, revenueCents: 0 }, points: [] };
      series.set(key, s);
    }
    const point = { at: r.at.toISOString(), units: r.units, revenueCents: Number(r.revenue_cents) };
    s.points.push(point);
    s.totals.units += point.units;
    s.totals.revenueCents += point.revenueCents;
    totals.units += point.units;
    totals.revenueCents += point.revenueCents;
    totals.orders += r.orders;
  }
  return { bucket, currency, totals, series: [...series.values()] };
}

/**
 * The creator's order desk. Every method checks access first: a drop's orders, export and
 * figures are its creator's (another caller: 403, as editing the drop is; the drop's
 * existence is public); an order is fulfilled or refunded only by the creator of its drop
 * (anyone else, the buyer included: 404, as someone else's order is everywhere).
 */
export function createDeskService(deps: DeskDeps) {
  const { db, clock, desk, orders, terms, limits } = deps;
  const chunk = deps.exportChunk ?? 1_000;

  async function ownDrop(actorId: string, dropId: string): Promise<DropTerms> {
    const t = await terms(dropId);
    if (!t) throw notFound("Drop");
    if (t.creatorId !== actorId) throw forbidden("Only the drop's creator can see its orders");
    return t;
  }

  async function orderOfMyDrop(actorId: string, orderId: string): Promise<OrderRow> {
    const o = await orders.order(orderId);
    const t = o ? await terms(o.drop_id) : null;
    if (!o || t?.creatorId !== actorId) throw notFound("Order");
    return o;
  }

  const stateError = (o: OrderRow, want: string) =>
    new AppError("INVALID_STATE", `The order is ${o.status}; only ${want} orders can be`, {
      order: toOrder(o),
    });

  return {
    async list(
      actorId: string,
      dropId: string,
      opts: { limit: number; after?: string; status?: OrderStatus },
    ): Promise<Page<DeskOrder>> {
      await ownDrop(actorId, dropId);
      const after = decodeKeyset(opts.after);
      const rows = await desk.page(dropId, opts.status ?? null, after, opts.limit + 1);
      return toPage(rows, opts.limit, keyOf, toDeskOrder);
    },

    /**
     * Every order of the drop as CSV text, a chunk of lines at a time. Access is checked
     * before the first chunk is asked for, so a refusal is still an ordinary error answer.
     * The walk is keyset pagination newest first outside any transaction: an order placed
     * during the export is newer than its start and left out; one that changes status
     * appears once, as it was when its chunk was read. The consumer pulls (a stream with
     * backpressure): the next chunk is read only when the previous one has been taken.
     */
    async exportCsv(
      actorId: string,
      dropId: string,
      address: string | null = null,
    ): Promise<AsyncIterable<string>> {
      await limits.check("desk_exports", { account: actorId, address });
      await ownDrop(actorId, dropId);
      return (async function* () {
        yield CSV_HEADER;
        let after: [string, string] | null = null;
        for (;;) {
          const rows = await desk.page(dropId, null, after, chunk);
          if (rows.length > 0) yield rows.map((r) => csvRow(toDeskOrder(r))).join("");
          const last = rows[rows.length - 1];
          if (rows.length < chunk || !last) return;
          after = keyOf(last);
        }
      })();
    },

    async sales(actorId: string, dropId: string, bucket: Sales["bucket"]): Promise<Sales> {
      const t = await ownDrop(actorId, dropId);
      return toSales(await desk.sales(dropId, bucket), bucket, t.currency);
    },

    /** confirmed -> fulfilled; the buyer hears `order.fulfilled` (push, inbox, mail). */
    async fulfil(
      actorId: string,
      orderId: string,
      input: FulfilBody,
      address: string | null = null,
      requestId?: string,
    ) {
      await limits.check("desk", { account: actorId, address });
      const o = await orderOfMyDrop(actorId, orderId);
      if (o.status !== "confirmed") throw stateError(o, "confirmed");
      const done = await db.tx((q) => desk.fulfil(q, o.id, input, clock.now(), requestId));
      if (done) return toOrder(done);
      // Refunded or fulfilled meanwhile: the guarded update let only one change through.
      const now = await orders.order(o.id);
      throw stateError(now ?? o, "confirmed");
    },

    /**
     * Refund a confirmed or fulfilled order through the payment provider, once: the
     * payment's guarded `succeeded -> refunding` claim lets one caller through, and a second
     * refund finds the order refunded (409). Units of a confirmed order return to stock;
     * a fulfilled order's shipped, so they stay sold (payments.service refundOrder). The
     * buyer hears `order.refunded`.
     */
    async refund(
      actorId: string,
      orderId: string,
      address: string | null = null,
      requestId?: string,
    ): Promise<OrderResult> {
      await limits.check("desk", { account: actorId, address });
      const o = await orderOfMyDrop(actorId, orderId);
      if (o.status !== "confirmed" && o.status !== "fulfilled") throw stateError(o, "confirmed or fulfilled");
      return deps.payments.refundOrder(o, "creator", requestId);
    },
  };
}

export type DeskService = ReturnType<typeof createDeskService>;
