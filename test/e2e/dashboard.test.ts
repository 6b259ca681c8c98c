import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiCreator,
  apiUser,
  expectNoHorizontalOverflow,
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

describe("the creator dashboard in a real browser", () => {
  it("a creator adds a product, schedules its drop, and watches sales arrive in the live view", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Juno Works");
    const w = await openWindow(browser, { width: 1280 });
    const { page } = w;

    // Log in through the form.
    await page.goto(`${base}/login?next=/dashboard`);
    await page.getByLabel("Email").fill(creator.email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Creator dashboard" }).waitFor();

    // Add a product.
    const newProduct = page.getByRole("form", { name: "New product" });
    await newProduct.getByLabel("Title").fill("Cedar Stool");
    await newProduct.getByLabel("Price").fill("120");
    await newProduct.getByLabel("Description").fill("Hand-turned cedar, oiled.");
    await newProduct.getByRole("button", { name: "Add product" }).click();
    await page.getByTestId("dash-notice").filter({ hasText: "Added Cedar Stool" }).waitFor();

    // Edit it: a new price.
    await page.getByRole("button", { name: "Edit Cedar Stool" }).click();
    const edit = page.getByRole("form", { name: "Edit Cedar Stool" });
    await edit.getByLabel("Price").fill("135");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("dash-notice").filter({ hasText: "Saved Cedar Stool" }).waitFor();
    const products = await http(base, "GET", `/api/creators/${creator.id}/products`);
    expect(products.data.items[0]).toMatchObject({ title: "Cedar Stool", priceCents: 13_500 });

    // Schedule its drop to start in a few seconds (local time, as the form shows it).
    const schedule = page.getByRole("form", { name: "Schedule a drop" });
    const startsAt = await page.evaluate(() => {
      const d = new Date(Date.now() + 6_000);
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    });
    await schedule.getByLabel("Starts at").fill(startsAt);
    await schedule.getByLabel("Runs for").selectOption("15");
    await schedule.getByLabel("Stock", { exact: true }).fill("40");
    await schedule.getByLabel("Limit per person").fill("5");
    await schedule.getByTestId("schedule-drop").click();
    await page.getByTestId("dash-notice").filter({ hasText: "Scheduled Cedar Stool" }).waitFor();
    const drops = await http(base, "GET", `/api/drops?status=upcoming&creatorId=${creator.id}`);
    expect(drops.data.items).toHaveLength(1);
    const drop = drops.data.items[0];
    expect(drop).toMatchObject({ priceCents: 13_500, perUserLimit: 5, stock: { initial: 40 } });
    await page.getByTestId("dash-drop").filter({ hasText: "Cedar Stool" }).waitFor();
    await shot(page, "dashboard-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalOverflow(page);
    await shot(page, "dashboard-390", true);
    await page.setViewportSize({ width: 1280, height: 900 });

    // It goes live on its own; the live view opens from the dashboard.
    const liveLink = page.getByRole("link", { name: "Live view" });
    await liveLink.waitFor({ timeout: 15_000 });
    await liveLink.click();
    await page.getByTestId("live-stats").waitFor();
    expect(await page.getByTestId("stat-available").textContent()).toBe("40");

    // Buyers arrive over a few seconds; the numbers and the chart follow.
    const buyers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => apiUser(base, `Buyer ${i}`)));
    for (const [i, b] of buyers.entries()) {
      const r = await http(base, "POST", "/api/orders", {
        token: b.token,
        headers: { "idempotency-key": `dash-${i}-${Date.now()}` },
        body: { dropId: drop.id, quantity: 1 + (i % 3), paymentMethodId: i === 5 ? undefined : "pm_card_ok" },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await new Promise((r) => setTimeout(r, 350));
    }
    // 1+2+3+1+2 paid, 3 reserved without a payment method.
    await expect.poll(() => page.getByTestId("stat-sold").textContent(), { timeout: 5_000 }).toBe("9");
    expect(await page.getByTestId("stat-reserved").textContent()).toBe("3");
    expect(await page.getByTestId("stat-available").textContent()).toBe("28");
    const peak = await page.locator(".chart-axis").textContent();
    expect(peak).toMatch(/peak [1-9]\d*\/s/);
    await shot(page, "dashboard-live-1280");

    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalOverflow(page);
    await shot(page, "dashboard-live-390", true);

    w.expectNoErrors();
    await w.context.close();
  });
});
