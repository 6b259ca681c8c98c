import { Type } from "typebox";
import { type GqlContext, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { AppError } from "../../shared/errors.js";
import { IdParams, PageQuery } from "../../shared/schemas.js";
import type { DropsService } from "../catalog/index.js";
import type { Order } from "./orders.model.js";
import { quantityOf } from "./orders.routes.js";
import { IdempotencyHeaders, PayBody, PlaceOrderBody } from "./orders.schemas.js";
import type { OrdersService } from "./orders.service.js";
import type { PaymentsService } from "./payments.service.js";

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

// The REST routes' schemas, compiled once.
const byId = inputOf(IdParams, "arguments");
const pageArgs = pageArgsOf(Type.Object(PageQuery));
const placeInput = inputOf(PlaceOrderBody);
const payInput = inputOf(PayBody);
const keyHeader = inputOf(IdempotencyHeaders, "headers");

/** The header wins; an input field serves clients that cannot set headers. Required either way. */
function keyOf(ctx: GqlContext, fromInput: unknown): string {
  const key = ctx.idempotencyKey ?? (typeof fromInput === "string" ? fromInput : undefined);
  if (!key?.trim()) {
    throw new AppError("IDEMPOTENCY_KEY_REQUIRED", "Send an Idempotency-Key header or input.idempotencyKey");
  }
  keyHeader({ "idempotency-key": key });
  return key;
}

export interface OrdersResolversDeps {
  orders: OrdersService;
  payments: PaymentsService;
  /** The catalog's drops, for Order.drop. */
  drops: Pick<DropsService, "get">;
}

export function createOrdersResolvers({ orders, payments, drops }: OrdersResolversDeps): ResolverMap {
  return {
    Query: {
      order: (_p, args, ctx) => orders.get(requireCaller(ctx), byId(args).id),
      myOrders: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        return toConnection(await orders.list(me, me, pageArgs(args)));
      },
    },
    Mutation: {
      placeOrder: async (_p, { input }, ctx) => {
        const me = requireCaller(ctx);
        const { idempotencyKey, ...rest } = input ?? {};
        // The REST body's schema and its qty/quantity rule, so both transports place the same
        // order for the same input (and share the key's fingerprint).
        const body = placeInput(rest);
        const key = keyOf(ctx, idempotencyKey);
        return orders.place(me, key, {
          dropId: body.dropId,
          quantity: quantityOf(body),
          paymentMethodId: body.paymentMethodId,
        });
      },
      pay: async (_p, { input }, ctx) => {
        const me = requireCaller(ctx);
        const { idempotencyKey, ...rest } = input ?? {};
        const body = payInput(rest);
        const key = keyOf(ctx, idempotencyKey);
        const method = body.method ?? body.paymentMethodId;
        if (!method) throw new AppError("VALIDATION_ERROR", "method is required");
        return payments.payAsUser(me, key, { orderId: body.orderId, method });
      },
      cancelOrder: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        return (await orders.cancel(me, byId(args).id)).order;
      },
    },
    Order: {
      status: (o: Order) => o.status.toUpperCase(),
      unitPrice: (o: Order) => o.unitPriceCents,
      total: (o: Order) => o.totalCents,
      drop: async (o: Order) => (await drops.get(o.dropId)).drop,
    },
    Payment: {
      amount: (p: { amountCents: number }) => p.amountCents,
    },
    PlaceOrderPayload: {
      stock: (p: { stock: Record<string, number> }) => ({ ...p.stock, soldOut: p.stock.available === 0 }),
    },
  };
}
