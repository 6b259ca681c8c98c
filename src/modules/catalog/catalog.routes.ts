import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok, okJson } from "../../http/envelope.js";
import { IdParams } from "../../shared/schemas.js";
import type { CatalogReads } from "./catalog.reads.js";
import {
  CreateDropBody,
  CreateProductBody,
  CreatorProductsQuery,
  Drop,
  DropPage,
  ListDropsQuery,
  ListProductsQuery,
  Product,
  ProductPage,
  UpdateDropBody,
  UpdateProductBody,
} from "./catalog.schemas.js";
import type { DropsService } from "./drops.service.js";
import type { ProductsService } from "./products.service.js";
import type { CachedResponse } from "./response-cache.js";

export interface CatalogRoutesOptions {
  products: ProductsService;
  drops: DropsService;
  reads: CatalogReads;
}

const matches = (header: string | undefined, etag: string) =>
  header !== undefined &&
  (header.trim() === "*" || header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag));

/** Send a cached, already serialised response; `If-None-Match` with its ETag gets a 304. */
function sendCached(req: FastifyRequest, reply: FastifyReply, r: CachedResponse) {
  reply.header("etag", r.etag).header("cache-control", "no-cache");
  if (matches(req.headers["if-none-match"], r.etag)) return reply.status(304).send();
  return reply.type("application/json; charset=utf-8").send(okJson(r.json));
}

const notModified = { 304: Type.Null({ description: "Not modified: the ETag still matches" }) };

export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRoutesOptions> = async (
  app,
  { products, drops, reads },
) => {
  const tags = ["products"];
  app.post(
    "/api/products",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "createProduct",
        summary: "Create a product (creators only)",
        body: CreateProductBody,
        response: { 201: Envelope(Product), ...errors("FORBIDDEN") },
      },
    },
    async (req, reply) => reply.status(201).send(ok(await products.create(userOf(req), req.body))),
  );
  app.put(
    "/api/products/:id",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "updateProduct",
        summary: "Edit your product",
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: Envelope(Product), ...errors("FORBIDDEN", "NOT_FOUND") },
      },
    },
    async (req) => ok(await products.update(userOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/products/:id",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "deleteProduct",
        summary: "Soft-delete a product; refused while it has an upcoming or live drop",
        params: IdParams,
        response: {
          200: Envelope(Type.Object({ deleted: Type.Boolean() })),
          ...errors("FORBIDDEN", "NOT_FOUND", "CONFLICT"),
        },
      },
    },
    async (req) => {
      await products.remove(userOf(req), req.params.id);
      return ok({ deleted: true });
    },
  );
  app.get(
    "/api/products/:id",
    {
      schema: {
        tags,
        operationId: "getProduct",
        summary: "A product",
        params: IdParams,
        response: { 200: Envelope(Product), ...notModified, ...errors("NOT_FOUND") },
      },
    },
    async (req, reply) => sendCached(req, reply, await reads.product(req.params.id)),
  );
  app.get(
    "/api/products",
    {
      schema: {
        tags,
        operationId: "listProducts",
        summary:
          "Newest first; with `query`, best text match first (words of title and description, prefixes)",
        querystring: ListProductsQuery,
        response: { 200: Envelope(ProductPage), ...notModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await reads.products(req.query)),
  );
  app.get(
    "/api/creators/:id/products",
    {
      schema: {
        tags,
        operationId: "listCreatorProducts",
        summary: "A creator's products, newest first",
        params: IdParams,
        querystring: CreatorProductsQuery,
        response: { 200: Envelope(ProductPage), ...notModified, ...errors("NOT_FOUND") },
      },
    },
    async (req, reply) => sendCached(req, reply, await reads.creatorProducts(req.params.id, req.query)),
  );

  const dropTags = ["drops"];
  app.post(
    "/api/drops",
    {
      preHandler: requireUser,
      schema: {
        tags: dropTags,
        operationId: "createDrop",
        summary: "Schedule a drop of your product: a start, an end and the stock",
        body: CreateDropBody,
        response: { 201: Envelope(Drop), ...errors("FORBIDDEN", "NOT_FOUND") },
      },
    },
    async (req, reply) =>
      reply.status(201).send(ok(await drops.create(userOf(req), req.body, { requestId: req.id }))),
  );
  app.put(
    "/api/drops/:id",
    {
      preHandler: requireUser,
      schema: {
        tags: dropTags,
        operationId: "updateDrop",
        summary: "Edit a drop before it starts (409 DROP_NOT_EDITABLE after)",
        params: IdParams,
        body: UpdateDropBody,
        response: { 200: Envelope(Drop), ...errors("FORBIDDEN", "NOT_FOUND", "DROP_NOT_EDITABLE") },
      },
    },
    async (req) => ok(await drops.update(userOf(req), req.params.id, req.body)),
  );
  app.post(
    "/api/drops/:id/cancel",
    {
      preHandler: requireUser,
      schema: {
        tags: dropTags,
        operationId: "cancelDrop",
        summary: "Cancel an upcoming drop, or end a live one now",
        params: IdParams,
        response: { 200: Envelope(Drop), ...errors("FORBIDDEN", "NOT_FOUND", "INVALID_STATE") },
      },
    },
    async (req) => ok(await drops.cancel(userOf(req), req.params.id, req.id)),
  );
  app.get(
    "/api/drops/:id",
    {
      schema: {
        tags: dropTags,
        operationId: "getDrop",
        summary: "A drop with its status and live stock (at most 1 s old)",
        params: IdParams,
        response: { 200: Envelope(Drop), ...notModified, ...errors("NOT_FOUND") },
      },
    },
    async (req, reply) => sendCached(req, reply, await reads.drop(req.params.id)),
  );
  app.get(
    "/api/drops",
    {
      schema: {
        tags: dropTags,
        operationId: "listDrops",
        summary:
          "Drops by status: upcoming (soonest start first), live (soonest end first), ended (latest end first)",
        querystring: ListDropsQuery,
        response: { 200: Envelope(DropPage), ...notModified },
      },
    },
    async (req, reply) => sendCached(req, reply, await reads.drops(req.query)),
  );
};
