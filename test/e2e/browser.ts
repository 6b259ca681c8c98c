import { existsSync, mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { loadConfig } from "../../src/config.js";
import { WEB_DIST } from "../../src/http/web.js";
import { type Running, startServer } from "../../src/server.js";
import { startWorker } from "../../src/worker.js";
import { http } from "../factories.js";
import { isolatedEnv } from "../harness.js";

export { http };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = "test-results/e2e";

/** The whole server on the embedded default, listening on a free port, with its worker (scheduler, relay, fan-out). */
export async function startStack(extra: Record<string, string> = {}) {
  const { env, dropSchema } = await isolatedEnv({
    HOST: "127.0.0.1",
    PORT: "0",
    SCHEDULER_RESCAN_MS: "200",
    ...extra,
  });
  const running: Running = await startServer(loadConfig(env));
  const worker = await startWorker(running.infra, running.services);
  return {
    ...running,
    async stop() {
      await worker.stop();
      await running.close();
      await dropSchema();
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export async function apiUser(base: string, name = "Buyer") {
  const email = `e2e_${unique()}@example.com`;
  const r = await http(base, "POST", "/api/auth/register", {
    body: { name, email, password: "correct horse battery" },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.data.user.id as string, token: r.data.token as string, email, user: r.data.user };
}

export async function apiCreator(base: string, displayName: string) {
  const u = await apiUser(base, displayName);
  const handle = `c_${unique()}`;
  const r = await http(base, "POST", "/api/creators", {
    token: u.token,
    body: { handle, displayName, bio: "Limited pieces." },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { ...u, handle, user: { ...u.user, isCreator: true } };
}

export async function apiProduct(base: string, token: string, title: string, priceCents = 4_900) {
  const r = await http(base, "POST", "/api/products", {
    token,
    body: { title, description: `${title}, made in a small batch.`, priceCents, currency: "USD" },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.data as { id: string; title: string };
}

export async function apiDrop(
  base: string,
  token: string,
  productId: string,
  o: { startsInMs: number; durationMs?: number; stock?: number; perUserLimit?: number | null },
) {
  const start = Date.now() + o.startsInMs;
  const r = await http(base, "POST", "/api/drops", {
    token,
    body: {
      productId,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + (o.durationMs ?? 30 * 60_000)).toISOString(),
      initialStock: o.stock ?? 20,
      lowStockThreshold: 3,
      perUserLimit: o.perUserLimit === undefined ? 5 : o.perUserLimit,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.data as { id: string; startsAt: string };
}

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  if (!existsSync(`${WEB_DIST}index.html`)) throw new Error("The web app is not built: npm run build:web");
  return chromium.launch({
    executablePath: CHROMIUM,
    // Playwright gives every launch a fresh, empty user data dir of its own.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Stands in for a product photo from an image host (this machine has no internet). */
const PLACEHOLDER = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fde68a"/><stop offset="1" stop-color="#f472b6"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#g)"/><circle cx="400" cy="430" r="210" fill="#fff" opacity="0.35"/>
<rect x="250" y="330" width="300" height="200" rx="40" fill="#1f2937" opacity="0.8"/></svg>`;

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions so far. */
  errors: string[];
  /** Fail unless the page logged no error (optionally ignoring some that the test provoked). */
  expectNoErrors(allowed?: RegExp[]): void;
}

/**
 * A new browser window (its own context: separate storage, like another person) that
 * records every console error. Images from other hosts are answered with a local
 * placeholder, since this machine has no internet; everything else goes to the server.
 */
export async function openWindow(
  browser: Browser,
  o: { width?: number; height?: number; session?: { token: string; user: unknown } } = {},
): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: o.width ?? 1280, height: o.height ?? 900 } });
  if (o.session) {
    await context.addInitScript((s) => {
      if (!localStorage.getItem("livedrop.session")) localStorage.setItem("livedrop.session", s);
    }, JSON.stringify(o.session));
  }
  await context.route(
    (url) => url.hostname !== "127.0.0.1" && url.hostname !== "localhost",
    (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: PLACEHOLDER }),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return {
    context,
    page,
    errors,
    expectNoErrors(allowed = []) {
      const left = errors.filter((e) => !allowed.some((re) => re.test(e)));
      expect(left, "browser console errors").toEqual([]);
    },
  };
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // From the top, so the sticky header is drawn where a person sees it.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** Nothing sticks out sideways: the page is no wider than the window. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, "page wider than the window").toBeLessThanOrEqual(inner);
}
