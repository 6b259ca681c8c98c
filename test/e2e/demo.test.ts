import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../src/seed.js";
import { expectNoHorizontalOverflow, launch, openWindow, type Stack, shot, startStack } from "./browser.js";

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  await seedDemo(stack.infra, stack.services);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the demo shop", () => {
  for (const width of [1280, 390]) {
    it(`shows the live, upcoming and ended demo drops at ${width} px`, async () => {
      const w = await openWindow(browser, { width, height: width > 600 ? 900 : 844 });
      const { page } = w;
      await page.goto(`${stack.url}/`);
      const live = page.getByTestId("drops-live");
      await live.getByText("Aurora Runner sneaker").waitFor();
      await live.getByText("100 of 100 left").waitFor();
      await page.getByTestId("drops-upcoming").getByText("Harbour at Dawn print").waitFor();
      await page.getByTestId("drops-ended").getByText("Night Drive vinyl").waitFor();
      expect(
        await page
          .getByTestId("drops-upcoming")
          .getByText(/Starts in \d\d:\d\d/)
          .count(),
      ).toBe(1);
      await expectNoHorizontalOverflow(page);
      await shot(page, `storefront-${width}`);
      await shot(page, `storefront-${width}-full`, true);
      w.expectNoErrors();
      await w.context.close();
    });
  }

  it("finds products as you type, and is usable with the keyboard alone", async () => {
    const w = await openWindow(browser, { width: 1280 });
    const { page } = w;
    await page.goto(`${stack.url}/`);
    await page.getByTestId("drops-live").getByText("Aurora Runner sneaker").waitFor();

    // Type-ahead: a few letters list matching products; arrow down and Enter opens one.
    const search = page.getByRole("combobox", { name: "Search products" });
    await search.click();
    await page.keyboard.type("harb");
    await page.getByRole("option", { name: /Harbour at Dawn print/ }).waitFor();
    await shot(page, "search-typeahead-1280");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Harbour at Dawn print", level: 1 }).waitFor();
    await page
      .locator(".drop-card")
      .filter({ hasText: "Harbour at Dawn print" })
      .getByText(/Starts in \d\d:\d\d/)
      .waitFor();

    // Log in with the keyboard: Tab moves through labelled fields, Enter submits.
    await page.goto(`${stack.url}/login`);
    await page.getByLabel("Email").focus();
    await page.keyboard.type("fan1@livedrop.dev");
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /Account menu for Fan 1/ }).waitFor();

    // Reach the live drop's Buy link by tabbing, and open it with Enter.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute("aria-label") === "Buy Aurora Runner sneaker",
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByTestId("buy").waitFor();
    expect(await page.getByTestId("buy").textContent()).toMatch(/Buy now/);
    w.expectNoErrors();
    await w.context.close();
  });
});
