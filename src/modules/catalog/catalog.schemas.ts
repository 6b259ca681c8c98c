import { type Static, Type } from "typebox";
import { Line, PageOf, PageQuery, Uuid } from "../../shared/schemas.js";
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

/** Most variants one drop may sell. */
export const MAX_VARIANTS = 50;
export const VariantInput = Type.Object(
  {
    name: Line(50, "e.g. S, M, L; unique in the drop (whatever the case)"),
    stock: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: "Units of this variant on sale" }),
  },
  { additionalProperties: false },
);
const ShipsTo = Type.Array(Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2" }), {
  minItems: 1,
  maxItems: 249,
  uniqueItems: true,
  description: "Countries the drop ships to (ISO 3166-1 alpha-2); every order then needs a shippingAddress",
});
const ShippingFee = Cents("Charged once per order on a drop that ships, minor units (default 0)");
/** How a drop is sold (see src/modules/fairdrops and src/modules/raffles). */
const ACCESS_DOC =
  "open: anyone orders while the drop is live. queue: a waiting room admits buyers, each with a pass. " +
  "raffle: entries until entriesCloseAt, then a verifiable draw; only winners holding a claim can order " +
  "(set at creation only)";
export const DropAccess = Type.Union([Type.Literal("open"), Type.Literal("queue"), Type.Literal("raffle")], {
  description: ACCESS_DOC,
});
export type DropAccess = Static<typeof DropAccess>;
const FairSettings = {
  access: Type.Optional(DropAccess),
  admitPerSecond: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, description: "Waiting room: tickets admitted per second" }),
  ),
  passTtlSeconds: Type.Optional(
    Type.Integer({ minimum: 10, maximum: 86_400, description: "Waiting room: how long a pass is good for" }),
  ),
  botProtection: Type.Optional(
    Type.Boolean({ description: "Joining and ordering need a solved proof-of-work challenge (X-Challenge)" }),
  ),
};

export const CreateDropBody = Type.Object(
  {
    productId: Uuid,
    startsAt: Time,
    endsAt: Time,
    initialStock: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000_000,
        description: "Units on sale; a drop sold in variants sends `variants` instead (exactly one of them)",
      }),
    ),
    variants: Type.Optional(
      Type.Array(VariantInput, {
        minItems: 1,
        maxItems: MAX_VARIANTS,
        description: "Sell in variants (sizes, colours), each with its own stock, instead of initialStock",
      }),
    ),
    shipsTo: Type.Optional(ShipsTo),
    shippingFeeCents: Type.Optional(ShippingFee),
    lowStockThreshold: Type.Optional(Stock),
    perUserLimit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    priceOverrideCents: Type.Optional(Nullable(Cents("Drop price in minor units of the product's currency"))),
    ...FairSettings,
    entriesCloseAt: Type.Optional(
      Type.String({ format: "date-time", description: "Raffle only (required there): before startsAt" }),
    ),
    claimTtlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 7 * 24 * 3600,
        description: "Raffle only: how long a winner's claim lasts (default 600)",
      }),
    ),
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
    shipsTo: Type.Optional(Nullable(ShipsTo)),
    shippingFeeCents: Type.Optional(Nullable(ShippingFee)),
    ...FairSettings,
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

const StockLevels = Type.Object({
  initial: Type.Integer(),
  available: Type.Integer(),
  reserved: Type.Integer(),
  sold: Type.Integer(),
});

export const Variant = Type.Object({
  id: Uuid,
  name: Type.String(),
  stock: StockLevels,
  soldOut: Type.Boolean({ description: "No unit of this variant is available" }),
});
export type Variant = Static<typeof Variant>;

export const Drop = Type.Object({
  id: Uuid,
  productId: Uuid,
  creatorId: Uuid,
  status: DropStatus,
  soldOut: Type.Boolean({
    description: "No stock is available (some may still be reserved); with variants: none of them has any",
  }),
  startsAt: Time,
  endsAt: Time,
  cancelledAt: Nullable(Time),
  priceCents: Type.Integer({ description: "What one unit costs in this drop, minor units" }),
  currency: Type.String(),
  priceOverrideCents: Nullable(Type.Integer()),
  lowStockThreshold: Type.Integer(),
  perUserLimit: Nullable(Type.Integer()),
  access: DropAccess,
  admitPerSecond: Type.Integer(),
  passTtlSeconds: Type.Integer(),
  botProtection: Type.Boolean(),
  stock: Type.Object(StockLevels.properties, {
    description: "With variants: the sum of theirs",
  }),
  variants: Nullable(
    Type.Array(Variant, {
      description: "The variants in the creator's order; null for a drop sold as one stock",
    }),
  ),
  shipsTo: Nullable(
    Type.Array(Type.String(), {
      description: "Countries it ships to (orders need a shippingAddress); null when it does not ship",
    }),
  ),
  shippingFeeCents: Nullable(
    Type.Integer({ description: "Charged once per order; null when it does not ship" }),
  ),
  product: Type.Object({
    id: Uuid,
    title: Type.String(),
    imageUrl: Nullable(Type.String()),
    images: Type.Array(ImageView, { description: "The product's uploaded images" }),
    priceCents: Type.Integer(),
    currency: Type.String(),
  }),
  entriesCloseAt: Type.Optional(
    Type.String({ format: "date-time", description: "Raffle: entries close, the draw runs" }),
  ),
  claimTtlSeconds: Type.Optional(Type.Integer({ description: "Raffle: how long a winner's claim lasts" })),
  drawCommitment: Type.Optional(
    Type.String({
      description: "Raffle: hex SHA-256 of the secret seed's 64 characters, published from creation",
    }),
  ),
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
