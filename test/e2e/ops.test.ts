import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUser, http, launch, openWindow, type Stack, shot, startStack } from "./browser.js";

/**
 * The operators' dashboard (/ops) in Chromium: live charts of the cluster's figures, which
 * move while traffic flows, and a refusal for an account that is not an operator.
 */
const OPERATOR = "ops-e2e@example.com";
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ OPERATOR_EMAILS: OPERATOR, OPS_SAMPLE_MS: "300" });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the operators' dashboard in a real browser", () => {
  it("draws live figures for an operator: charts, processes, busiest routes", async () => {
    const r = await http(stack.url, "POST", "/api/auth/register", {
      body: { name: "Operator", email: OPERATOR, password: "correct horse battery" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const w = await openWindow(browser, { width: 1280, session: { token: r.data.token, user: r.data.user } });
    const { page } = w;
    // Traffic while the page watches: the request rate must rise above zero and the route show up.
    let flowing = true;
    const traffic = (async () => {
      while (flowing) {
        await Promise.all(Array.from({ length: 5 }, () => http(stack.url, "GET", "/api/drops?status=live")));
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    try {
      await page.goto(`${stack.url}/ops`);
      await page.getByRole("heading", { name: "Operations" }).waitFor();
      expect(await page.getByTestId("ops-chart").count()).toBe(11);
      await page.getByTestId("ops-routes").getByText("GET /api/drops").waitFor({ timeout: 20_000 });
      await page.getByTestId("ops-processes").getByRole("cell", { name: "serve+worker" }).waitFor();
      // The request rate: the first figure of the first chart, live from the polls.
      const rate = page.getByTestId("ops-chart").first().getByTestId("ops-figure").first();
      await expect
        .poll(async () => Number.parseFloat((await rate.textContent()) ?? "0"), { timeout: 20_000 })
        .toBeGreaterThan(0);
      // Several polls drawn: the line has more than one point.
      await expect
        .poll(
          async () =>
            ((await page.locator(".ops-chart path").first().getAttribute("d")) ?? "").split("L").length,
          {
            timeout: 20_000,
          },
        )
        .toBeGreaterThan(2);
      await shot(page, "ops-dashboard", true);
      w.expectNoErrors();
    } finally {
      flowing = false;
      await traffic;
      await w.context.close();
    }
  });

  it("refuses an account that is not an operator", async () => {
    const u = await apiUser(stack.url, "Curious Fan");
    const w = await openWindow(browser, { width: 390, session: { token: u.token, user: u.user } });
    await w.page.goto(`${stack.url}/ops`);
    await w.page.getByText("Only operators").waitFor();
    expect(await w.page.getByTestId("ops-chart").count()).toBe(0);
    await w.context.close();
  });
});
