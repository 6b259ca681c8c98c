import type { LoaderMap, ResolverMap } from "../../graphql/context.js";
import { requireCaller } from "../../graphql/context.js";
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
} from "./catalog.schemas.js";
import type { DropsService } from "./drops.service.js";
import type { ProductsService } from "./products.service.js";

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
      createDrop: (_p, { input }, ctx) => drops.create(requireCaller(ctx), dropInput(input)),
      updateDrop: (_p, { id, input }, ctx) =>
        drops.update(requireCaller(ctx), byId({ id }).id, dropPatch(input)),
      cancelDrop: (_p, args, ctx) => drops.cancel(requireCaller(ctx), byId(args).id),
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
