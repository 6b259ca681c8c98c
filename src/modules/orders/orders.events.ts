import { jsonbObject } from "../../shared/jsonb.js";

/**
 * The orders module's events, declared once here; `src/shared/events.ts` joins them into
 * the catalogue. Most are written in SQL, inside the statement that moves the stock:
 * those go through `stockPayloadSql`, so the SQL has exactly the fields declared here.
 */

/** A drop's stock after a move (`available + reserved + sold = initial`). */
export type StockLevels = {
  available: number;
  reserved: number;
  sold: number;
  initial: number;
};

/** One variant's stock after a move of it. */
export type VariantStockLevels = StockLevels & { id: string; name: string };

/**
 * The payload of every stock event: the drop and its stock as that statement left it. A
 * move of a variant adds `variant`, exact; the drop's totals beside it count the other
 * variants as that statement saw them (a concurrent move of another variant reports its own).
 */
export type StockPayload = StockLevels & { dropId: string; variant?: VariantStockLevels };

/** The statuses an order event reports (a pending order has none). */
export type OrderEventStatus = "confirmed" | "fulfilled" | "failed" | "expired" | "cancelled" | "refunded";

/** The buyer's order after the change. `userId` routes it to the buyer. */
export type OrderPayload<S extends OrderEventStatus = OrderEventStatus> = {
  orderId: string;
  userId: string;
  dropId: string;
  status: S;
  quantity: number;
};

/** The outbox events orders writes, each with its payload. */
export type OrderEvents = {
  /** Paid: the reserved units are sold. */
  "order.confirmed": OrderPayload<"confirmed">;
  /** The charge was declined or failed: the units are back in `available`. */
  "order.failed": OrderPayload<"failed">;
  /** Not paid in time: the units are back in `available`. */
  "order.expired": OrderPayload<"expired">;
  /** Cancelled before payment, or (status `refunded`) refunded after it: the units are back. */
  "order.cancelled": OrderPayload<"cancelled" | "refunded">;
  /** The drop's creator shipped it: how to follow the parcel. */
  "order.fulfilled": OrderPayload<"fulfilled"> & { carrier: string; trackingNumber: string };
  /**
   * The drop's creator refunded it (the order desk). Units of an order that had not shipped
   * are back in `available`; those of a shipped one stay sold. A buyer's own cancellation of
   * a paid order stays `order.cancelled` with status `refunded`, as before.
   */
  "order.refunded": OrderPayload<"refunded">;
  /** Any stock move (coalesced: the newest per drop wins). */
  "stock.changed": StockPayload;
  /** This move took `available` down to the drop's low-stock threshold. */
  "stock.low": StockPayload;
  /** This move took the last unit. */
  "drop.sold_out": StockPayload;
};

export type OrderEventType = Extract<keyof OrderEvents, `order.${string}`>;

/** An order event ready for the outbox (the writer adds the time). */
export type OrderEvent = {
  [K in OrderEventType]: { type: K; aggregateId: string; payload: OrderEvents[K] };
}[OrderEventType];

/**
 * The one way to build an order's event from the order after its change: the status
 * names the event (a buyer's refund is `order.cancelled` with status `refunded`, the
 * creator's is `order.refunded`: `by`).
 */
export function orderEvent(
  o: {
    id: string;
    userId: string;
    dropId: string;
    quantity: number;
    status: OrderEventStatus | "pending_payment";
    carrier?: string | null;
    trackingNumber?: string | null;
  },
  by: "buyer" | "creator" = "buyer",
): OrderEvent {
  const base = { orderId: o.id, userId: o.userId, dropId: o.dropId, quantity: o.quantity };
  const aggregateId = o.id;
  switch (o.status) {
    case "confirmed":
      return { type: "order.confirmed", aggregateId, payload: { ...base, status: o.status } };
    case "failed":
      return { type: "order.failed", aggregateId, payload: { ...base, status: o.status } };
    case "expired":
      return { type: "order.expired", aggregateId, payload: { ...base, status: o.status } };
    case "fulfilled": {
      const shipping = { carrier: o.carrier ?? "", trackingNumber: o.trackingNumber ?? "" };
      return { type: "order.fulfilled", aggregateId, payload: { ...base, status: o.status, ...shipping } };
    }
    case "refunded":
      if (by === "creator") {
        return { type: "order.refunded", aggregateId, payload: { ...base, status: o.status } };
      }
      return { type: "order.cancelled", aggregateId, payload: { ...base, status: o.status } };
    case "cancelled":
      return { type: "order.cancelled", aggregateId, payload: { ...base, status: o.status } };
    case "pending_payment":
      throw new Error(`order ${o.id} is still pending: it has no event`);
  }
}

/**
 * The one way to build a stock payload, as SQL: `jsonb_build_object` of the drop id and
 * the stock columns of `from` (a CTE returning drop_inventory's `available, reserved,
 * sold, initial`; unqualified when omitted). `dropId` is a SQL expression, e.g. `$1`.
 */
export function stockPayloadSql(dropId: string, from?: string): string {
  const col = (c: keyof StockLevels) => (from ? `${from}.${c}` : c);
  const fields: Record<Exclude<keyof StockPayload, "variant">, string> = {
    dropId: `${dropId}::uuid`,
    available: col("available"),
    reserved: col("reserved"),
    sold: col("sold"),
    initial: col("initial"),
  };
  return jsonbObject(fields);
}

/**
 * The stock payload after a move of one variant, as SQL: `from` is a CTE returning the
 * variant row (`available, reserved, sold, initial, name`) after the move; the drop's totals
 * add the other variants of `dropId` as this statement sees them. `variantId` is a SQL
 * expression too. Event and answer carry the variant's exact levels in `variant`.
 */
export function variantStockPayloadSql(dropId: string, variantId: string, from: string): string {
  const total = (c: keyof StockLevels) => `${from}.${c} + coalesce(sum(o.${c}), 0)::int`;
  const variant: Record<keyof VariantStockLevels, string> = {
    id: `${variantId}::uuid`,
    name: `${from}.name`,
    available: `${from}.available`,
    reserved: `${from}.reserved`,
    sold: `${from}.sold`,
    initial: `${from}.initial`,
  };
  const fields: Record<keyof StockPayload, string> = {
    dropId: `${dropId}::uuid`,
    available: total("available"),
    reserved: total("reserved"),
    sold: total("sold"),
    initial: total("initial"),
    variant: jsonbObject(variant),
  };
  return `(select ${jsonbObject(fields)} from drop_variants o where o.drop_id = ${dropId}::uuid and o.id <> ${variantId}::uuid)`;
}
