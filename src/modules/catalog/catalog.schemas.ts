import { type Static, Type } from "typebox";
import { PageOf, PageQuery, Uuid } from "../../shared/schemas.js";
import { ImageView } from "../media/index.js";

const Cents = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description });
const Currency = Type.String({
  pattern: "^[A-Z]{3}$",
  description: "ISO 4217 code, e.g. USD; prices are in its minor units",
});
const ImageUrls = Type.Array(
  Type.String({ format: "uri", pattern: "^https?://", maxLength: 2048, description: "http(s) URL" }),
  { maxItems: 10 },
);
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });
const Description = Type.String({ maxLength: 5000 });
const Time = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const CreateProductBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    priceCents: Cents("Price in integer minor units of `currency` (cents for USD, yen for JPY)"),
    currency: Currency,
    imageUrls: Type.Optional(ImageUrls),
  },
  { additionalProperties: false },
);
export type CreateProductInput = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    priceCents: Type.Optional(Cents("Price in integer minor units of `currency`")),
    currency: Type.Optional(Currency),
    imageUrls: Type.Optional(ImageUrls),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductInput = Static<typeof UpdateProductBody>;

export const Product = Type.Object({
  id: Uuid,
  creatorId: Uuid,
  title: Type.String(),
  description: Type.String(),
  priceCents: Type.Integer({ description: "Integer minor units of `currency`" }),
  currency: Type.String(),
  imageUrls: Type.Array(Type.String()),
  images: Type.Array(ImageView, {
    description: "Uploaded images (POST /api/products/{id}/images), in upload order, beside `imageUrls`",
  }),
  createdAt: Time,
  updatedAt: Time,
});
export type Product = Static<typeof Product>;

export const ListProductsQuery = Type.Object({
  query: Type.Optional(
    Type.String({
      maxLength: 100,
      description: "Words of the title or description; the last may be a prefix",
    }),
  ),
  creatorId: Type.Optional(Uuid),
  ...PageQuery,
});
export const CreatorProductsQuery = Type.Object(PageQuery);

const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

export const CreateDropBody = Type.Object(
  {
    productId: Uuid,
    startsAt: Time,
    endsAt: Time,
    initialStock: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
    lowStockThreshold: Type.Optional(Stock),
    perUserLimit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    priceOverrideCents: Type.Optional(Nullable(Cents("Drop price in minor units of the product's currency"))),
  },
  { additionalProperties: false },
);
export type CreateDropInput = Static<typeof CreateDropBody>;

export const UpdateDropBody = Type.Object(
  {
    startsAt: Type.Optional(Time),
    endsAt: Type.Optional(Time),
    initialStock: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
    lowStockThreshold: Type.Optional(Stock),
    perUserLimit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    priceOverrideCents: Type.Optional(Nullable(Cents("Drop price in minor units"))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDropInput = Static<typeof UpdateDropBody>;

export const DropStatus = Type.Union(
  [Type.Literal("upcoming"), Type.Literal("live"), Type.Literal("ended"), Type.Literal("cancelled")],
  {
    description:
      "Derived from the clock: upcoming before startsAt, live until endsAt, then ended. A drop cancelled " +
      "before it started is `cancelled` and appears in no list; cancelling a live drop ends it early.",
  },
);
export type DropStatus = Static<typeof DropStatus>;

export const Drop = Type.Object({
  id: Uuid,
  productId: Uuid,
  creatorId: Uuid,
  status: DropStatus,
  soldOut: Type.Boolean({ description: "No stock is available (some may still be reserved)" }),
  startsAt: Time,
  endsAt: Time,
  cancelledAt: Nullable(Time),
  priceCents: Type.Integer({ description: "What one unit costs in this drop, minor units" }),
  currency: Type.String(),
  priceOverrideCents: Nullable(Type.Integer()),
  lowStockThreshold: Type.Integer(),
  perUserLimit: Nullable(Type.Integer()),
  stock: Type.Object({
    initial: Type.Integer(),
    available: Type.Integer(),
    reserved: Type.Integer(),
    sold: Type.Integer(),
  }),
  product: Type.Object({
    id: Uuid,
    title: Type.String(),
    imageUrl: Nullable(Type.String()),
    images: Type.Array(ImageView, { description: "The product's uploaded images" }),
    priceCents: Type.Integer(),
    currency: Type.String(),
  }),
  createdAt: Time,
  updatedAt: Time,
});
export type Drop = Static<typeof Drop>;

export const ListStatus = Type.Union([Type.Literal("upcoming"), Type.Literal("live"), Type.Literal("ended")]);
export type ListStatus = Static<typeof ListStatus>;

export const ListDropsQuery = Type.Object({
  status: Type.Union(ListStatus.anyOf, { default: "live" }),
  creatorId: Type.Optional(Uuid),
  ...PageQuery,
});

export const ProductPage = PageOf(Product);
export const DropPage = PageOf(Drop);
