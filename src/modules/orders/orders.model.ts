import { AppError, type ErrorCode } from "../../shared/errors.js";

export type OrderStatus = "pending_payment" | "confirmed" | "failed" | "expired" | "cancelled" | "refunded";
export type PaymentStatus =
  | "processing"
  | "succeeded"
  | "failed"
  | "error"
  | "voided"
  | "refunding"
  | "refunded";

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
  created_at: Date;
  updated_at: Date;
}

export interface Stock {
  available: number;
  reserved: number;
  sold: number;
  initial: number;
}

export interface Order {
  id: string;
  userId: string;
  dropId: string;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  currency: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

export interface Payment {
  id: string;
  orderId: string;
  amountCents: number;
  currency: string;
  method: string;
  status: PaymentStatus;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
}

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
});

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
 * A finished HTTP answer as the idempotency store keeps it: replays send exactly this.
 * Bodies are complete envelopes; `stockPath` names where the database writes the drop's
 * stock into the body, in the same statement that changes it.
 */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export const STOCK_IN_DATA = "{data,stock}";
export const STOCK_IN_ERROR = "{error,details,stock}";

export const okBody = (data: Record<string, unknown>) => ({ success: true, data });

export const errorBody = (code: ErrorCode, message: string, details?: unknown) => ({
  success: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

export const errorResponse = (err: AppError): StoredResponse => ({
  statusCode: err.status,
  body: errorBody(err.code, err.message, err.details),
});

/** Constant, so that the answer from memory and the one the database stored are the same. */
export const SOLD_OUT = new AppError("SOLD_OUT", "This drop is sold out");
export const soldOutResponse = (): StoredResponse => errorResponse(SOLD_OUT);
export const limitResponse = (limit: number): StoredResponse =>
  errorResponse(
    new AppError("LIMIT_EXCEEDED", `This drop allows at most ${limit} per customer`, {
      perUserLimit: limit,
    }),
  );

/** Thrown by the service with a ready response (stored or about to be), e.g. a 402 carrying the order. */
export class ResponseError extends Error {
  constructor(readonly response: StoredResponse) {
    super("response");
  }
}

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
}): Order => ({
  ...o,
  totalCents: o.unitPriceCents * o.quantity,
  updatedAt: o.createdAt,
});

/** Put the stock at `path` ("{data,stock}") in `body` (built for this call), as jsonb_set does in SQL. */
export function putStock(body: unknown, path: string, stock: Stock): unknown {
  type Node = Record<string, unknown>;
  const keys = path.slice(1, -1).split(",");
  let at = body as Node;
  for (const k of keys.slice(0, -1)) at = at[k] as Node;
  at[keys[keys.length - 1] as string] = stock;
  return body;
}
