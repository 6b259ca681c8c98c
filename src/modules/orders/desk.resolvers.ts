import { type ResolverMap, requestIdOf, requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { IdParams } from "../../shared/schemas.js";
import { DeskOrdersQuery, FulfilBody, SalesQuery } from "./desk.schemas.js";
import type { DeskService } from "./desk.service.js";

export const deskTypeDefs = /* GraphQL */ `
  "Who placed an order, as the drop's creator sees them."
  type DeskBuyer {
    "The buyer's user id."
    id: ID!
    "The buyer's name."
    name: String!
  }

  "The variant of a drop an order is for."
  type DeskVariant {
    "The variant's id."
    id: ID!
    "Its name, e.g. a size."
    name: String!
  }

  "Where an order ships."
  type DeskAddress {
    "The addressee."
    name: String!
    "Street and number."
    line1: String!
    "More of the address, if any."
    line2: String
    "City."
    city: String!
    "Postal code."
    postalCode: String!
    "ISO 3166-1 alpha-2 country code."
    country: String!
  }

  "An order of one of your drops, as its creator sees it."
  type DeskOrder {
    "The order's id."
    id: ID!
    "Who placed it."
    buyer: DeskBuyer!
    "The variant ordered; null for a drop without variants."
    variant: DeskVariant
    "Units ordered."
    quantity: Int!
    "What the buyer paid, minor units of currency."
    total: Int!
    "ISO 4217 code of the total."
    currency: String!
    "Where the order stands."
    status: OrderStatus!
    "Where to ship it; null for a drop that ships nothing."
    shippingAddress: DeskAddress
    "When it was placed (ISO 8601)."
    createdAt: String!
    "Who carries the parcel, once fulfilled."
    carrier: String
    "The carrier's tracking number, once fulfilled."
    trackingNumber: String
    "When it was marked shipped (ISO 8601)."
    fulfilledAt: String
  }

  "An order of a drop in a list, with its cursor."
  type DeskOrderEdge {
    "The order."
    node: DeskOrder!
    "Pass as after to continue after this order."
    cursor: String!
  }

  "A page of a drop's orders."
  type DeskOrderConnection {
    "The orders of this page, newest first."
    edges: [DeskOrderEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "How the order shipped."
  input FulfilInput {
    "Who carries the parcel, e.g. DHL."
    carrier: String!
    "The carrier's tracking number."
    trackingNumber: String!
  }

  "A width of the sales chart's buckets (UTC)."
  enum SalesBucket {
    "One point per hour."
    HOUR
    "One point per day."
    DAY
  }

  "Units and money in one bucket of time."
  type SalesPoint {
    "Where the bucket starts (ISO 8601)."
    at: String!
    "Units sold."
    units: Int!
    "What buyers paid, minor units."
    revenueCents: Float!
  }

  "Units and money of one variant, or of the whole drop."
  type SalesTotals {
    "Units sold."
    units: Int!
    "What buyers paid, minor units."
    revenueCents: Float!
  }

  "One variant's sales over time."
  type SalesSeries {
    "The variant; null for the whole drop (a drop without variants)."
    variant: DeskVariant
    "Its totals."
    totals: SalesTotals!
    "A point per bucket with sales (empty buckets left out)."
    points: [SalesPoint!]!
  }

  "A drop's sales figures: paid orders (confirmed or shipped), refunds left out."
  type Sales {
    "The width of each point."
    bucket: SalesBucket!
    "ISO 4217 code of the money figures."
    currency: String!
    "Units and revenue of the whole drop."
    units: Int!
    "What buyers paid for the whole drop, minor units."
    revenueCents: Float!
    "How many paid orders."
    orders: Int!
    "One series per variant."
    series: [SalesSeries!]!
  }

  extend type Drop {
    "The drop's orders, newest first, optionally of one status: its creator only (FORBIDDEN otherwise)."
    orders(status: OrderStatus, first: Int = 20, after: String): DeskOrderConnection!
    "Units and revenue over time, per variant: its creator only (FORBIDDEN otherwise)."
    sales(bucket: SalesBucket = HOUR): Sales!
  }

  extend type Mutation {
    "Mark a confirmed order of your drop shipped; the buyer is told (NOT_FOUND, INVALID_STATE, RATE_LIMITED)."
    fulfilOrder(id: ID!, input: FulfilInput!): Order!
    "Refund a confirmed or fulfilled order of your drop, once; the buyer is told (NOT_FOUND, INVALID_STATE, PAYMENT_FAILED, RATE_LIMITED)."
    refundOrder(id: ID!): Order!
  }
`;

// The REST routes' schemas, compiled once: the same input gets the same answer on both transports.
const byId = inputOf(IdParams, "arguments");
const ordersArgs = pageArgsOf(DeskOrdersQuery);
const fulfilInput = inputOf(FulfilBody);
const salesArgs = inputOf(SalesQuery, "arguments");

export function createDeskResolvers({ desk }: { desk: DeskService }): ResolverMap {
  return {
    Drop: {
      orders: async (drop: { id: string }, args, ctx) => {
        const me = requireCaller(ctx);
        const { status, ...rest } = args ?? {};
        const query = ordersArgs({
          ...rest,
          status: typeof status === "string" ? status.toLowerCase() : status,
        });
        return toConnection(await desk.list(me, drop.id, query));
      },
      sales: async (drop: { id: string }, args, ctx) => {
        const me = requireCaller(ctx);
        const { bucket } = salesArgs({ bucket: String(args?.bucket ?? "HOUR").toLowerCase() });
        const s = await desk.sales(me, drop.id, bucket);
        return { ...s, ...s.totals, bucket: s.bucket.toUpperCase() };
      },
    },
    DeskOrder: {
      status: (o: { status: string }) => o.status.toUpperCase(),
      total: (o: { totalCents: number }) => o.totalCents,
    },
    Mutation: {
      fulfilOrder: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        return desk.fulfil(
          me,
          byId({ id: args.id }).id,
          fulfilInput(args.input),
          ctx.address,
          requestIdOf(ctx),
        );
      },
      refundOrder: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        return (await desk.refund(me, byId({ id: args.id }).id, ctx.address, requestIdOf(ctx))).order;
      },
    },
  };
}
