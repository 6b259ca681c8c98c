import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiCreator,
  apiDrop,
  apiProduct,
  http,
  launch,
  openWindow,
  type Stack,
  shot,
  startStack,
} from "./browser.js";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A photo-like picture (noise compresses poorly, as photos do). */
const picture = (width: number, height: number, seed: number) =>
  sharp(
    Buffer.alloc(width * height * 3).map((_, i) => (i * 2654435761 * seed) % 251),
    {
      raw: { width, height, channels: 3 },
    },
  )
    .png()
    .toBuffer();

describe("product images in a real browser", () => {
  it("a creator drops images on a product in the dashboard, and the shop shows them with srcset", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Ilse Ceramics");
    const product = await apiProduct(base, creator.token, "Ash Glaze Bowl");
    const w = await openWindow(browser, {
      width: 1280,
      session: { token: creator.token, user: creator.user },
    });
    const { page } = w;
    await page.goto(`${base}/dashboard`);
    await page.getByRole("button", { name: "Edit Ash Glaze Bowl" }).click();
    const zone = page.locator(".dropzone");
    await zone.waitFor();

    // Drag and drop: a file dropped on the zone goes up with its progress shown.
    const first = (await picture(1600, 1200, 1)).toString("base64");
    const dropped = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "bowl.png", { type: "image/png" }));
      return dt;
    }, first);
    await zone.dispatchEvent("drop", { dataTransfer: dropped });
    const list = page.getByRole("list", { name: "Images of Ash Glaze Bowl" });
    await list.locator("img").first().waitFor();

    // Or picked with the file chooser.
    await zone.locator("input[type=file]").setInputFiles({
      name: "bowl-side.png",
      mimeType: "image/png",
      buffer: await picture(900, 900, 2),
    });
    await expect.poll(() => list.locator("img").count()).toBe(2);
    // A file the server would refuse is stopped in the browser with a reason.
    await zone.locator("input[type=file]").setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a picture"),
    });
    await page.getByRole("alert").filter({ hasText: "only JPEG, PNG or WebP" }).waitFor();
    await zone.scrollIntoViewIfNeeded();
    await shot(page, "dashboard-images-1280");

    const saved = await http(base, "GET", `/api/products/${product.id}`);
    expect(saved.data.images).toHaveLength(2);
    expect(saved.data.images[0]).toMatchObject({ width: 1280, height: 960 });

    // Delete the second.
    await page.getByRole("button", { name: "Delete image 2" }).click();
    await expect.poll(() => list.locator("img").count()).toBe(1);

    // The shop: the product page and a drop card load a rendition picked by srcset/sizes.
    await apiDrop(base, creator.token, product.id, { startsInMs: -1_000 });
    await page.goto(`${base}/products/${product.id}`);
    const big = page.locator(".drop-media img").first();
    await big.waitFor();
    expect(await big.getAttribute("srcset")).toMatch(/ 320w, .* 640w, .* 1280w$/);
    expect(await big.getAttribute("sizes")).toBeTruthy();
    await expect
      .poll(() => big.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
      .toBeGreaterThan(0);
    expect(await big.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/media\/img\/.+\.webp$/);
    await shot(page, "product-images-1280");

    await page.goto(base);
    const card = page.locator(`[data-drop-id] img[srcset]`).first();
    await card.waitFor();
    expect(await card.getAttribute("sizes")).toContain("300px");
    w.expectNoErrors();
    await w.context.close();
  });
});
