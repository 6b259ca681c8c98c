import { firstOf, type GqlContext, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { toConnection } from "../../shared/cursor.js";
import { AppError, type ErrorCode } from "../../shared/errors.js";
import type { Order, StoredResponse } from "./orders.model.js";

export const ordersTypeDefs = /* GraphQL */ `
  "An order's state: pending payment, then confirmed, failed, expired, cancelled or refunded."
  enum OrderStatus {
    PENDING_PAYMENT
    CONFIRMED
    FAILED
    EXPIRED
    CANCELLED
    REFUNDED
  }

  "An order of units of a drop."
  type Order {
    "The order's id."
    id: ID!
    "Where the order stands."
    status: OrderStatus!
    "Units ordered."
    quantity: Int!
    "Unit price and total in minor units of currency."
    unitPrice: Int!
    "quantity x unitPrice, minor units."
    total: Int!
    "ISO 4217 code of the prices."
    currency: String!
    "The drop ordered from."
    dropId: ID!
    "The drop ordered from; null if it is gone."
    drop: Drop
    "When it was placed (ISO 8601)."
    createdAt: String!
    "When an unpaid reservation is released (ISO 8601)."
    expiresAt: String!
  }

  "A payment of an order."
  type Payment {
    "The payment's id."
    id: ID!
    "The order paid."
    orderId: ID!
    "Amount in minor units of currency."
    amount: Int!
    "ISO 4217 code."
    currency: String!
    "The payment method, e.g. pm_card_ok."
    method: String!
    "succeeded, failed, refunding or refunded."
    status: String!
    "Why the provider refused it; null when it did not."
    failureCode: String
    "When it was attempted (ISO 8601)."
    createdAt: String!
  }

  "An order in a list, with its cursor."
  type OrderEdge {
    "The order."
    node: Order!
    "Pass as after to continue after this order."
    cursor: String!
  }
  "A page of orders."
  type OrderConnection {
    "The orders of this page."
    edges: [OrderEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "An order of a live drop; needs an idempotency key (header or idempotencyKey)."
  input PlaceOrderInput {
    "The live drop to order from."
    dropId: ID!
    "Units, 1-1000 (or qty)."
    quantity: Int
    "Alias of quantity."
    qty: Int
    "Pay in the same call, e.g. pm_card_ok; without it the order waits for payment."
    paymentMethodId: String
    "Used when the request has no Idempotency-Key header."
    idempotencyKey: String
  }

  "A placed order."
  type PlaceOrderPayload {
    "The order."
    order: Order!
    "The payment when paymentMethodId was given."
    payment: Payment
    "The drop's stock right after the order."
    stock: Stock!
  }

  "A payment of a pending order; needs an idempotency key (header or idempotencyKey)."
  input PayInput {
    "The pending order."
    orderId: ID!
    "The payment method, e.g. pm_card_ok."
    method: String!
    "Used when the request has no Idempotency-Key header."
    idempotencyKey: String
  }

  "A paid order."
  type PayPayload {
    "The order, confirmed."
    order: Order!
    "The payment."
    payment: Payment
  }

  extend type Query {
    "One of your orders; null when there is none."
    order(id: ID!): Order
    "Your orders, newest first."
    myOrders(first: Int = 20, after: String): OrderConnection!
  }

  extend type Mutation {
    "Reserve units of a live drop, and pay when paymentMethodId is given (SOLD_OUT, DROP_NOT_LIVE, LIMIT_EXCEEDED, PAYMENT_FAILED)."
    placeOrder(input: PlaceOrderInput!): PlaceOrderPayload!
    "Pay a pending order (PAYMENT_FAILED, INVALID_STATE)."
    pay(input: PayInput!): PayPayload!
    "Cancel an order: a pending one releases its stock, a confirmed one is refunded."
    cancelOrder(id: ID!): Order!
  }
`;

/** The header wins; an input field serves clients that cannot set headers. Required either way. */
function keyOf(ctx: GqlContext, input: { idempotencyKey?: string | null }): string {
  const key = ctx.idempotencyKey ?? input.idempotencyKey ?? undefined;
  if (!key?.trim()) {
    throw new AppError("IDEMPOTENCY_KEY_REQUIRED", "Send an Idempotency-Key header or input.idempotencyKey");
  }
  return key;
}

/** The idempotency store keeps REST envelopes; GraphQL answers the data or raises the same code. */
function unwrap(r: StoredResponse) {
  const body = r.body as {
    success: boolean;
    data?: Record<string, unknown>;
    error?: { code: ErrorCode; message: string; details?: unknown };
  };
  if (body.success) return body.data;
  throw new AppError(
    body.error?.code ?? "INTERNAL",
    body.error?.message ?? "Request failed",
    body.error?.details,
  );
}

export const ordersResolvers: ResolverMap = {
  Query: {
    order: (_p, { id }, ctx) => ctx.services.orders.orders.get(requireCaller(ctx), id),
    myOrders: async (_p, { first, after }, ctx) => {
      const me = requireCaller(ctx);
      return toConnection(await ctx.services.orders.orders.list(me, me, { limit: firstOf(first), after }));
    },
  },
  Mutation: {
    placeOrder: async (_p, { input }, ctx) => {
      const me = requireCaller(ctx);
      const { idempotencyKey: _k, ...body } = input;
      const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined));
      return unwrap(await ctx.services.orders.orders.place(me, keyOf(ctx, input), clean as never));
    },
    pay: async (_p, { input }, ctx) => {
      const me = requireCaller(ctx);
      return unwrap(
        await ctx.services.orders.payments.payAsUser(me, keyOf(ctx, input), {
          orderId: input.orderId,
          method: input.method,
        }),
      );
    },
    cancelOrder: async (_p, { id }, ctx) => {
      const me = requireCaller(ctx);
      const res = await ctx.services.orders.orders.cancel(me, id);
      return (res as { order?: Order }).order ?? res;
    },
  },
  Order: {
    status: (o: Order) => o.status.toUpperCase(),
    unitPrice: (o: Order) => o.unitPriceCents,
    total: (o: Order) => o.totalCents,
    drop: async (o: Order, _a, ctx) => (await ctx.services.catalog.drops.get(o.dropId)).drop,
  },
  Payment: {
    amount: (p: { amountCents: number }) => p.amountCents,
  },
  PlaceOrderPayload: {
    stock: (p: { stock: Record<string, number> }) => ({ ...p.stock, soldOut: p.stock.available === 0 }),
  },
};
