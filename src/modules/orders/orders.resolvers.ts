import { Type } from "typebox";
import {
  type GqlContext,
  type ResolverMap,
  requestIdOf,
  requireCaller,
  resultOf,
} from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { shedding } from "../../http/overload.js";
import { toConnection } from "../../shared/cursor.js";
import { AppError } from "../../shared/errors.js";
import { IdParams, PageQuery } from "../../shared/schemas.js";
import type { DropsService } from "../catalog/index.js";
import { OrderProofFields, proofOf } from "../fairdrops/index.js";
import type { Order } from "./orders.model.js";
import { quantityOf } from "./orders.routes.js";
import { IdempotencyHeaders, PayBody, PlaceOrderBody } from "./orders.schemas.js";
import type { OrdersService } from "./orders.service.js";
import type { PaymentsService } from "./payments.service.js";

export const ordersTypeDefs = /* GraphQL */ `
  "An order's state: pending payment, then confirmed (then fulfilled: shipped), failed, expired, cancelled or refunded."
  enum OrderStatus {
    PENDING_PAYMENT
    CONFIRMED
    FULFILLED
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
    "quantity x unitPrice + shippingFee, minor units."
    total: Int!
    "The variant ordered; null on a drop without variants."
    variantId: ID
    "Charged once for this order, minor units; 0 when the drop does not ship."
    shippingFee: Int!
    "Where the order ships (only its buyer sees it); null when the drop does not ship."
    shippingAddress: ShippingAddress
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
    "Who carries the parcel, once the creator shipped it."
    carrier: String
    "The carrier's tracking number, once shipped."
    trackingNumber: String
    "When the creator marked it shipped (ISO 8601)."
    fulfilledAt: String
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

  "Where an order ships."
  type ShippingAddress {
    "The recipient."
    name: String!
    "Street and number."
    line1: String!
    "More of the address; null when none."
    line2: String
    "The city."
    city: String!
    "The postal code."
    postalCode: String!
    "ISO 3166-1 alpha-2 country code."
    country: String!
  }

  "Where an order ships; each line 1-200 characters (city 100, postal code 20), no control characters."
  input ShippingAddressInput {
    "The recipient."
    name: String!
    "Street and number."
    line1: String!
    "More of the address."
    line2: String
    "The city."
    city: String!
    "The postal code."
    postalCode: String!
    "ISO 3166-1 alpha-2 country code, one of the drop's shipsTo (else CANNOT_SHIP_TO)."
    country: String!
  }

  "An order of a live drop; needs an idempotency key (header or idempotencyKey)."
  input PlaceOrderInput {
    "The live drop to order from."
    dropId: ID!
    "The variant to order; required on a drop with variants (VALIDATION_ERROR without), refused on one without."
    variantId: ID
    "Required on a drop that ships (VALIDATION_ERROR without; CANNOT_SHIP_TO outside its shipsTo)."
    shippingAddress: ShippingAddressInput
    "Units, 1-1000 (or qty)."
    quantity: Int
    "Alias of quantity."
    qty: Int
    "Pay in the same call, e.g. pm_card_ok; without it the order waits for payment."
    paymentMethodId: String
    "Used when the request has no Idempotency-Key header."
    idempotencyKey: String
    "A queue drop's pass (or the X-Drop-Pass header)."
    pass: String
    "On a protected drop: base64 solution of a challenge (or the X-Challenge header)."
    challenge: String
  }

  "A placed order."
  type PlaceOrderPayload {
    "The order."
    order: Order!
    "The payment when paymentMethodId was given."
    payment: Payment
    "The stock the order drew from right after it: the drop's, or its variant's."
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
    "Reserve units of a live drop, and pay when paymentMethodId is given (SOLD_OUT, DROP_NOT_LIVE, LIMIT_EXCEEDED, PAYMENT_FAILED; on fair drops CHALLENGE_REQUIRED, PASS_REQUIRED, PASS_INVALID, PASS_EXPIRED, PASS_USED; NOT_A_WINNER on a raffle drop without a live claim)."
    placeOrder(input: PlaceOrderInput!): PlaceOrderPayload!
    "Pay a pending order (PAYMENT_FAILED, INVALID_STATE)."
    pay(input: PayInput!): PayPayload!
    "Cancel an order: a pending one releases its stock, a confirmed one is refunded."
    cancelOrder(id: ID!): Order!
  }
`;

// The REST routes' schemas, compiled once.
const byId = inputOf(IdParams, "arguments");
const pageArgs = pageArgsOf(Type.Object(PageQuery));
const placeInput = inputOf(PlaceOrderBody);
const payInput = inputOf(PayBody);
const keyHeader = inputOf(IdempotencyHeaders, "headers");
const proofInput = inputOf(OrderProofFields);

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
        const { idempotencyKey, challenge, ...rest } = input ?? {};
        // A left-out line2 may come as null inside the address too (REST knows only absent).
        if (rest.shippingAddress && typeof rest.shippingAddress === "object") {
          rest.shippingAddress = Object.fromEntries(
            Object.entries(rest.shippingAddress).filter(([, v]) => v !== null && v !== undefined),
          );
        }
        // The REST body's schema and its qty/quantity rule, so both transports place the same
        // order for the same input (and share the key's fingerprint).
        const body = placeInput(rest);
        const key = keyOf(ctx, idempotencyKey);
        return resultOf(
          await orders.place(
            me,
            key,
            {
              dropId: body.dropId,
              quantity: quantityOf(body),
              paymentMethodId: body.paymentMethodId,
              variantId: body.variantId,
              shippingAddress: body.shippingAddress,
              ...proofOf(ctx.reply.request.headers, { pass: body.pass, ...proofInput({ challenge }) }),
            },
            ctx.address,
            { shed: shedding(ctx.reply.request), requestId: requestIdOf(ctx) },
          ),
        );
      },
      pay: async (_p, { input }, ctx) => {
        const me = requireCaller(ctx);
        const { idempotencyKey, ...rest } = input ?? {};
        const body = payInput(rest);
        const key = keyOf(ctx, idempotencyKey);
        const method = body.method ?? body.paymentMethodId;
        if (!method) throw new AppError("VALIDATION_ERROR", "method is required");
        return resultOf(
          await payments.payAsUser(me, key, { orderId: body.orderId, method }, ctx.address, requestIdOf(ctx)),
        );
      },
      cancelOrder: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        return (await orders.cancel(me, byId(args).id, requestIdOf(ctx))).order;
      },
    },
    Order: {
      status: (o: Order) => o.status.toUpperCase(),
      unitPrice: (o: Order) => o.unitPriceCents,
      total: (o: Order) => o.totalCents,
      shippingFee: (o: Order) => o.shippingFeeCents ?? 0,
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
