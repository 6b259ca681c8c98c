import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiCreator,
  apiDrop,
  apiProduct,
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

describe("the storefront in a real browser", () => {
  it("a new fan signs up, follows a creator, sees the drop go live, buys, and another window sees the stock fall", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Mira Vale");
    const product = await apiProduct(base, creator.token, "Glass Lantern", 12_500);
    const drop = await apiDrop(base, creator.token, product.id, {
      startsInMs: 12_000,
      stock: 20,
      perUserLimit: 3,
    });

    const fan = await openWindow(browser, { width: 1280 });
    const { page } = fan;

    // Sign up.
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Name").fill("Ada Fan");
    await page.getByLabel("Email").fill(`ada_${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("a very good password");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe("/");
    await page.getByRole("button", { name: /Account menu for Ada Fan/ }).waitFor();
    // Signed in, the app holds a WebSocket to /push.
    await expect.poll(() => page.locator(".bell").getAttribute("data-push")).toBe("open");

    // Follow the creator from their page.
    await page.goto(`${base}/creators/${creator.id}`);
    await page.getByRole("heading", { name: "Mira Vale" }).waitFor();
    const follow = page.getByTestId("follow");
    await expect.poll(() => follow.textContent()).toBe("Follow");
    await follow.click();
    await expect.poll(() => follow.textContent()).toBe("Following");
    await expect.poll(() => page.getByTestId("follower-count").textContent()).toMatch(/^1 follower$/);
    const following = await http(base, "GET", `/api/creators/${creator.id}`);
    expect(following.data.followerCount).toBe(1);

    // The creator page shows the upcoming drop counting down, without a Buy button yet.
    const card = page.locator(".drop-card").filter({ hasText: "Glass Lantern" });
    await card.getByText(/Starts in \d\d:\d\d/).waitFor();
    expect(await card.getByRole("link", { name: "Buy Glass Lantern" }).count()).toBe(0);
    // A mark that survives only if nothing reloads the page.
    const markDocument = () => {
      (window as any).__sameDocument = true;
    };
    await page.evaluate(markDocument);

    // A second window (another person, on a phone, not signed in) watches the drop page.
    const other = await openWindow(browser, { width: 390, height: 844 });
    await other.page.goto(`${base}/drops/${drop.id}`);
    await other.page.getByTestId("countdown").waitFor();
    expect(await other.page.getByTestId("buy").count()).toBe(0);
    await other.page.evaluate(markDocument);

    // The drop opens: a toast for the follower (pushed on the creator's channel, joined when
    // following), and both countdowns turn into Buy buttons, without a reload.
    const toast = page.getByTestId("toast").filter({ hasText: "Glass Lantern is live now" });
    await toast.waitFor({ timeout: 20_000 });
    await card.getByRole("link", { name: "Buy Glass Lantern" }).waitFor({ timeout: 5_000 });
    await other.page.getByTestId("buy").waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    expect(await other.page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    await expect.poll(() => other.page.getByTestId("stock-available").textContent()).toBe("20 of 20 left");

    await card.getByRole("link", { name: "Buy Glass Lantern" }).click();
    await page.getByRole("heading", { name: "Glass Lantern", level: 1 }).waitFor();
    await page.getByTestId("buy").waitFor();

    // Buy two with the test card that pays.
    await page.getByLabel("Quantity").selectOption("2");
    await page.getByLabel(/Test card: pays/).check();
    await page.getByTestId("buy").click();
    await page.getByTestId("order-confirmed").waitFor();
    // The buyer's page takes the stock from the order's own answer: two sold, none held.
    await expect.poll(() => page.getByTestId("stock-available").textContent()).toBe("18 of 20 left");
    expect(await page.locator(".live-stock").textContent()).not.toMatch(/in checkout/);
    await page.getByTestId("toast").filter({ hasText: "Order confirmed" }).waitFor({ timeout: 10_000 });
    await shot(page, "drop-toasts-1280");
    // Toasts float over the page; close them (as a person would) for the layout screenshot.
    const dismiss = page.getByRole("button", { name: "Dismiss" });
    while ((await dismiss.count()) > 0)
      await dismiss
        .first()
        .click({ timeout: 2_000 })
        .catch(() => {}); // may expire first
    await expect.poll(() => page.getByTestId("toast").count()).toBe(0);
    await shot(page, "drop-during-sale-1280");

    // The other window sees the stock fall, without reloading.
    await expect
      .poll(() => other.page.getByTestId("stock-available").textContent(), { timeout: 5_000 })
      .toBe("18 of 20 left");
    await expectNoHorizontalOverflow(other.page);
    await shot(other.page, "drop-during-sale-390");

    // The bell counts the unread notifications (drop started, order confirmed).
    await expect
      .poll(async () => Number(await page.getByTestId("unread-count").textContent()), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);

    // My orders: the confirmed order, its detail, and cancelling it (refund; stock returns).
    await page.getByRole("link", { name: "View order" }).click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Confirmed");
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("cancel-order").click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toMatch(/Cancelled|Refunded/);
    await page.goto(`${base}/orders`);
    await page.getByTestId("order-row").first().waitFor();
    expect(await page.getByTestId("order-row").count()).toBe(1);
    await expect
      .poll(() => other.page.getByTestId("stock-available").textContent(), { timeout: 5_000 })
      .toBe("20 of 20 left");

    // The inbox lists the events.
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.getByTestId("inbox-item").first().waitFor();
    const inbox = await page.getByTestId("inbox-item").allTextContents();
    expect(inbox.join("\n")).toMatch(/Glass Lantern is live now/);
    await shot(page, "inbox-1280");
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect.poll(() => page.getByTestId("unread-count").count()).toBe(0);

    // Unfollow, then log out.
    await page.goto(`${base}/creators/${creator.id}`);
    await expect.poll(() => follow.textContent()).toBe("Following");
    await follow.click();
    await expect.poll(() => follow.textContent()).toBe("Follow");
    await expect.poll(() => page.getByTestId("follower-count").textContent()).toMatch(/^0 followers$/);
    await page.getByRole("button", { name: /Account menu for Ada Fan/ }).click();
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("livedrop.session"))).toBeNull();

    fan.expectNoErrors();
    other.expectNoErrors();
    await fan.context.close();
    await other.context.close();
  });

  it("shows clear states for a declined card, the per-person limit and a sold-out drop", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Oro Studio");
    const product = await apiProduct(base, creator.token, "Brass Ring", 8_000);
    const drop = await apiDrop(base, creator.token, product.id, {
      startsInMs: -1_000,
      stock: 3,
      perUserLimit: 1,
    });
    const buyer = await apiUser(base, "Bea Buyer");
    const w = await openWindow(browser, {
      width: 390,
      height: 844,
      session: { token: buyer.token, user: buyer.user },
    });
    const { page } = w;

    await page.goto(`${base}/drops/${drop.id}`);
    await page.getByTestId("buy").waitFor();
    await page.getByLabel(/Test card: declined/).check();
    await page.getByTestId("buy").click();
    const error = page.getByTestId("order-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Payment declined/);

    await page.getByLabel(/Test card: pays/).check();
    await page.getByTestId("buy").click();
    await page.getByTestId("order-confirmed").waitFor();
    await page.getByTestId("buy").click();
    await expect.poll(() => page.getByTestId("order-error").textContent()).toMatch(/Limit reached/);

    // Two other buyers take the rest: the page says sold out and the button is disabled.
    for (const name of ["C", "D"]) {
      const u = await apiUser(base, name);
      const r = await http(base, "POST", "/api/orders", {
        token: u.token,
        headers: { "idempotency-key": `k-${name}-${Date.now()}` },
        body: { dropId: drop.id, quantity: 1, paymentMethodId: "pm_card_ok" },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await expect
      .poll(() => page.getByTestId("stock-available").textContent(), { timeout: 5_000 })
      .toBe("Sold out");
    expect(await page.getByTestId("buy").isDisabled()).toBe(true);
    await expectNoHorizontalOverflow(page);
    await page.getByTestId("buybox").scrollIntoViewIfNeeded();
    await shot(page, "drop-states-390");
    // The 402 and 409 answers themselves are logged by Chromium as failed requests; nothing else may be.
    w.expectNoErrors([/Failed to load resource: the server responded with a status of (402|409)/]);
    await w.context.close();
  });

  it("pays for a reserved order, and cancels another, from My orders", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Tala Knits");
    const product = await apiProduct(base, creator.token, "Wool Beanie", 2_800);
    const drop = await apiDrop(base, creator.token, product.id, { startsInMs: -1_000, stock: 10 });
    const buyer = await apiUser(base, "Pia Buyer");
    const reserve = async (key: string) => {
      const r = await http(base, "POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": `${key}-${Date.now()}` },
        body: { dropId: drop.id, quantity: 1 },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.data.order.status).toBe("pending_payment");
      return r.data.order.id as string;
    };
    const first = await reserve("pay");
    const second = await reserve("cancel");
    const w = await openWindow(browser, {
      width: 390,
      height: 844,
      session: { token: buyer.token, user: buyer.user },
    });
    const { page } = w;

    await page.goto(`${base}/orders`);
    await expect.poll(() => page.getByTestId("order-row").count()).toBe(2);
    await page.locator(`a[href="/orders/${first}"]`).click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Awaiting payment");
    await page.getByLabel("Pay with (test mode)").selectOption("pm_card_ok");
    await page.getByRole("button", { name: /^Pay / }).click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Confirmed");
    await shot(page, "order-detail-390");

    await page.goto(`${base}/orders/${second}`);
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Awaiting payment");
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("cancel-order").click();
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Cancelled");
    // The drop's stock (served at most 1 s old) shows one sold and the cancelled unit back.
    await expect
      .poll(async () => (await http(base, "GET", `/api/drops/${drop.id}`)).data.stock, { timeout: 5_000 })
      .toMatchObject({ sold: 1, reserved: 0, available: 9 });
    await expectNoHorizontalOverflow(page);
    w.expectNoErrors();
    await w.context.close();
  });

  it("reconnects to /push by itself after the connection drops, and still delivers what happened meanwhile", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Rhea Ceramics");
    const product = await apiProduct(base, creator.token, "Speckled Mug", 3_200);
    const drop = await apiDrop(base, creator.token, product.id, { startsInMs: 4_000, stock: 10 });
    const fan = await apiUser(base, "Rio Fan");
    expect((await http(base, "PUT", `/api/creators/${creator.id}/follow`, { token: fan.token })).status).toBe(
      200,
    );

    const sockets: import("node:stream").Duplex[] = [];
    const onUpgrade = (_req: unknown, socket: import("node:stream").Duplex) => sockets.push(socket);
    stack.app.server.on("upgrade", onUpgrade);

    const w = await openWindow(browser, { width: 1280, session: { token: fan.token, user: fan.user } });
    const { page } = w;
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator(".bell").getAttribute("data-push")).toBe("open");
    // On the home page the upcoming card counts down, then offers Buy the moment the drop opens.
    const card = page.getByTestId("drops-upcoming").locator(".drop-card").filter({ hasText: "Speckled Mug" });
    await card.getByText(/Starts in \d\d:\d\d/).waitFor();
    await page
      .getByTestId("toast")
      .filter({ hasText: "Speckled Mug is live now" })
      .waitFor({ timeout: 15_000 });
    // ...and the card moves to "Live now" with a Buy button, at once.
    await page
      .getByTestId("drops-live")
      .getByRole("link", { name: "Buy Speckled Mug" })
      .waitFor({ timeout: 5_000 });

    // Record every state the connection goes through, then cut it from the server side.
    await page.evaluate(() => {
      const bell = document.querySelector(".bell") as HTMLElement;
      const states: string[] = [];
      (window as any).__pushStates = states;
      new MutationObserver(() => states.push(bell.dataset.push ?? "")).observe(bell, { attributes: true });
    });
    for (const s of sockets.splice(0)) s.destroy();

    // An order confirmed while the socket is down still reaches the page.
    const r = await http(base, "POST", "/api/orders", {
      token: fan.token,
      headers: { "idempotency-key": `reconnect-${Date.now()}` },
      body: { dropId: drop.id, quantity: 1, paymentMethodId: "pm_card_ok" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await page.getByTestId("toast").filter({ hasText: "Order confirmed" }).waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.locator(".bell").getAttribute("data-push"), { timeout: 15_000 })
      .toBe("open");
    const states = (await page.evaluate(() => (window as any).__pushStates)) as string[];
    expect(states).toContain("closed");
    expect(states.at(-1)).toBe("open");
    expect(sockets.length, "a new WebSocket was opened").toBeGreaterThanOrEqual(1);

    stack.app.server.off("upgrade", onUpgrade);
    w.expectNoErrors();
    await w.context.close();
  });
});
