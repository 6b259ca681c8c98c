import type { Static } from "typebox";
import { AppError } from "../../shared/errors.js";
import type { Outcome as SharedOutcome } from "../../shared/outcome.js";
import * as shared from "../../shared/outcome.js";
import type { StockLevels } from "./orders.events.js";
import type {
  OrderResult as OrderResultSchema,
  Order as OrderSchema,
  OrderStatus as OrderStatusSchema,
  Payment as PaymentSchema,
  PaymentStatus as PaymentStatusSchema,
  ShippingAddress,
} from "./orders.schemas.js";

export type OrderStatus = Static<typeof OrderStatusSchema>;
export type PaymentStatus = Static<typeof PaymentStatusSchema>;

export interface OrderRow {
  id: string;
  user_id: string;
  drop_id: string;
  quantity: number;
  unit_price_cents: number | string;
  total_cents: number | string;
  currency: string;
  status: OrderStatus;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  /** Set by fulfilment (migration 014); absent from rows of statements that list columns. */
  carrier?: string | null;
  tracking_number?: string | null;
  fulfilled_at?: Date | null;
  /** Null on a drop without variants. */
  variant_id: string | null;
  shipping_address: ShippingAddress | null;
  shipping_fee_cents: number | string;
}

export interface PaymentRow {
  id: string;
  order_id: string;
  user_id: string;
  amount_cents: number | string;
  currency: string;
  method: string;
  status: PaymentStatus;
  provider_ref: string | null;
  failure_code: string | null;
  /**
   * Who asked for the refund in flight (`refunding`); null on payments never refunded or
   * refunded before migration 020. A refund that failed leaves it, and the next claim sets it.
   */
  refund_by: "buyer" | "creator" | null;
  created_at: Date;
  updated_at: Date;
}

/** The stock columns of a drop, as the stock events carry them. */
export type Stock = StockLevels;
export type Order = Static<typeof OrderSchema>;
export type Payment = Static<typeof PaymentSchema>;
/** What placing an order, paying or cancelling answers. */
export type OrderResult = Static<typeof OrderResultSchema>;

export const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  userId: r.user_id,
  dropId: r.drop_id,
  quantity: r.quantity,
  unitPriceCents: Number(r.unit_price_cents),
  totalCents: Number(r.total_cents),
  currency: r.currency,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  ...fulfilmentOf(r),
  variantId: r.variant_id,
  shippingFeeCents: Number(r.shipping_fee_cents),
  shippingAddress: r.shipping_address,
});

/** The fulfilment fields, only once there is one (stored outcomes from before have none). */
export const fulfilmentOf = (r: Pick<OrderRow, "carrier" | "tracking_number" | "fulfilled_at">) =>
  r.fulfilled_at
    ? {
        carrier: r.carrier ?? "",
        trackingNumber: r.tracking_number ?? "",
        fulfilledAt: r.fulfilled_at.toISOString(),
      }
    : {};

export const toPayment = (r: PaymentRow): Payment => ({
  id: r.id,
  orderId: r.order_id,
  amountCents: Number(r.amount_cents),
  currency: r.currency,
  method: r.method,
  status: r.status,
  failureCode: r.failure_code,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/**
 * How an idempotent orders operation ended (see src/shared/outcome.ts), as the idempotency
 * store keeps it. The database writes the drop's stock into it (at `STOCK_IN_VALUE` or
 * `STOCK_IN_ERROR`) in the same statement that moves the stock.
 */
export type Outcome = SharedOutcome<OrderResult>;

export const STOCK_IN_VALUE = "{value,stock}";
export const STOCK_IN_ERROR = "{error,details,stock}";

export const success = (value: OrderResult): Outcome => shared.success(value);
export const failure = (err: AppError): Outcome => shared.failure(err);

/** Constant, so that the answer from memory and the one the database stored are the same. */
export const SOLD_OUT = new AppError("SOLD_OUT", "This drop is sold out");
/** The one outcome a sold-out answer from memory is (transports may serialize it once). */
export const SOLD_OUT_OUTCOME: Outcome = failure(SOLD_OUT);
export const limitExceeded = (limit: number) =>
  new AppError("LIMIT_EXCEEDED", `This drop allows at most ${limit} per customer`, { perUserLimit: limit });

export const orderJson = (o: {
  id: string;
  userId: string;
  dropId: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
  status: Order["status"];
  createdAt: string;
  expiresAt: string;
  variantId: string | null;
  shippingFeeCents: number;
  shippingAddress: ShippingAddress | null;
}): Order => ({
  ...o,
  totalCents: totalOf(o.unitPriceCents, o.quantity, o.shippingFeeCents),
  updatedAt: o.createdAt,
});

/** What an order costs: the units, plus the drop's shipping fee once per order. */
export const totalOf = (unitPriceCents: number, quantity: number, shippingFeeCents: number) =>
  unitPriceCents * quantity + shippingFeeCents;

/** The stock row an order draws from: its variant's, or its drop's (see inventory.ts). */
export interface StockRef {
  dropId: string;
  variantId: string | null;
}
/** The group-commit key and sold-out key of a stock row: ids are UUIDs, so they never clash. */
export const stockKey = (r: StockRef): string => r.variantId ?? r.dropId;
export const stockRefOf = (o: Pick<OrderRow, "drop_id" | "variant_id">): StockRef => ({
  dropId: o.drop_id,
  variantId: o.variant_id,
});

/** Put the stock at `path` ("{value,stock}") in `outcome` (built for this call), as jsonb_set does in SQL. */
export function putStock(outcome: Outcome, path: string, stock: Stock): Outcome {
  type Node = Record<string, unknown>;
  const keys = path.slice(1, -1).split(",");
  let at = outcome as unknown as Node;
  for (const k of keys.slice(0, -1)) at = at[k] as Node;
  at[keys[keys.length - 1] as string] = stock;
  return outcome;
}
