import { createHash } from "node:crypto";
import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, encodeCursor, pageFrom } from "../../shared/cursor.js";
import { AppError, forbidden, invalid, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { prefixTsQuery } from "../../shared/search.js";
import type { ImageView, StoredImage } from "../media/index.js";
import type { CreateProductInput, Product, UpdateProductInput } from "./catalog.schemas.js";
import { isCurrency } from "./currencies.js";
import { createProductsRepository, type ProductRow } from "./products.repository.js";

export interface CatalogDeps {
  db: Db;
  clock: Clock;
  /** Whether the user has a creator profile (the users module answers). */
  isCreator: (userId: string) => Promise<boolean>;
  /** Called after every committed write that changes what catalog reads return. */
  changed: () => Promise<void>;
  /** An uploaded image as clients get it (URLs from the media module). */
  imageView: (image: StoredImage) => ImageView;
}

export const toProduct = (r: ProductRow, imageView: CatalogDeps["imageView"]): Product => ({
  id: r.id,
  creatorId: r.creator_id,
  title: r.title,
  description: r.description,
  priceCents: Number(r.price_cents),
  currency: r.currency.trim(),
  imageUrls: r.image_urls,
  images: r.images.map(imageView),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** Schemas check the shape; these rules also hold for callers that are not HTTP (the seed). */
function checkFields(input: { currency?: string; imageUrls?: string[] }): void {
  if (input.currency !== undefined && !isCurrency(input.currency)) {
    throw invalid(`Unknown currency "${input.currency}"; use an ISO 4217 code such as USD`, {
      field: "currency",
      value: input.currency,
    });
  }
  for (const [i, url] of (input.imageUrls ?? []).entries()) {
    let ok = false;
    try {
      const u = new URL(url);
      ok = u.protocol === "http:" || u.protocol === "https:";
    } catch {}
    if (!ok) throw invalid("Image URLs must be http or https URLs", { field: `imageUrls/${i}`, value: url });
  }
  if ((input.imageUrls?.length ?? 0) > 10) throw invalid("At most 10 image URLs", { field: "imageUrls" });
}

export function createProductsService({ db, clock, isCreator, changed, imageView }: CatalogDeps) {
  const repo = createProductsRepository(db);
  const view = (r: ProductRow) => toProduct(r, imageView);

  const mustBeCreator = async (actorId: string) => {
    if (!(await isCreator(actorId))) throw forbidden("Only creators can manage products and drops");
  };

  /** The live product `id` if the actor owns it: 404 when it does not exist, 403 when it is someone else's. */
  const removedHooks: ((row: ProductRow) => Promise<void>)[] = [];
  const owned = async (actorId: string, id: string): Promise<ProductRow> => {
    await mustBeCreator(actorId);
    const row = await repo.find(id);
    if (!row || row.deleted_at) throw new AppError("NOT_FOUND", "Product not found", { productId: id });
    if (row.creator_id !== actorId) throw forbidden("This product belongs to another creator");
    return row;
  };

  /**
   * Without a query: newest first. With one: best match first (title over description),
   * each word matching as a prefix for type-ahead. The cursor is bound to the query.
   */
  const list = async (opts: { query?: string; creatorId?: string; limit: number; after?: string }) => {
    const creatorId = opts.creatorId ?? null;
    const tsquery = prefixTsQuery(opts.query);
    if (tsquery === null) {
      const tag = "products";
      const after = decodeKeyset(opts.after, "time", tag);
      const rows = await repo.newest({ creatorId, after, limit: opts.limit });
      return pageFrom(rows, opts.limit, (r) => encodeCursor([r.created_at.toISOString(), r.id], tag), view);
    }
    const tag = `search:${createHash("sha1").update(`${tsquery}|${creatorId}`).digest("base64url").slice(0, 12)}`;
    const after = decodeKeyset(opts.after, "number", tag);
    const rows = await repo.search({ tsquery, creatorId, after, limit: opts.limit });
    return pageFrom(rows, opts.limit, (r) => encodeCursor([r.rank, r.id], tag), view);
  };

  return {
    owned,
    /** Run after a product is deleted (the images module removes its uploads). */
    onRemoved(hook: (row: ProductRow) => Promise<void>): void {
      removedHooks.push(hook);
    },
    mustBeCreator,

    async create(actorId: string, input: CreateProductInput): Promise<Product> {
      await mustBeCreator(actorId);
      checkFields(input);
      const id = newId();
      await repo.insert(db, {
        id,
        creatorId: actorId,
        title: input.title.trim(),
        description: input.description ?? "",
        priceCents: input.priceCents,
        currency: input.currency,
        imageUrls: input.imageUrls ?? [],
        now: clock.now(),
      });
      await changed();
      return view((await repo.find(id)) as ProductRow);
    },

    async update(actorId: string, id: string, input: UpdateProductInput): Promise<Product> {
      await owned(actorId, id);
      checkFields(input);
      const now = clock.now();
      await db.tx(async (q) => {
        // Money integrity: a buyer of a live drop pays the price it went live with.
        if (input.priceCents !== undefined || input.currency !== undefined) {
          await repo.freezeStartedDropPrices(q, id, now);
        }
        await repo.update(q, id, { ...input, title: input.title?.trim() }, now);
      });
      await changed();
      return view((await repo.find(id)) as ProductRow);
    },

    /** Soft delete: drops that sold it keep pointing at it; a product with a drop still to come or running stays. */
    async remove(actorId: string, id: string): Promise<void> {
      const row = await owned(actorId, id);
      // Delete first (which locks the row), then look: a drop being scheduled holds a share
      // lock on the product, so either it commits first and is seen here, or it sees the delete.
      await db.tx(async (q) => {
        await repo.softDelete(q, id, clock.now());
        if (await repo.hasOpenDrop(q, id, clock.now())) {
          throw new AppError("CONFLICT", "The product has an upcoming or live drop; cancel it first", {
            productId: id,
          });
        }
      });
      await changed();
      // After the commit: a deleted product's uploads are nobody's (its drops keep imageUrls).
      for (const hook of removedHooks) await hook(row);
    },

    async get(id: string): Promise<Product> {
      const row = await repo.find(id);
      if (!row || row.deleted_at) throw notFound("Product");
      return view(row);
    },

    /**
     * Products by id in one query, in the order asked, null where unknown. Soft-deleted ones
     * are included: a drop keeps showing the product it sold (for GraphQL loaders).
     */
    async getMany(ids: string[]): Promise<(Product | null)[]> {
      const rows = new Map((await repo.findMany([...new Set(ids)])).map((r) => [r.id, view(r)]));
      return ids.map((id) => rows.get(id) ?? null);
    },

    list,

    async listByCreator(creatorId: string, opts: { limit: number; after?: string }) {
      if (!(await isCreator(creatorId))) throw notFound("Creator");
      return list({ creatorId, limit: opts.limit, after: opts.after });
    },
  };
}

export type ProductsService = ReturnType<typeof createProductsService>;
