import { LRUCache } from "lru-cache";
import { encodeCursor, type Page } from "../../shared/cursor.js";
import type { CatalogReads } from "./catalog.reads.js";
import type { Drop, ListStatus, Product } from "./catalog.schemas.js";
import type { ProductsService } from "./products.service.js";

/** How stale a product shown inside a GraphQL drop page may be. */
const PRODUCT_MEMO_MS = 1_000;

/** The cursor of a drop in a status list, as the list itself makes it. */
export const dropCursor = (status: ListStatus, d: Pick<Drop, "id" | "startsAt" | "endsAt">) =>
  encodeCursor([status === "upcoming" ? d.startsAt : d.endsAt, d.id], status);

/**
 * The hot reads in the shape GraphQL needs, from the same cache REST answers from: a drop
 * page is the cached response parsed (memoised by ETag, so a hot page is parsed once), and
 * products of a page come from a one-second memo with one query for all misses.
 */
export function createCatalogGraph(deps: { reads: CatalogReads; products: ProductsService }) {
  const parsed = new LRUCache<string, Page<Drop>>({ max: 2_000 });
  const products = new LRUCache<string, Product>({ max: 20_000, ttl: PRODUCT_MEMO_MS });

  return {
    async dropsPage(q: {
      status: ListStatus;
      creatorId?: string;
      limit: number;
      after?: string;
    }): Promise<Page<Drop>> {
      const res = await deps.reads.drops(q);
      let page = parsed.get(res.etag);
      if (!page) {
        const data = JSON.parse(res.json) as Page<Drop>;
        page = Object.defineProperty(data, "cursors", {
          value: data.items.map((d) => dropCursor(q.status, d)),
        });
        parsed.set(res.etag, page);
      }
      return page;
    },

    async productsByIds(ids: string[]): Promise<(Product | null)[]> {
      const missing = [...new Set(ids.filter((id) => !products.has(id)))];
      if (missing.length > 0) {
        const loaded = await deps.products.getMany(missing);
        for (const p of loaded) if (p) products.set(p.id, p);
      }
      return ids.map((id) => products.get(id) ?? null);
    },

    /** After a write in this process: other processes' memos run out within a second. */
    forget(): void {
      products.clear();
      parsed.clear();
    },
  };
}

export type CatalogGraph = ReturnType<typeof createCatalogGraph>;
