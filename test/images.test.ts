import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, newDrop, newProduct, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp, usingServices, windowStartClock } from "./harness.js";
import { startS3Sink } from "./s3-sink.js";

/**
 * Product images end to end, through the real app and its real store: a local folder on the
 * embedded default, an S3-compatible server (s3rver, in this process) on the services suite.
 * What is served back is read with sharp: resized, WebP, and without the upload's metadata.
 */

let t: TestApp;
let base: string;
let owner: TestUser;
let rival: TestUser;
let fan: TestUser;
let folder: string | undefined;
let s3: Awaited<ReturnType<typeof startS3Sink>> | undefined;

/** Files the store holds now (objects only: not the local store's type files, not s3rver's metadata). */
function storedObjects(): string[] {
  const dir = s3 ? join(s3.dir, "assets") : (folder as string);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  return s3 ? files.filter((f) => f.endsWith("._S3rver_object")) : files.filter((f) => !/\/\./.test(f));
}

beforeAll(async () => {
  if (usingServices()) {
    s3 = await startS3Sink();
    t = await createTestApp({ env: { S3_URL: s3.url } });
  } else {
    folder = mkdtempSync(join(tmpdir(), "assets-"));
    t = await createTestApp({ env: { ASSETS_DIR: folder } });
  }
  expect(t.infra.storage.kind).toBe(s3 ? "s3" : "local");
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  owner = await registerCreator(t.app);
  rival = await registerCreator(t.app);
  fan = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
  await s3?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** A noisy picture (so it does not compress to nothing) of the given size. */
const picture = (width: number, height: number, seed = 1) =>
  sharp(
    Buffer.alloc(width * height * 3).map((_, i) => (i * 2654435761 * seed) % 251),
    { raw: { width, height, channels: 3 } },
  );

const form = (bytes: Buffer, filename = "photo.png", type = "image/png", field = "file") => {
  const f = new FormData();
  f.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  return f;
};

const upload = (productId: string, who: TestUser | undefined, body: FormData) =>
  call(t.app, "POST", `/api/products/${productId}/images`, { token: who?.token, body });

const fetchMedia = (url: string) =>
  t.app.inject({ method: "GET", url: url.replace(/^https?:\/\/[^/]+/, "") });

const expectRefusal = (res: { status: number; body: any }, status: number, code: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ success: false, error: { code, message: expect.any(String) } });
};

describe("uploading a product image", () => {
  it("serves a PNG with EXIF back resized, as WebP, without its metadata, cacheable for good", async () => {
    const productId = await newProduct(t.app, owner);
    const png = await picture(2000, 1500)
      .png()
      .withExif({ IFD0: { Copyright: "secret", Artist: "Nova", ImageDescription: "home address" } })
      .toBuffer();
    expect((await sharp(png).metadata()).exif).toBeDefined(); // the upload does carry EXIF

    const res = await upload(productId, owner, form(png));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const image = res.body.data.image;
    expect(image).toMatchObject({ width: 1280, height: 960 });
    const srcset = (image.srcset as string).split(", ").map((s) => s.split(" "));
    expect(srcset.map(([, w]) => w)).toEqual(["320w", "640w", "1280w"]);
    expect(srcset[2]?.[0]).toBe(image.url);

    for (const [url, w] of srcset as [string, string][]) {
      // A key names its bytes: a hash in the URL, and the answer cacheable for a year, never revalidated.
      expect(url).toMatch(/^\/media\/img\/[0-9a-f-]{36}\/\d+-[0-9a-f]{32}\.webp$/);
      const served = await fetchMedia(url);
      expect(served.statusCode).toBe(200);
      expect(served.headers["content-type"]).toBe("image/webp");
      expect(served.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      const meta = await sharp(served.rawPayload).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.width).toBe(Number.parseInt(w, 10));
      expect(meta.height).toBe((Number.parseInt(w, 10) * 3) / 4);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(served.rawPayload.includes("secret")).toBe(false);
      expect(served.rawPayload.includes("home address")).toBe(false);
    }
    expect(storedObjects()).toHaveLength(3);
    // Fetched again with its ETag (a CDN revalidating): not modified.
    const again = await fetchMedia(image.url);
    const etagged = await t.app.inject({
      method: "GET",
      url: image.url,
      headers: { "if-none-match": String(again.headers.etag) },
    });
    expect(etagged.statusCode).toBe(304);
  });

  it("lists the images with srcset on product and drop answers, REST and GraphQL alike", async () => {
    const productId = await newProduct(t.app, owner);
    const up = await upload(productId, owner, form(await picture(800, 600, 2).jpeg().toBuffer(), "a.jpg"));
    expect(up.status).toBe(201);
    const image = up.body.data.image;
    expect(image.srcset).toMatch(/ 320w, .* 640w, .* 800w$/); // never upscaled past the original
    expect(up.body.data.product.images).toEqual([image]);

    const product = await call(t.app, "GET", `/api/products/${productId}`);
    expect(product.body.data.images).toEqual([image]);
    expect(product.body.data.imageUrls).toEqual([]); // beside imageUrls, which stay as they were

    const drop = await newDrop(t.app, owner, {
      productId,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    });
    expect(drop.product.images).toEqual([image]);
    expect((await call(t.app, "GET", `/api/drops/${drop.id}`)).body.data.product.images).toEqual([image]);

    const gql = await call(t.app, "POST", "/graphql", {
      body: {
        query: `query($id: ID!) { product(id: $id) { images { id url width height srcset } } drop(id: "${drop.id}") { product { images { url } } } }`,
        variables: { id: productId },
      },
    });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.product.images).toEqual([image]);
    expect(gql.body.data.drop.product.images).toEqual([{ url: image.url }]);
  });

  it("keeps a small image at its own size and answers the same file again with the image it already is", async () => {
    const productId = await newProduct(t.app, owner);
    const small = await picture(200, 100, 3).webp().toBuffer();
    const first = await upload(productId, owner, form(small, "s.webp", "image/webp"));
    expect(first.status).toBe(201);
    expect(first.body.data.image).toMatchObject({ width: 200, height: 100 });
    expect(first.body.data.image.srcset).toMatch(/^\S+ 200w$/);
    const again = await upload(productId, owner, form(small, "renamed.webp", "image/webp"));
    expect(again.status).toBe(200);
    expect(again.body.data.image).toEqual(first.body.data.image);
    expect(again.body.data.product.images).toHaveLength(1);
  });

  it("deletes an image, and its files with it", async () => {
    const productId = await newProduct(t.app, owner);
    const before = storedObjects().length;
    const up = await upload(productId, owner, form(await picture(700, 700, 4).png().toBuffer()));
    const image = up.body.data.image;
    expect(storedObjects()).toHaveLength(before + 3);

    expectRefusal(
      await call(t.app, "DELETE", `/api/products/${productId}/images/${image.id}`, { token: rival.token }),
      403,
      "FORBIDDEN",
    );
    const del = await call(t.app, "DELETE", `/api/products/${productId}/images/${image.id}`, {
      token: owner.token,
    });
    expect(del.status).toBe(200);
    expect(del.body.data.images).toEqual([]);
    expect(storedObjects()).toHaveLength(before);
    expect((await fetchMedia(image.url)).statusCode).toBe(404);
    expectRefusal(
      await call(t.app, "DELETE", `/api/products/${productId}/images/${image.id}`, { token: owner.token }),
      404,
      "NOT_FOUND",
    );
  });

  it("removes a deleted product's images from storage: nothing shows them any more", async () => {
    const productId = await newProduct(t.app, owner);
    const before = storedObjects().length;
    const up = await upload(productId, owner, form(await picture(700, 700, 6).png().toBuffer()));
    expect(up.status).toBe(201);
    expect(storedObjects()).toHaveLength(before + 3);
    const del = await call(t.app, "DELETE", `/api/products/${productId}`, { token: owner.token });
    expect(del.status).toBe(200);
    expect(storedObjects()).toHaveLength(before);
    expect((await fetchMedia(up.body.data.image.url)).statusCode).toBe(404);
  });

  it(`stops at 10 images per product`, async () => {
    const productId = await newProduct(t.app, owner);
    for (let i = 0; i < 10; i++) {
      const one = await sharp({
        create: { width: 4, height: 4, channels: 3, background: { r: i * 20, g: 0, b: 0 } },
      })
        .png()
        .toBuffer();
      expect((await upload(productId, owner, form(one))).status).toBe(201);
    }
    const eleventh = await picture(10, 10, 5).png().toBuffer();
    expectRefusal(await upload(productId, owner, form(eleventh)), 409, "LIMIT_EXCEEDED");
    expect((await call(t.app, "GET", `/api/products/${productId}`)).body.data.images).toHaveLength(10);
  });
});

describe("refused uploads: in the envelope, never a 500, nothing written", () => {
  let productId: string;
  let stored: number;
  beforeAll(async () => {
    productId = await newProduct(t.app, owner);
  });
  const unchanged = async () => {
    expect((await call(t.app, "GET", `/api/products/${productId}`)).body.data.images).toEqual([]);
    expect(storedObjects()).toHaveLength(stored);
  };

  it("refuses a 20 MB file with 413", async () => {
    stored = storedObjects().length;
    const big = Buffer.alloc(20 * 1024 * 1024, 7);
    expectRefusal(await upload(productId, owner, form(big)), 413, "PAYLOAD_TOO_LARGE");
    // Over a real socket too, with and without a Content-Length the server can refuse on at once.
    const res = await fetch(`${base}/api/products/${productId}/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}` },
      body: form(big),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ success: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    await unchanged();
  });

  it("refuses a file just past 10 MB that is otherwise a fine image header with 413", async () => {
    const header = await picture(64, 64).png().toBuffer();
    const justOver = Buffer.concat([header, Buffer.alloc(10 * 1024 * 1024 + 1 - header.length)]);
    expectRefusal(await upload(productId, owner, form(justOver)), 413, "PAYLOAD_TOO_LARGE");
    await unchanged();
  });

  it("refuses a text file renamed .png (told by its bytes) and other formats with 400", async () => {
    const text = Buffer.from("This is not a picture, whatever its name says.\n".repeat(50));
    expectRefusal(
      await upload(productId, owner, form(text, "photo.png", "image/png")),
      400,
      "VALIDATION_ERROR",
    );
    const gif = await picture(20, 20).gif().toBuffer();
    expectRefusal(await upload(productId, owner, form(gif, "a.png", "image/png")), 400, "VALIDATION_ERROR");
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>');
    expectRefusal(await upload(productId, owner, form(svg, "a.png", "image/png")), 400, "VALIDATION_ERROR");
    const jpeg = await picture(400, 400).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, jpeg.length / 2);
    expectRefusal(
      await upload(productId, owner, form(truncated, "a.jpg", "image/jpeg")),
      400,
      "VALIDATION_ERROR",
    );
    // A PNG claiming 64 megapixels (a decompression bomb in miniature) is refused before decoding.
    const bomb = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    expectRefusal(await upload(productId, owner, form(bomb)), 400, "VALIDATION_ERROR");
    await unchanged();
  });

  it("refuses requests that carry no file where it belongs", async () => {
    const png = await picture(50, 50).png().toBuffer();
    expectRefusal(
      await upload(productId, owner, form(png, "a.png", "image/png", "photo")),
      400,
      "VALIDATION_ERROR",
    );
    expectRefusal(await upload(productId, owner, new FormData()), 400, "VALIDATION_ERROR");
    expectRefusal(await upload(productId, owner, form(Buffer.alloc(0))), 400, "VALIDATION_ERROR");
    const json = await call(t.app, "POST", `/api/products/${productId}/images`, {
      token: owner.token,
      body: { file: "aGVsbG8=" },
    });
    expectRefusal(json, 415, "UNSUPPORTED_MEDIA_TYPE");
    const broken = await t.app.inject({
      method: "POST",
      url: `/api/products/${productId}/images`,
      headers: {
        authorization: `Bearer ${owner.token}`,
        "content-type": "multipart/form-data; boundary=xyz",
      },
      payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nunfinished',
    });
    expectRefusal({ status: broken.statusCode, body: broken.json() }, 400, "VALIDATION_ERROR");
    await unchanged();
  });

  it("lets only the product's owner upload: 401 anonymous, 403 another creator or a fan, 404 no product", async () => {
    const png = await picture(50, 50, 9).png().toBuffer();
    expectRefusal(await upload(productId, undefined, form(png)), 401, "UNAUTHENTICATED");
    expectRefusal(await upload(productId, rival, form(png)), 403, "FORBIDDEN");
    expectRefusal(await upload(productId, fan, form(png)), 403, "FORBIDDEN");
    expectRefusal(await upload("0190b2c4-0000-7000-8000-000000000000", owner, form(png)), 404, "NOT_FOUND");
    await unchanged();
  });
});

describe("GET /media/<key>", () => {
  it("answers 404 in the envelope for keys it does not hold or that climb out of the store", async () => {
    for (const path of [
      "/media/img/nothing/here.webp",
      "/media/../package.json",
      "/media/img/..%2F..%2Fpackage.json",
      "/media/%2e%2e/%2e%2e/package.json",
      "/media/livedrop-secrets.json",
      "/media/.hidden",
      "/media/",
    ]) {
      const res = await t.app.inject({ method: "GET", url: path });
      expect(res.statusCode, path).toBe(404);
      expect(res.json(), path).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
    }
    // A miss is not for keeping: the key may hold an image on the next try (a CDN's negative cache).
    const miss = await t.app.inject({ method: "GET", url: "/media/img/nothing/here.webp" });
    expect(miss.headers["cache-control"]).toBe("no-store");
  });
});

describe("the upload limit", () => {
  let limited: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "assets-"));
    limited = await createTestApp({
      env: { ASSETS_DIR: dir, RATE_LIMITS: "on", RATE_LIMIT_UPLOADS_PER_ACCOUNT: "2" },
      clock: windowStartClock(),
    });
  });
  afterAll(async () => {
    await limited.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a creator's uploads past RATE_LIMIT_UPLOADS_PER_ACCOUNT with 429 and Retry-After, before reading them", async () => {
    const creator = await registerCreator(limited.app);
    const productId = await newProduct(limited.app, creator);
    const send = async (seed: number) =>
      call(limited.app, "POST", `/api/products/${productId}/images`, {
        token: creator.token,
        body: form(await picture(40, 40, seed).png().toBuffer()),
      });
    expect((await send(1)).status).toBe(201);
    expect((await send(2)).status).toBe(201);
    const third = await send(3);
    expectRefusal(third, 429, "RATE_LIMITED");
    expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
    expect((await call(limited.app, "GET", `/api/products/${productId}`)).body.data.images).toHaveLength(2);
  });
});
