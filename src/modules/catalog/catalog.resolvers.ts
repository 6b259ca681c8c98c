import type { LoaderMap, ResolverMap } from "../../graphql/context.js";
import { requestIdOf, requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { IdParams } from "../../shared/schemas.js";
import type { Creator } from "../users/index.js";
import type { CatalogGraph } from "./catalog.graph.js";
import {
  CreateDropBody,
  CreateProductBody,
  CreatorProductsQuery,
  type Drop,
  ListDropsQuery,
  ListProductsQuery,
  type Product,
  UpdateDropBody,
  UpdateProductBody,
  type Variant,
} from "./catalog.schemas.js";
import type { DropsService } from "./drops.service.js";
import type { ProductsService } from "./products.service.js";

export const catalogTypeDefs = /* GraphQL */ `
  "Where a drop is in time: upcoming before startsAt, live until endsAt, then ended."
  enum DropStatus {
    UPCOMING
    LIVE
    ENDED
  }

  "A drop's stock: available + reserved + sold = initial."
  type Stock {
    "Units the drop started with."
    initial: Int!
    "Units that can still be ordered."
    available: Int!
    "Units held by unpaid orders until they are paid or expire."
    reserved: Int!
    "Units of confirmed orders."
    sold: Int!
    "No unit is available (some may still be reserved)."
    soldOut: Boolean!
    "In a live update (dropStock) of a drop with variants: the variant that moved, exact (the totals beside it may lag a concurrent move of another variant); null elsewhere."
    variant: VariantStock
  }

  "A variant's stock in a live update."
  type VariantStock {
    "The variant's id."
    id: ID!
    "Its name, e.g. M."
    name: String!
    "Units the variant started with."
    initial: Int!
    "Units of it that can still be ordered."
    available: Int!
    "Units of it held by unpaid orders."
    reserved: Int!
    "Units of it sold."
    sold: Int!
    "No unit of it is available."
    soldOut: Boolean!
  }

  "One variant of a drop (a size, a colour), with a stock of its own."
  type Variant {
    "The variant's id: orders name it as variantId."
    id: ID!
    "Its name, e.g. M."
    name: String!
    "Its live stock: available + reserved + sold = initial."
    stock: Stock!
    "No unit of this variant is available."
    soldOut: Boolean!
  }

  "A variant of a new drop."
  input VariantInput {
    "1-50 characters, unique in the drop whatever the case."
    name: String!
    "Units of it on sale, at least 1."
    stock: Int!
  }

  "Something a creator sells in drops."
  type Product {
    "The product's id."
    id: ID!
    "The product's title."
    title: String!
    "The product's description; empty when none."
    description: String!
    "Price in minor units of currency."
    price: Int!
    "Price in minor units of currency (same as price)."
    priceCents: Int!
    "ISO 4217 code, e.g. USD."
    currency: String!
    "Image URLs (http or https), up to 10."
    imageUrls: [String!]!
    "Uploaded images (REST POST /api/products/{id}/images), in upload order."
    images: [ProductImage!]!
    "The creator who sells it."
    creator: Creator!
    "When it was created (ISO 8601)."
    createdAt: String!
  }

  "An uploaded product image: WebP renditions at content-addressed URLs, cacheable for good."
  type ProductImage {
    "The image's id."
    id: ID!
    "The largest rendition (at most 1280 px wide)."
    url: String!
    "Width of the image at url, in pixels."
    width: Int!
    "Height of the image at url, in pixels."
    height: Int!
    "Every rendition with its width, for an img srcset."
    srcset: String!
  }

  "A time-boxed sale of a product with a fixed stock."
  type Drop {
    "The drop's id."
    id: ID!
    "Upcoming, live or ended, from the clock."
    status: DropStatus!
    "Whether the creator cancelled it (a cancelled live drop ends early)."
    cancelled: Boolean!
    "No unit is available (some may still be reserved)."
    soldOut: Boolean!
    "When orders open (ISO 8601)."
    startsAt: String!
    "When orders close (ISO 8601)."
    endsAt: String!
    "What one unit costs in this drop, minor units."
    price: Int!
    "ISO 4217 code of price."
    currency: String!
    "At or below this many available units the drop announces stock.low."
    lowStockThreshold: Int!
    "Most units one buyer may hold over pending and confirmed orders; null for no limit."
    perUserLimit: Int
    "Who may order: open (anyone while live), queue (a waiting room admits buyers with a pass) or raffle (winners of the draw; see raffle)."
    access: String!
    "Waiting room: tickets admitted per second from the start."
    admitPerSecond: Int!
    "Waiting room: how long an admitted buyer's pass is good for, in seconds."
    passTtlSeconds: Int!
    "Joining the queue and ordering need a solved proof-of-work challenge (GET /api/challenge)."
    botProtection: Boolean!
    "The live stock (at most a second old); with variants, the sum of theirs."
    stock: Stock!
    "The variants in the creator's order; null for a drop sold as one stock."
    variants: [Variant!]
    "Countries it ships to (ISO 3166-1 alpha-2): orders then need a shippingAddress; null when it does not ship."
    shipsTo: [String!]
    "Charged once per order, minor units; null when it does not ship."
    shippingFeeCents: Int
    "The product on sale."
    product: Product!
    "The creator selling it."
    creator: Creator!
  }

  "A product in a list, with its cursor."
  type ProductEdge {
    "The product."
    node: Product!
    "Pass as after to continue after this product."
    cursor: String!
  }
  "A page of products."
  type ProductConnection {
    "The products of this page."
    edges: [ProductEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }
  "A drop in a list, with its cursor."
  type DropEdge {
    "The drop."
    node: Drop!
    "Pass as after to continue after this drop."
    cursor: String!
  }
  "A page of drops."
  type DropConnection {
    "The drops of this page."
    edges: [DropEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "A new product."
  input ProductInput {
    "1-200 characters."
    title: String!
    "Up to 5000 characters."
    description: String
    "Price in minor units of currency."
    priceCents: Int!
    "ISO 4217 code, e.g. USD."
    currency: String!
    "Up to 10 http(s) URLs."
    imageUrls: [String!]
  }
  "Changes to a product; at least one field."
  input ProductPatch {
    "A new title."
    title: String
    "A new description."
    description: String
    "A new price in minor units."
    priceCents: Int
    "A new ISO 4217 currency code."
    currency: String
    "New image URLs, replacing the old ones."
    imageUrls: [String!]
  }
  "A new drop of one of your products."
  input DropInput {
    "The product to sell."
    productId: ID!
    "When orders open (ISO 8601)."
    startsAt: String!
    "When orders close (ISO 8601), in the future and after startsAt."
    endsAt: String!
    "Units on sale, at least 1; or variants instead (exactly one of them)."
    initialStock: Int
    "Sell in variants (sizes, colours), each with its own stock, instead of initialStock; 1-50."
    variants: [VariantInput!]
    "Countries it ships to (ISO 3166-1 alpha-2); every order then needs a shippingAddress."
    shipsTo: [String!]
    "Charged once per order when it ships, minor units (default 0)."
    shippingFeeCents: Int
    "When to announce stock.low; between 0 and initialStock."
    lowStockThreshold: Int
    "Most units per buyer; null or left out for no limit."
    perUserLimit: Int
    "A drop price in minor units instead of the product's."
    priceOverrideCents: Int
    "open (default), queue (a waiting room) or raffle (a verifiable draw before the start; set at creation only)."
    access: String
    "Waiting room: tickets admitted per second (default 50)."
    admitPerSecond: Int
    "Waiting room: seconds a pass is good for (default 120)."
    passTtlSeconds: Int
    "Require a solved proof-of-work challenge to join or order (default false)."
    botProtection: Boolean
    "Raffle only, and required there: when entries close and the draw runs (ISO 8601), before startsAt."
    entriesCloseAt: String
    "Raffle only: how long a winner's claim lasts, in seconds (default 600)."
    claimTtlSeconds: Int
  }
  "Changes to a drop before it starts; at least one field."
  input DropPatch {
    "A new start."
    startsAt: String
    "A new end."
    endsAt: String
    "A new stock."
    initialStock: Int
    "A new low-stock threshold."
    lowStockThreshold: Int
    "A new per-buyer limit; null for none."
    perUserLimit: Int
    "A new drop price; null to use the product's."
    priceOverrideCents: Int
    "New countries it ships to."
    shipsTo: [String!]
    "A new shipping fee, minor units."
    shippingFeeCents: Int
    "A new access mode: open or queue."
    access: String
    "A new admission rate per second."
    admitPerSecond: Int
    "A new pass lifetime in seconds."
    passTtlSeconds: Int
    "Turn the proof-of-work requirement on or off."
    botProtection: Boolean
  }

  extend type Creator {
    "The creator's products, newest first."
    products(first: Int = 20, after: String): ProductConnection!
    "The creator's drops with the given status, in that status's order."
    drops(status: DropStatus!, first: Int = 20, after: String): DropConnection!
  }

  extend type Query {
    "Drops by status: upcoming soonest first, live ending soonest first, ended latest first."
    drops(status: DropStatus!, creatorId: ID, first: Int = 20, after: String): DropConnection!
    "A drop by id; null when there is none."
    drop(id: ID!): Drop
    "Products, newest first; with query, best text match first."
    products(query: String, creatorId: ID, first: Int = 20, after: String): ProductConnection!
    "A product by id; null when there is none."
    product(id: ID!): Product
  }

  extend type Mutation {
    "Create a product (creators only)."
    createProduct(input: ProductInput!): Product!
    "Edit your product."
    updateProduct(id: ID!, input: ProductPatch!): Product!
    "Delete your product; refused while it has an upcoming or live drop (CONFLICT)."
    deleteProduct(id: ID!): Boolean!
    "Schedule a drop of your product."
    createDrop(input: DropInput!): Drop!
    "Edit your drop before it starts (DROP_NOT_EDITABLE after)."
    updateDrop(id: ID!, input: DropPatch!): Drop!
    "Cancel an upcoming drop, or end a live one now."
    cancelDrop(id: ID!): Drop!
  }
`;

// The REST routes' schemas, compiled once.
const byId = inputOf(IdParams, "arguments");
const dropsArgs = pageArgsOf(ListDropsQuery);
const productsArgs = pageArgsOf(ListProductsQuery);
const creatorProductsArgs = pageArgsOf(CreatorProductsQuery);
const productInput = inputOf(CreateProductBody);
const productPatch = inputOf(UpdateProductBody);
const dropInput = inputOf(CreateDropBody);
const dropPatch = inputOf(UpdateDropBody);

/** The GraphQL enum (LIVE) as the REST list status (live). */
const lower = <A extends { status?: unknown }>(a: A) =>
  typeof a.status === "string" ? { ...a, status: a.status.toLowerCase() } : a;

export interface CatalogResolversDeps {
  products: ProductsService;
  drops: DropsService;
  graph: CatalogGraph;
}

export function createCatalogResolvers({ products, drops, graph }: CatalogResolversDeps): ResolverMap {
  return {
    Query: {
      // From the same response cache as REST: a hot list costs no query.
      drops: async (_p, args) => toConnection(await graph.dropsPage(dropsArgs(lower(args)))),
      drop: async (_p, args) => (await drops.get(byId(args).id)).drop,
      products: async (_p, args) => toConnection(await products.list(productsArgs(args))),
      product: (_p, args) => products.get(byId(args).id),
    },
    Mutation: {
      createProduct: (_p, { input }, ctx) => products.create(requireCaller(ctx), productInput(input)),
      updateProduct: (_p, { id, input }, ctx) =>
        products.update(requireCaller(ctx), byId({ id }).id, productPatch(input)),
      deleteProduct: async (_p, args, ctx) => {
        await products.remove(requireCaller(ctx), byId(args).id);
        return true;
      },
      createDrop: (_p, { input }, ctx) =>
        drops.create(requireCaller(ctx), dropInput(input), { requestId: requestIdOf(ctx) }),
      updateDrop: (_p, { id, input }, ctx) =>
        drops.update(requireCaller(ctx), byId({ id }).id, dropPatch(input)),
      cancelDrop: (_p, args, ctx) => drops.cancel(requireCaller(ctx), byId(args).id, requestIdOf(ctx)),
    },
    Drop: {
      // "cancelled" before the start is its own REST status; in the GraphQL enum it is over.
      status: (d: Drop) => (d.status === "cancelled" ? "ENDED" : d.status.toUpperCase()),
      cancelled: (d: Drop) => d.cancelledAt !== null,
      price: (d: Drop) => d.priceCents,
      stock: (d: Drop) => ({ ...d.stock, soldOut: d.soldOut }),
    },
    Variant: {
      stock: (v: Variant) => ({ ...v.stock, soldOut: v.soldOut }),
    },
    Product: {
      price: (p: Product) => p.priceCents,
    },
    Creator: {
      products: async (c: { id: string }, args) =>
        toConnection(await products.listByCreator(c.id, creatorProductsArgs(args))),
      drops: async (c: { id: string }, args) =>
        toConnection((await drops.list(dropsArgs({ ...lower(args), creatorId: c.id }))).page),
    },
  };
}

export interface CatalogLoadersDeps {
  graph: CatalogGraph;
  /** Creator profiles by id, null where none (the users module answers). */
  creatorsByIds: (ids: string[]) => Promise<(Creator | null)[]>;
}

/** One query per field for a whole page of drops or products, whatever the page size. */
export function createCatalogLoaders({ graph, creatorsByIds }: CatalogLoadersDeps): LoaderMap {
  return {
    Drop: {
      product: (queries) => graph.productsByIds(queries.map((q) => q.obj.productId)),
      creator: (queries) => creatorsByIds(queries.map((q) => q.obj.creatorId)),
    },
    Product: {
      creator: (queries) => creatorsByIds(queries.map((q) => q.obj.creatorId)),
    },
  };
}
