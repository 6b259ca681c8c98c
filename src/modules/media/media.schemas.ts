import { type Static, Type } from "typebox";
import { Uuid } from "../../shared/schemas.js";

/** One served version of an image, as stored beside its owner (keys, never URLs: the base may change). */
export const StoredRendition = Type.Object({
  key: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});

/** An uploaded image as its owner keeps it: its renditions, smallest first. */
export const StoredImage = Type.Object({
  id: Uuid,
  /** SHA-256 (hex) of the uploaded bytes: the same file uploaded twice is the same image. */
  sha256: Type.String(),
  renditions: Type.Array(StoredRendition),
  createdAt: Type.String({ format: "date-time" }),
});
export type StoredImage = Static<typeof StoredImage>;

/** An image as clients get it: the largest rendition, and all of them for `srcset`. */
export const ImageView = Type.Object({
  id: Uuid,
  url: Type.String({ description: "The largest rendition (WebP, at most 1280 px wide)" }),
  width: Type.Integer({ description: "Of the image at `url`, in pixels" }),
  height: Type.Integer({ description: "Of the image at `url`, in pixels" }),
  srcset: Type.String({
    description: "Every rendition with its width (`<url> 320w, <url> 640w, …`), for `<img srcset>`",
  }),
});
export type ImageView = Static<typeof ImageView>;
