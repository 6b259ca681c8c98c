import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { Storage } from "../../infra/storage/index.js";
import { createLocalStorage } from "../../infra/storage/local.js";
import { AppError } from "../../shared/errors.js";
import { createLimiter, renditions } from "./images.js";
import { createMedia } from "./media.service.js";

const photo = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp(
    Buffer.alloc(width * height * channels).map((_, i) => (i * 7919) % 253),
    {
      raw: { width, height, channels },
    },
  );

describe("renditions", () => {
  it("turns a phone photo upright (EXIF orientation) before dropping the EXIF", async () => {
    const sideways = await photo(1600, 900).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const out = await renditions(sideways);
    expect(out.map((r) => [r.width, r.height])).toEqual([
      [320, 569],
      [640, 1138],
      [900, 1600],
    ]);
    const meta = await sharp(out[0]?.bytes).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
  });

  it("keeps transparency and converts to sRGB without keeping the profile", async () => {
    const withAlpha = await photo(400, 300, 4).png().toBuffer();
    const [small] = await renditions(withAlpha);
    expect((await sharp(small?.bytes).metadata()).hasAlpha).toBe(true);
    const p3 = await photo(400, 300).withIccProfile("p3").jpeg().toBuffer();
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    for (const r of await renditions(p3)) expect((await sharp(r.bytes).metadata()).icc).toBeUndefined();
  });

  it("refuses what is not a JPEG, PNG or WebP as a validation error", async () => {
    for (const bad of [
      Buffer.from("GIF89a not really"),
      await photo(10, 10).tiff().toBuffer(),
      Buffer.alloc(0),
    ]) {
      await expect(renditions(bad)).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    }
  });
});

describe("media", () => {
  const image = {
    id: "0190b2c4-0000-7000-8000-000000000001",
    sha256: "ab".repeat(32),
    renditions: [
      { key: "img/x/320-aa.webp", width: 320, height: 240 },
      { key: "img/x/640-bb.webp", width: 640, height: 480 },
    ],
    createdAt: new Date(0).toISOString(),
  };
  const media = (publicAssetUrl?: string, publicUrl?: string) =>
    createMedia({
      storage: createLocalStorage({ dir: undefined }),
      publicAssetUrl,
      publicUrl,
      onStorageError: () => {},
    });

  it("hands out CDN URLs with PUBLIC_ASSET_URL, else the app's /media (absolute under PUBLIC_URL)", () => {
    expect(media("https://cdn.example.com/m").view(image)).toEqual({
      id: image.id,
      url: "https://cdn.example.com/m/img/x/640-bb.webp",
      width: 640,
      height: 480,
      srcset:
        "https://cdn.example.com/m/img/x/320-aa.webp 320w, https://cdn.example.com/m/img/x/640-bb.webp 640w",
    });
    expect(media(undefined, "https://shop.example.com/").view(image).url).toBe(
      "https://shop.example.com/media/img/x/640-bb.webp",
    );
    expect(media().view(image).url).toBe("/media/img/x/640-bb.webp");
  });

  it("writes every rendition or none: a failed write removes the others and answers 503", async () => {
    const inner = createLocalStorage({ dir: undefined });
    const kept = new Set<string>();
    let puts = 0;
    const flaky: Storage = {
      ...inner,
      async put(key, bytes, type) {
        if (++puts === 2) throw new Error("store went away");
        await inner.put(key, bytes, type);
        kept.add(key);
      },
      async delete(key) {
        await inner.delete(key);
        kept.delete(key);
      },
    };
    const errors: unknown[] = [];
    const m = createMedia({
      storage: flaky,
      publicAssetUrl: undefined,
      publicUrl: undefined,
      onStorageError: (e) => errors.push(e),
    });
    const err = await m.store(await photo(1400, 700).png().toBuffer(), "00", new Date()).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "UNAVAILABLE", details: { retryAfterSeconds: 5 } });
    expect(kept.size).toBe(0);
    expect(errors).toHaveLength(1);
  });
});

describe("the processing limiter", () => {
  it("runs two at a time, queues a few, and refuses past that with OVERLOADED", async () => {
    const run = createLimiter({ running: 2, waiting: 1 });
    let active = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const job = () =>
      run(async () => {
        most = Math.max(most, ++active);
        await new Promise<void>((r) => gates.push(r));
        active--;
      });
    let done = 0;
    const jobs = [job(), job(), job()].map((j) => j.then(() => done++));
    await expect(job()).rejects.toMatchObject({ code: "OVERLOADED" });
    while (done < 3) {
      await new Promise((r) => setTimeout(r, 5));
      gates.shift()?.(); // finish one; the queued job takes its place
    }
    await Promise.all(jobs);
    expect(most).toBe(2);
    await run(async () => {}); // every slot came back
  });
});
