import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Challenge, solve } from "../altcha.js";
import {
  apiCreator,
  apiProduct,
  apiUser,
  http,
  launch,
  openWindow,
  type Stack,
  shot,
  startStack,
} from "./browser.js";

/**
 * Fair drops from a buyer's side, in Chromium: the waiting room of a bot-protected drop
 * (the page solves the proof of work in a Web Worker), a raffle with its verifiable draw,
 * and the creator's form that schedules both.
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  // A small proof of work: the browser still solves it in its worker, in a few milliseconds.
  stack = await startStack({ CHALLENGE_MAX_NUMBER: "5000" });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
const iso = (t: number) => new Date(t).toISOString();

/** Solves a challenge as the browser does, with node's SHA-256 (for the API-only crowd). */
async function solved(base: string): Promise<string> {
  return solve((await http(base, "GET", "/api/challenge")).body as Challenge);
}

async function createDrop(token: string, body: Record<string, unknown>) {
  const r = await http(stack.url, "POST", "/api/drops", { token, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.data as { id: string; startsAt: string; drawCommitment?: string };
}

const ticketText = (page: Page) => page.getByTestId("queue-ticket").innerText();

describe("fair drops in a real browser", () => {
  it("waiting room with bot defence: join before the start, a place in line, admitted, one order per pass", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Queue Works");
    const product = await apiProduct(base, creator.token, "Hype Sneaker");
    const startsAt = Date.now() + 9_000;
    const drop = await createDrop(creator.token, {
      productId: product.id,
      startsAt: iso(startsAt),
      endsAt: iso(startsAt + 30 * 60_000),
      initialStock: 10,
      perUserLimit: 2,
      access: "queue",
      botProtection: true,
      admitPerSecond: 1,
    });

    // A crowd joins through the API before the start (each with a solved challenge).
    const crowd = await Promise.all([1, 2, 3].map((i) => apiUser(base, `Crowd ${i}`)));
    for (const c of crowd) {
      const r = await http(base, "POST", `/api/drops/${drop.id}/queue`, {
        token: c.token,
        headers: { "x-challenge": await solved(base) },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    // Buyer A joins from the page before the start: no place yet, the draw comes at the start.
    const a = await apiUser(base, "Ada");
    const wa = await openWindow(browser, { session: { token: a.token, user: a.user } });
    await wa.page.goto(`${base}/drops/${drop.id}`);
    await wa.page.getByTestId("join-queue").click();
    await wa.page.locator('[data-testid="queue-ticket"][data-state="waiting"]').waitFor();
    expect(await ticketText(wa.page)).toMatch(/You're in line[\s\S]*random place in line at the start/);
    await shot(wa.page, "queue-waiting-before-start");
    expect(Date.now()).toBeLessThan(startsAt);

    // Just after the start, buyer B joins late: a fixed place behind the four who came early,
    // with those still waiting ahead (one is let in a second) and an estimate.
    const b = await apiUser(base, "Ben");
    const wb = await openWindow(browser, { session: { token: b.token, user: b.user } });
    await wb.page.goto(`${base}/drops/${drop.id}`);
    await wb.page.getByTestId("join-queue").waitFor();
    await sleepUntil(startsAt + 200);
    await wb.page.getByTestId("join-queue").click();
    await wb.page.locator('[data-testid="queue-ticket"][data-state="waiting"]').waitFor();
    const line = (await ticketText(wb.page)).match(/Place (\d+) · (\d+) ahead of you · about (\d+) s/);
    expect(line, await ticketText(wb.page)).not.toBeNull();
    const [, place, ahead, eta] = (line ?? []).map(Number);
    expect(place).toBe(5);
    expect(ahead).toBeGreaterThanOrEqual(1);
    expect(eta).toBe((ahead ?? 0) + 1);
    await shot(wb.page, "queue-waiting");

    // A is admitted in its turn (at most four seconds at one a second): the panel becomes the buy box.
    await wa.page.getByTestId("queue-admitted").waitFor({ timeout: 15_000 });
    await wa.page.getByTestId("buy").waitFor();
    await shot(wa.page, "queue-admitted");
    const aTicket = await http(base, "GET", `/api/drops/${drop.id}/queue/me`, { token: a.token });
    expect(aTicket.data.position).toBeLessThan(5);

    // A second tab of A's, admitted with the same pass, stays open while A buys in the first.
    const tab2 = await wa.context.newPage();
    const tab2Errors: string[] = [];
    tab2.on("console", (m) => m.type() === "error" && tab2Errors.push(m.text()));
    await tab2.goto(`${base}/drops/${drop.id}`);
    await tab2.getByTestId("queue-admitted").waitFor();

    await wa.page.getByTestId("buy").click();
    await wa.page.getByTestId("order-confirmed").waitFor();
    // The pass is spent: this tab says so and offers no second order with it.
    await wa.page.getByTestId("queue-used").waitFor();
    expect(await wa.page.getByTestId("buy").isDisabled()).toBe(true);
    await shot(wa.page, "queue-bought");

    // The other tab tries anyway: refused, and the page says why.
    await tab2.getByTestId("buy").click();
    const refused = tab2.getByTestId("order-error");
    await refused.waitFor();
    expect(await refused.getAttribute("data-code")).toBe("PASS_USED");
    expect(await refused.innerText()).toMatch(/Pass already used/);
    await tab2.getByTestId("queue-used").waitFor();
    expect(await tab2.getByTestId("buy").isDisabled()).toBe(true);
    await shot(tab2, "queue-pass-used");
    // The only error is the refusal the test provoked.
    expect(tab2Errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
    const orders = await http(base, "GET", `/api/users/${a.id}/orders`, { token: a.token });
    expect(orders.data.items.filter((o: { status: string }) => o.status === "confirmed")).toHaveLength(1);

    // B's turn comes too, behind A.
    await wb.page.getByTestId("queue-admitted").waitFor({ timeout: 15_000 });
    const bTicket = await http(base, "GET", `/api/drops/${drop.id}/queue/me`, { token: b.token });
    expect(bTicket.data.position).toBe(5);

    wa.expectNoErrors();
    wb.expectNoErrors();
    await wa.context.close();
    await wb.context.close();
  });

  it("raffle: two enter from the page, one wins, the draw verifies in the browser, only the winner buys", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Raffle Works");
    const product = await apiProduct(base, creator.token, "Signed Print");
    const closeAt = Date.now() + 8_000;
    const startsAt = closeAt + 3_000;
    const drop = await createDrop(creator.token, {
      productId: product.id,
      startsAt: iso(startsAt),
      endsAt: iso(startsAt + 30 * 60_000),
      initialStock: 1,
      perUserLimit: 1,
      access: "raffle",
      entriesCloseAt: iso(closeAt),
      botProtection: true,
    });

    const people = await Promise.all(["Cleo", "Dan"].map((n) => apiUser(base, n)));
    const windows = await Promise.all(
      people.map((p) => openWindow(browser, { session: { token: p.token, user: p.user } })),
    );
    for (const w of windows) {
      await w.page.goto(`${base}/drops/${drop.id}`);
      await w.page.getByTestId("raffle-enter").click();
      await w.page.locator('[data-testid="raffle-state"][data-state="entered"]').waitFor();
    }
    expect(await windows[0]?.page.getByTestId("raffle-panel").innerText()).toContain(drop.drawCommitment);
    await shot(windows[0]!.page, "raffle-entered");

    // The draw runs when entries close; each page learns its outcome by itself.
    const outcome = async (page: Page) => {
      const state = page.locator(
        '[data-testid="raffle-state"][data-state="won"], [data-testid="raffle-state"][data-state="lost"]',
      );
      await state.waitFor({ timeout: 20_000 });
      return state.getAttribute("data-state");
    };
    const states = await Promise.all(windows.map((w) => outcome(w.page)));
    expect([...states].sort()).toEqual(["lost", "won"]);
    const winner = windows[states.indexOf("won")]!;
    const loser = windows[states.indexOf("lost")]!;

    // Anyone can check the draw: SHA-256(seed) is the commitment, the ranking is the HMACs' order.
    await winner.page.getByRole("button", { name: "Verify the draw" }).click();
    const result = winner.page.getByTestId("verify-result");
    await result.waitFor();
    expect(await result.getAttribute("data-ok")).toBe("true");
    expect(await result.innerText()).toMatch(/matches the commitment[\s\S]*ranking of 2 entries matches/);
    await result.scrollIntoViewIfNeeded();
    await shot(winner.page, "raffle-verified");

    // From the start the loser's buy box says winners only; the winner buys (the page solves the bot check).
    await sleepUntil(startsAt + 200);
    const only = loser.page.getByTestId("buybox").getByTestId("raffle-only");
    await only.waitFor({ timeout: 10_000 });
    expect(await only.innerText()).toMatch(/Raffle winners only/);
    expect(await loser.page.getByTestId("buy").isDisabled()).toBe(true);
    await only.scrollIntoViewIfNeeded();
    await shot(loser.page, "raffle-loser");
    await winner.page.getByTestId("buy").click();
    await winner.page.getByTestId("order-confirmed").waitFor({ timeout: 10_000 });
    await winner.page
      .locator('[data-testid="raffle-state"][data-state="claimed"]')
      .waitFor({ timeout: 10_000 });
    await shot(winner.page, "raffle-winner-bought");

    for (const w of windows) {
      w.expectNoErrors();
      await w.context.close();
    }
  });

  it("the creator's form schedules a waiting-room drop with bot protection, and a raffle", async () => {
    const base = stack.url;
    const creator = await apiCreator(base, "Form Works");
    await apiProduct(base, creator.token, "Form Hoodie");
    const w = await openWindow(browser, { session: { token: creator.token, user: creator.user } });
    const { page } = w;
    await page.goto(`${base}/dashboard`);
    const form = page.getByRole("form", { name: "Schedule a drop" });
    await form.waitFor();

    await form.getByLabel("Access").selectOption("queue");
    await form.getByLabel("Let in per second").fill("7");
    await form.getByLabel(/Bot protection/).check();
    await form.getByTestId("schedule-drop").click();
    await page.getByTestId("dash-notice").filter({ hasText: "Scheduled Form Hoodie" }).waitFor();

    const upcoming = async () =>
      (await http(base, "GET", `/api/drops?status=upcoming&creatorId=${creator.id}`)).data.items as Record<
        string,
        unknown
      >[];
    const [queued] = await upcoming();
    expect(queued).toMatchObject({ access: "queue", botProtection: true, admitPerSecond: 7 });

    // A raffle: entries close an hour before the start, winners have 30 minutes.
    await page.reload();
    await form.waitFor();
    await form.getByLabel("Access").selectOption("raffle");
    await form.getByLabel("Entries close").selectOption("60");
    await form.getByLabel("Winners have").selectOption("30");
    await form.getByLabel("Starts at").fill(
      await page.evaluate(() => {
        const d = new Date(Date.now() + 3 * 3_600_000);
        const pad = (n: number) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
      }),
    );
    await form.getByTestId("schedule-drop").click();
    await page.getByTestId("dash-notice").filter({ hasText: "Scheduled Form Hoodie" }).waitFor();
    await expect.poll(async () => (await upcoming()).length).toBe(2);
    const raffle = (await upcoming()).find((d) => d.id !== queued?.id) as {
      access: string;
      startsAt: string;
      entriesCloseAt: string;
      claimTtlSeconds: number;
      botProtection: boolean;
    };
    expect(raffle).toMatchObject({ access: "raffle", claimTtlSeconds: 1_800, botProtection: false });
    expect(Date.parse(raffle.startsAt) - Date.parse(raffle.entriesCloseAt)).toBe(3_600_000);
    await shot(page, "dashboard-raffle-form");

    w.expectNoErrors();
    await w.context.close();
  });
});
