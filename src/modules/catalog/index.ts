/** Products and drops. Other modules import only from here. */
import type { Bus } from "../../infra/bus/index.js";
import type { Cache } from "../../infra/cache/index.js";
import type { Db } from "../../infra/db/index.js";
import type { Metrics } from "../../infra/metrics.js";
import type { Clock } from "../../shared/clock.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { Media } from "../media/index.js";
import { type CatalogGraph, createCatalogGraph } from "./catalog.graph.js";
import { createCatalogReads } from "./catalog.reads.js";
import { createDropsService, type RaffleSetup } from "./drops.service.js";
import { createProductImages } from "./products.images.js";
import { createProductsService } from "./products.service.js";
import { createResponseCache } from "./response-cache.js";

export {
  CATALOG_INVALIDATE,
  type CatalogEvents,
  type DropPayload,
} from "./catalog.events.js";
export { catalogTypeDefs, createCatalogLoaders, createCatalogResolvers } from "./catalog.resolvers.js";
export { catalogRoutes } from "./catalog.routes.js";
export type { Drop, DropStatus, Product } from "./catalog.schemas.js";
export { createDropTermsReader, type DropTerms } from "./drop-terms.js";
export type { DropsService, RaffleSetup } from "./drops.service.js";
export { MAX_IMAGES_PER_PRODUCT, type ProductImages } from "./products.images.js";
export { productImagesRoutes } from "./products.images.routes.js";
export type { ProductsService } from "./products.service.js";

export interface CatalogDeps {
  db: Db;
  clock: Clock;
  cache: Cache;
  bus: Bus;
  metrics: Metrics;
  /** Whether the user has a creator profile (the users module answers). */
  isCreator: (userId: string) => Promise<boolean>;
  /** Stores a raffle drop's settings in its creation transaction (the raffles module answers). */
  raffleSetup?: RaffleSetup;
  /** Uploaded images: renditions, storage and URLs (the media module). */
  media: Pick<Media, "store" | "remove" | "view">;
  /** The abuse limits (uploads), counted on the shared store. */
  limits: Pick<RateLimits, "check">;
}

/**
 * The catalog: `products` and `drops` hold the rules, `reads` serves the hot reads from
 * the response cache, and every write retires cached answers here and in other processes.
 */
export function createCatalog({
  db,
  clock,
  cache,
  bus,
  metrics,
  isCreator,
  raffleSetup,
  media,
  limits,
}: CatalogDeps) {
  const responses = createResponseCache({ cache, bus, clock, metrics });
  let graph: CatalogGraph | undefined;
  const changed = async () => {
    graph?.forget();
    await responses.invalidate();
  };
  const imageView = media.view;
  const products = createProductsService({ db, clock, isCreator, changed, imageView });
  const drops = createDropsService({ db, clock, isCreator, changed, imageView, products, raffleSetup });
  const images = createProductImages({ db, clock, products, media, changed, limits });
  const reads = createCatalogReads({ products, drops, cache: responses, clock });
  graph = createCatalogGraph({ reads, products });
  return { products, drops, images, reads, graph, responses };
}

export type Catalog = ReturnType<typeof createCatalog>;
