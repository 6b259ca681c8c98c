import { createHash } from "node:crypto";
import type { Storage } from "../../infra/storage/index.js";
import { AppError } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { createLimiter, renditions } from "./images.js";
import type { ImageView, StoredImage } from "./media.schemas.js";

/** Every stored rendition is named by its bytes, so a URL never changes what it shows. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Keys under this prefix are public (served at /media/<key> and through PUBLIC_ASSET_URL). */
export const PUBLIC_PREFIX = "img/";

export interface MediaDeps {
  storage: Storage;
  /** PUBLIC_ASSET_URL (a CDN): renditions are `${publicAssetUrl}/<key>`. */
  publicAssetUrl: string | undefined;
  /** PUBLIC_URL: without a CDN, renditions are `${publicUrl}/media/<key>` (a path when unset). */
  publicUrl: string | undefined;
  /** Told when the store fails (the client gets a 503 and no detail). */
  onStorageError: (err: unknown) => void;
}

const unavailable = () =>
  new AppError("UNAVAILABLE", "Image storage is unavailable; try again shortly", { retryAfterSeconds: 5 });

/**
 * Images: renditions made from an upload (src/modules/media/images.ts), written to object
 * storage under content-addressed keys, and the URLs clients fetch them at. Owns no table:
 * whoever keeps an image (a product) keeps its StoredImage.
 */
export function createMedia({ storage, publicAssetUrl, publicUrl, onStorageError }: MediaDeps) {
  const limit = createLimiter({ running: 2, waiting: 16 });
  const urlOf = (key: string) =>
    publicAssetUrl ? `${publicAssetUrl}/${key}` : `${publicUrl?.replace(/\/+$/, "") ?? ""}/media/${key}`;

  /** Removes renditions; a failure leaves unreferenced objects behind, never a broken image. */
  const removeKeys = async (keys: string[]) => {
    const results = await Promise.allSettled(keys.map((k) => storage.delete(k)));
    for (const r of results) if (r.status === "rejected") onStorageError(r.reason);
  };

  return {
    /**
     * Makes the renditions of an upload and stores them: `img/<image id>/<width>-<SHA-256 of
     * the rendition's bytes>.webp`. The image's own id keeps its objects its own, so deleting
     * one image never removes another's (two uploads of the same bytes share no key). All
     * renditions are written or none: a failed write removes the others (503).
     */
    async store(bytes: Buffer, sha256: string, now: Date): Promise<StoredImage> {
      const made = await limit(() => renditions(bytes));
      const id = newId();
      const stored = made.map((r) => ({
        key: `${PUBLIC_PREFIX}${id}/${r.width}-${createHash("sha256").update(r.bytes).digest("hex").slice(0, 32)}.webp`,
        width: r.width,
        height: r.height,
        bytes: r.bytes,
      }));
      const puts = await Promise.allSettled(
        stored.map((r) => storage.put(r.key, r.bytes, "image/webp", { cacheControl: IMMUTABLE })),
      );
      const failed = puts.find((p) => p.status === "rejected");
      if (failed) {
        onStorageError(failed.reason);
        await removeKeys(stored.map((r) => r.key));
        throw unavailable();
      }
      return {
        id,
        sha256,
        renditions: stored.map(({ key, width, height }) => ({ key, width, height })),
        createdAt: now.toISOString(),
      };
    },

    /** Deletes an image's objects (after its owner forgot it). */
    remove: (image: StoredImage) => removeKeys(image.renditions.map((r) => r.key)),

    /** The image as clients get it. */
    view(image: StoredImage): ImageView {
      const largest = image.renditions[image.renditions.length - 1];
      if (!largest) throw new Error(`image ${image.id} has no renditions`);
      return {
        id: image.id,
        url: urlOf(largest.key),
        width: largest.width,
        height: largest.height,
        srcset: image.renditions.map((r) => `${urlOf(r.key)} ${r.width}w`).join(", "),
      };
    },

    /** A public object for GET /media/<key>, or null; a store failure is a 503. */
    async open(key: string) {
      if (!key.startsWith(PUBLIC_PREFIX)) return null;
      try {
        return await storage.get(key);
      } catch (err) {
        onStorageError(err);
        throw unavailable();
      }
    },
  };
}

export type Media = ReturnType<typeof createMedia>;
