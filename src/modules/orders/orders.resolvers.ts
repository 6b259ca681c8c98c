import { firstOf, type GqlContext, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { toConnection } from "../../shared/cursor.js";
import { AppError } from "../../shared/errors.js";
import type { Order } from "./orders.model.js";

export const ordersTypeDefs = /* GraphQL */ `
  enum OrderStatus {
    PENDING_PAYMENT
    CONFIRMED
    FAILED
    EXPIRED
    CANCELLED
    REFUNDED
  }

  type Order {
    id: ID!
    status: OrderStatus!
    quantity: Int!
    "Unit price and total in minor units of currency."
    unitPrice: Int!
    total: Int!
    currency: String!
    dropId: ID!
    drop: Drop
    createdAt: String!
    expiresAt: String!
  }

  type Payment {
    id: ID!
    orderId: ID!
    amount: Int!
    currency: String!
    method: String!
    status: String!
    failureCode: String
    createdAt: String!
  }

  type OrderEdge {
    node: Order!
    cursor: String!
  }
  type OrderConnection {
    edges: [OrderEdge!]!
    pageInfo: PageInfo!
  }

  input PlaceOrderInput {
    dropId: ID!
    quantity: Int
    "Alias of quantity."
    qty: Int
    paymentMethodId: String
    "Used when the request has no Idempotency-Key header."
    idempotencyKey: String
  }

  type PlaceOrderPayload {
    order: Order!
    payment: Payment
    stock: Stock!
  }

  input PayInput {
    orderId: ID!
    method: String!
    idempotencyKey: String
  }

  type PayPayload {
    order: Order!
    payment: Payment
  }

  extend type Query {
    order(id: ID!): Order
    myOrders(first: Int = 20, after: String): OrderConnection!
  }

  extend type Mutation {
    placeOrder(input: PlaceOrderInput!): PlaceOrderPayload!
    pay(input: PayInput!): PayPayload!
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
      return ctx.services.orders.orders.place(me, keyOf(ctx, input), clean as never);
    },
    pay: async (_p, { input }, ctx) => {
      const me = requireCaller(ctx);
      return ctx.services.orders.payments.payAsUser(me, keyOf(ctx, input), {
        orderId: input.orderId,
        method: input.method,
      });
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
