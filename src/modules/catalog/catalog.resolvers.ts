import { firstOf, type LoaderMap, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { toConnection } from "../../shared/cursor.js";
import type { Drop, Product } from "./catalog.schemas.js";

export const catalogTypeDefs = /* GraphQL */ `
  enum DropStatus {
    UPCOMING
    LIVE
    ENDED
  }

  type Stock {
    initial: Int!
    available: Int!
    reserved: Int!
    sold: Int!
    soldOut: Boolean!
  }

  type Product {
    id: ID!
    title: String!
    description: String!
    "Price in minor units of currency."
    price: Int!
    priceCents: Int!
    currency: String!
    imageUrls: [String!]!
    creator: Creator!
    createdAt: String!
  }

  type Drop {
    id: ID!
    status: DropStatus!
    cancelled: Boolean!
    soldOut: Boolean!
    startsAt: String!
    endsAt: String!
    "What one unit costs in this drop, minor units."
    price: Int!
    currency: String!
    lowStockThreshold: Int!
    perUserLimit: Int
    stock: Stock!
    product: Product!
    creator: Creator!
  }

  type ProductEdge {
    node: Product!
    cursor: String!
  }
  type ProductConnection {
    edges: [ProductEdge!]!
    pageInfo: PageInfo!
  }
  type DropEdge {
    node: Drop!
    cursor: String!
  }
  type DropConnection {
    edges: [DropEdge!]!
    pageInfo: PageInfo!
  }

  input ProductInput {
    title: String!
    description: String
    priceCents: Int!
    currency: String!
    imageUrls: [String!]
  }
  input ProductPatch {
    title: String
    description: String
    priceCents: Int
    currency: String
    imageUrls: [String!]
  }
  input DropInput {
    productId: ID!
    startsAt: String!
    endsAt: String!
    initialStock: Int!
    lowStockThreshold: Int
    perUserLimit: Int
    priceOverrideCents: Int
  }
  input DropPatch {
    startsAt: String
    endsAt: String
    initialStock: Int
    lowStockThreshold: Int
    perUserLimit: Int
    priceOverrideCents: Int
  }

  extend type Creator {
    products(first: Int = 20, after: String): ProductConnection!
    drops(status: DropStatus!, first: Int = 20, after: String): DropConnection!
  }

  extend type Query {
    drops(status: DropStatus!, creatorId: ID, first: Int = 20, after: String): DropConnection!
    drop(id: ID!): Drop
    products(query: String, creatorId: ID, first: Int = 20, after: String): ProductConnection!
    product(id: ID!): Product
  }

  extend type Mutation {
    createProduct(input: ProductInput!): Product!
    updateProduct(id: ID!, input: ProductPatch!): Product!
    deleteProduct(id: ID!): Boolean!
    createDrop(input: DropInput!): Drop!
    updateDrop(id: ID!, input: DropPatch!): Drop!
    cancelDrop(id: ID!): Drop!
  }
`;

type ListStatus = "upcoming" | "live" | "ended";
const listStatus = (s: string) => s.toLowerCase() as ListStatus;
/** Drop ids without nulls (GraphQL leaves optional input fields out or null). */
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

export const catalogResolvers: ResolverMap = {
  Query: {
    // From the same response cache as REST: a hot list costs no query.
    drops: async (_p, { status, creatorId, first, after }, ctx) =>
      toConnection(
        await ctx.services.catalog.graph.dropsPage({
          status: listStatus(status),
          creatorId: creatorId ?? undefined,
          limit: firstOf(first),
          after: after ?? undefined,
        }),
      ),
    drop: async (_p, { id }, ctx) => (await ctx.services.catalog.drops.get(id)).drop,
    products: async (_p, { query, creatorId, first, after }, ctx) =>
      toConnection(
        await ctx.services.catalog.products.list({ query, creatorId, limit: firstOf(first), after }),
      ),
    product: (_p, { id }, ctx) => ctx.services.catalog.products.get(id),
  },
  Mutation: {
    createProduct: (_p, { input }, ctx) =>
      ctx.services.catalog.products.create(requireCaller(ctx), defined(input)),
    updateProduct: (_p, { id, input }, ctx) =>
      ctx.services.catalog.products.update(requireCaller(ctx), id, defined(input)),
    deleteProduct: async (_p, { id }, ctx) => {
      await ctx.services.catalog.products.remove(requireCaller(ctx), id);
      return true;
    },
    createDrop: (_p, { input }, ctx) => ctx.services.catalog.drops.create(requireCaller(ctx), defined(input)),
    updateDrop: (_p, { id, input }, ctx) =>
      ctx.services.catalog.drops.update(requireCaller(ctx), id, defined(input)),
    cancelDrop: (_p, { id }, ctx) => ctx.services.catalog.drops.cancel(requireCaller(ctx), id),
  },
  Drop: {
    // "cancelled" before the start is its own REST status; in the GraphQL enum it is over.
    status: (d: Drop) => (d.status === "cancelled" ? "ENDED" : d.status.toUpperCase()),
    cancelled: (d: Drop) => d.cancelledAt !== null,
    price: (d: Drop) => d.priceCents,
    stock: (d: Drop) => ({ ...d.stock, soldOut: d.soldOut }),
  },
  Product: {
    price: (p: Product) => p.priceCents,
  },
  Creator: {
    products: async (c: { id: string }, { first, after }, ctx) =>
      toConnection(await ctx.services.catalog.products.listByCreator(c.id, { limit: firstOf(first), after })),
    drops: async (c: { id: string }, { status, first, after }, ctx) =>
      toConnection(
        (
          await ctx.services.catalog.drops.list({
            status: listStatus(status),
            creatorId: c.id,
            limit: firstOf(first),
            after,
          })
        ).page,
      ),
  },
};

/** One query per field for a whole page of drops or products, whatever the page size. */
export const catalogLoaders: LoaderMap = {
  Drop: {
    product: (queries, ctx) => ctx.services.catalog.graph.productsByIds(queries.map((q) => q.obj.productId)),
    creator: (queries, ctx) => ctx.services.users.creatorsByIds(queries.map((q) => q.obj.creatorId)),
  },
  Product: {
    creator: (queries, ctx) => ctx.services.users.creatorsByIds(queries.map((q) => q.obj.creatorId)),
  },
};
