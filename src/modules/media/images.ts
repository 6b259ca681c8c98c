import type { Metadata, OutputInfo } from "sharp";
import { AppError, invalid } from "../../shared/errors.js";

/** sharp (libvips) is loaded with the first image, not with every process that never sees one. */
let loaded: Promise<typeof import("sharp")> | undefined;
const loadSharp = async () => {
  loaded ??= import("sharp");
  return (await loaded).default;
};

/** What uploads may be, told by their bytes (never by the name or the declared type). */
export const ACCEPTED_FORMATS = ["jpeg", "png", "webp"] as const;
/** Widths served (srcset), never wider than the upload: a smaller one gets its own width instead. */
export const IMAGE_WIDTHS = [320, 640, 1280] as const;
/**
 * Past this many pixels an upload is refused before it is decoded: a 10 MB PNG can claim
 * 50,000 × 50,000 pixels (10 GB decoded). 50 MP is more than a phone's full-resolution photo.
 */
export const MAX_INPUT_PIXELS = 50_000_000;
/** WebP quality: visually clean for photos at a third of a JPEG's size. */
const WEBP_QUALITY = 80;

export interface Rendition {
  width: number;
  height: number;
  bytes: Buffer;
}

/** A refusal of the upload itself: 400, with the reason a person can act on. */
const notAnImage = (reason: string) =>
  invalid(`The file must be a JPEG, PNG or WebP image: ${reason}`, { field: "file" });

/**
 * The served versions of an uploaded image: oriented as its EXIF says, converted to sRGB,
 * stripped of every metadata (EXIF with its GPS position, XMP, IPTC, ICC, PNG text), and
 * encoded as WebP at each width of IMAGE_WIDTHS it reaches (never upscaled), plus its own
 * width when that is below the largest. The image is decoded once; each width is resized
 * from that. sharp does all of it on libuv's thread pool, off the event loop.
 */
export async function renditions(input: Buffer): Promise<Rendition[]> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw notAnImage("these bytes are not an image we can read");
  }
  if (!(ACCEPTED_FORMATS as readonly string[]).includes(meta.format)) {
    throw notAnImage(`this is ${meta.format === "heif" ? "HEIF/AVIF" : meta.format.toUpperCase()}`);
  }
  const { width, height } = meta.autoOrient;
  if (!width || !height) throw notAnImage("it has no size");
  if (width * height > MAX_INPUT_PIXELS) {
    throw notAnImage(`${width} × ${height} is more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);
  }
  const largest = Math.min(width, IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1] as number);
  const widths = [...IMAGE_WIDTHS.filter((w) => w < largest), largest];

  let base: { data: Buffer; info: OutputInfo };
  try {
    // One decode, at the largest width served: raw sRGB pixels, no metadata.
    base = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true })
      .resize({ width: largest, withoutEnlargement: true })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw notAnImage("it could not be decoded (damaged or truncated?)");
  }
  const raw = {
    raw: { width: base.info.width, height: base.info.height, channels: base.info.channels },
  } as const;
  return Promise.all(
    widths.map(async (w) => {
      const { data, info } = await sharp(base.data, raw)
        .resize({ width: w, withoutEnlargement: true })
        .webp({ quality: WEBP_QUALITY })
        .toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, bytes: data };
    }),
  );
}

/**
 * At most `running` images are processed at once per process (each holds its decoded pixels,
 * up to a few hundred MB for a big photo, and keeps libuv's threads busy); up to `waiting`
 * more wait their turn, and past that an upload is refused with 503 OVERLOADED to retry.
 */
export function createLimiter(opts: { running: number; waiting: number }) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (active >= opts.running) {
      if (queue.length >= opts.waiting) {
        throw new AppError("OVERLOADED", "Too many images are being processed; try again in a moment", {
          retryAfterSeconds: 2,
        });
      }
      await new Promise<void>((resolve) => queue.push(resolve));
    } else {
      active++;
    }
    try {
      return await work();
    } finally {
      const next = queue.shift();
      if (next)
        next(); // the slot passes straight to the next in line
      else active--;
    }
  };
}
