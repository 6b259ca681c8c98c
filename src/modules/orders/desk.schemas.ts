import { type Static, Type } from "typebox";
import { PageQuery, Uuid } from "../../shared/schemas.js";
import { Fulfilment, OrderStatus } from "./orders.schemas.js";

/**
 * The creator's order desk: a drop's orders as its creator sees them, fulfilment, refunds
 * and sales figures. Shared by REST (desk.routes.ts) and GraphQL (desk.resolvers.ts).
 */

/** The address an order ships to (orders.shipping_address, written by the shipping feature). */
export const ShippingAddress = Type.Object(
  {
    name: Type.String(),
    line1: Type.String(),
    line2: Type.Optional(Type.String()),
    city: Type.String(),
    postalCode: Type.String(),
    country: Type.String({ description: "ISO 3166-1 alpha-2" }),
  },
  { additionalProperties: true },
);

export const DeskOrder = Type.Object({
  id: Uuid,
  buyer: Type.Object({ id: Uuid, name: Type.String() }),
  variant: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()], {
    description: "The variant ordered; null for a drop without variants",
  }),
  quantity: Type.Integer(),
  totalCents: Type.Integer(),
  currency: Type.String(),
  status: OrderStatus,
  shippingAddress: Type.Union([ShippingAddress, Type.Null()], {
    description: "Where to ship; null for a drop that ships nothing",
  }),
  createdAt: Type.String({ format: "date-time" }),
  ...Fulfilment,
});
export type DeskOrder = Static<typeof DeskOrder>;

export const DeskOrdersQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(OrderStatus),
});
export type DeskOrdersQuery = Static<typeof DeskOrdersQuery>;

/** Printable text without control characters (they would break a CSV line or a label). */
const Line = (description: string) =>
  Type.String({ minLength: 1, maxLength: 100, pattern: "^[^\\u0000-\\u001f\\u007f]+$", description });

export const FulfilBody = Type.Object(
  {
    carrier: Line("Who carries the parcel, e.g. DHL"),
    trackingNumber: Line("The carrier's tracking number"),
  },
  { additionalProperties: false },
);
export type FulfilBody = Static<typeof FulfilBody>;

export const SalesQuery = Type.Object({
  bucket: Type.Union([Type.Literal("hour"), Type.Literal("day")], {
    default: "hour",
    description: "The width of each point (UTC)",
  }),
});

const Figures = {
  units: Type.Integer({ description: "Units sold" }),
  revenueCents: Type.Integer({ description: "What buyers paid, minor units" }),
};

export const Sales = Type.Object({
  bucket: Type.Union([Type.Literal("hour"), Type.Literal("day")]),
  currency: Type.String(),
  totals: Type.Object({ ...Figures, orders: Type.Integer() }),
  series: Type.Array(
    Type.Object({
      variant: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()], {
        description: "The variant; null: the whole drop (a drop without variants)",
      }),
      totals: Type.Object(Figures),
      points: Type.Array(Type.Object({ at: Type.String({ format: "date-time" }), ...Figures })),
    }),
    { description: "One series per variant, each point a bucket with sales (empty buckets left out)" },
  ),
});
export type Sales = Static<typeof Sales>;
