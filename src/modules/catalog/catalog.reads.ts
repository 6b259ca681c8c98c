import type { Clock } from "../../shared/clock.js";
import type { ListStatus } from "./catalog.schemas.js";
import type { DropsService } from "./drops.service.js";
import type { ProductsService } from "./products.service.js";
import { type CachedResponse, type ResponseCache, serialise } from "./response-cache.js";

/** Stock numbers in a cached drop response are at most this old. */
export const STOCK_TTL_MS = 1_000;
/** Product pages change only on writes, which retire them; this is only the safety net. */
export const PRODUCT_TTL_MS = 30_000;

type PageOpts = { limit: number; after?: string };

/**
 * The hot reads, serialised once and cached. Drop answers carry live stock, so they live at
 * most a second, and never past the next start or end that would change a status in them.
 */
export function createCatalogReads(deps: {
  products: ProductsService;
  drops: DropsService;
  cache: ResponseCache;
  clock: Clock;
}) {
  const { products, drops, cache, clock } = deps;
  const until = (max: number, boundary: Date | null) =>
    boundary ? Math.min(max, boundary.getTime() - clock.now().getTime()) : max;

  return {
    drop: (id: string): Promise<CachedResponse> =>
      cache.get("drop", `drop:${id}`, async () => {
        const { drop, validUntil } = await drops.get(id);
        return { data: drop, ttlMs: until(STOCK_TTL_MS, validUntil) };
      }),

    drops: (q: PageOpts & { status: ListStatus; creatorId?: string }): Promise<CachedResponse> =>
      cache.get("drops", `drops:${q.status}:${q.creatorId ?? ""}:${q.limit}:${q.after ?? ""}`, async () => {
        const { page, validUntil } = await drops.list(q);
        return { data: page, ttlMs: until(STOCK_TTL_MS, validUntil) };
      }),

    product: (id: string): Promise<CachedResponse> =>
      cache.get("product", `product:${id}`, async () => ({
        data: await products.get(id),
        ttlMs: PRODUCT_TTL_MS,
      })),

    creatorProducts: (creatorId: string, q: PageOpts): Promise<CachedResponse> =>
      cache.get("products", `creator:${creatorId}:${q.limit}:${q.after ?? ""}`, async () => ({
        data: await products.listByCreator(creatorId, q),
        ttlMs: PRODUCT_TTL_MS,
      })),

    /** Browsing is cached; a text search is not (every query is its own key) but still gets an ETag. */
    async products(q: PageOpts & { query?: string; creatorId?: string }): Promise<CachedResponse> {
      if (q.query?.trim()) return serialise(await products.list(q));
      return cache.get("products", `products:${q.creatorId ?? ""}:${q.limit}:${q.after ?? ""}`, async () => ({
        data: await products.list(q),
        ttlMs: PRODUCT_TTL_MS,
      }));
    },
  };
}

export type CatalogReads = ReturnType<typeof createCatalogReads>;
