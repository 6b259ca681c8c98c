import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { ImageView, Media, StoredImage } from "../media/index.js";
import type { Product } from "./catalog.schemas.js";
import { createProductsRepository } from "./products.repository.js";
import type { ProductsService } from "./products.service.js";

/** Uploaded images one product keeps: a bound, so storage cannot grow without end through one product. */
export const MAX_IMAGES_PER_PRODUCT = 10;

export interface ProductImagesDeps {
  db: Db;
  clock: Clock;
  products: ProductsService;
  media: Pick<Media, "store" | "remove" | "view">;
  changed: () => Promise<void>;
  /** The abuse limit on uploads, per account and per client address. */
  limits: Pick<RateLimits, "check">;
}

/**
 * Uploads being read into memory in this process at once (each up to 10 MB): past this, a
 * new one is refused before its body is read, so a burst cannot exhaust the heap.
 */
const MAX_READING = 16;

const full = () =>
  new AppError(
    "LIMIT_EXCEEDED",
    `A product has at most ${MAX_IMAGES_PER_PRODUCT} uploaded images; delete one first`,
    { max: MAX_IMAGES_PER_PRODUCT },
  );

/**
 * A product's uploaded images: the owner adds (the media module makes and stores the
 * renditions, the product row keeps them) and deletes them. Storage is written before the row
 * and cleaned up when the row refuses, so a refused upload leaves nothing behind.
 */
export function createProductImages({ db, clock, products, media, changed, limits }: ProductImagesDeps) {
  const repo = createProductsRepository(db);
  let reading = 0;
  // A deleted product's uploads go with it: nothing shows them any more, and a loop of
  // create, upload, delete must not grow storage without end.
  products.onRemoved(async (row) => {
    for (const image of row.images) await media.remove(image).catch(() => undefined);
  });
  const answer = async (productId: string, image: StoredImage, created: boolean) => ({
    image: media.view(image),
    product: await products.get(productId),
    created,
  });

  return {
    /**
     * Adds an image to the caller's product. `read` yields the upload; it is called only once
     * the caller owns the product and it has room, so a refusal costs no reading or decoding.
     * The same file again answers the image it already is (`created: false`), so a retried
     * upload makes no duplicate.
     */
    async add(
      actorId: string,
      productId: string,
      read: () => Promise<{ bytes: Buffer; sha256: string }>,
      address: string | null = null,
    ): Promise<{ image: ImageView; product: Product; created: boolean }> {
      const row = await products.owned(actorId, productId);
      if (row.images.length >= MAX_IMAGES_PER_PRODUCT) throw full();
      await limits.check("uploads", { account: actorId, address });
      if (reading >= MAX_READING) {
        throw new AppError("OVERLOADED", "Too many uploads at once; try again in a moment", {
          retryAfterSeconds: 1,
        });
      }
      reading++;
      const upload = await read().finally(() => {
        reading--;
      });
      const same = row.images.find((i) => i.sha256 === upload.sha256);
      if (same) return answer(productId, same, false);

      const image = await media.store(upload.bytes, upload.sha256, clock.now());
      let added = false;
      try {
        added = await repo.addImage(db, {
          id: productId,
          creatorId: actorId,
          image,
          max: MAX_IMAGES_PER_PRODUCT,
          now: clock.now(),
        });
      } finally {
        if (!added) await media.remove(image);
      }
      if (!added) {
        // The guard refused: the product went away, filled up, or got this file meanwhile.
        const now = await repo.find(productId);
        if (!now || now.deleted_at || now.creator_id !== actorId) {
          throw new AppError("NOT_FOUND", "Product not found", { productId });
        }
        const existing = now.images.find((i) => i.sha256 === upload.sha256);
        if (existing) return answer(productId, existing, false);
        throw full();
      }
      await changed();
      return answer(productId, image, true);
    },

    /** Deletes one of the caller's product's images, and its objects once the row forgot them. */
    async remove(actorId: string, productId: string, imageId: string): Promise<Product> {
      await products.owned(actorId, productId);
      const removed = await repo.removeImage(db, productId, imageId, clock.now());
      if (!removed) throw new AppError("NOT_FOUND", "Image not found", { productId, imageId });
      await changed();
      // After the commit: a failure here leaves objects no answer points at, never a broken image.
      await media.remove(removed);
      return products.get(productId);
    },
  };
}

export type ProductImages = ReturnType<typeof createProductImages>;
