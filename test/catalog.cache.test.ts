import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { closeInfra, createInfra, type Infra } from "../src/infra/index.js";
import { PRODUCT_TTL_MS, STOCK_TTL_MS } from "../src/modules/catalog/catalog.reads.js";
import { createServices } from "../src/services.js";
import { ManualClock } from "../src/shared/clock.js";
import { call, iso, newDrop, newProduct, registerCreator, type TestUser } from "./factories.js";
import { createTestApp, type TestApp, usingServices } from "./harness.js";
import { waitFor } from "./push.client.js";

const MIN = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The cache's TTLs run on this clock, which only the tests move: an entry is retired by
// a moved clock or an invalidation, never by how long a slow machine took.
const clock = new ManualClock(Date.now());
let t: TestApp;
let nova: TestUser;
let productId: string;

const liveDrop = async (initialStock = 50) => {
  const now = clock.now().getTime();
  const d = await newDrop(t.app, nova, {
    productId,
    startsAt: iso(now - MIN),
    endsAt: iso(now + 30 * MIN),
    initialStock,
  });
  return d.id as string;
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  nova = await registerCreator(t.app);
  productId = await newProduct(t.app, nova, { title: "Cached thing", priceCents: 100, currency: "GBP" });
});
afterAll(() => t.close());

describe("the drop read path", () => {
  it("reflects stock changes made outside the app once the stock TTL has passed", async () => {
    const id = await liveDrop(50);
    const stock = async () => (await call(t.app, "GET", `/api/drops/${id}`)).body.data.stock;
    expect(await stock()).toEqual({ initial: 50, available: 50, reserved: 0, sold: 0 });
    await t.infra.db.query(
      "update drop_inventory set available = available - 5, reserved = reserved + 2, sold = sold + 3 where drop_id = $1",
      [id],
    );
    clock.advance(STOCK_TTL_MS);
    expect(await stock()).toEqual({ initial: 50, available: 45, reserved: 2, sold: 3 });
    const list = await call(t.app, "GET", `/api/drops?status=live&creatorId=${nova.id}&limit=100`);
    expect(list.body.data.items.find((d: any) => d.id === id).stock.available).toBe(45);
  });

  it("shows soldOut once nothing is available", async () => {
    const id = await liveDrop(2);
    await t.infra.db.query("update drop_inventory set available = 0, sold = 2 where drop_id = $1", [id]);
    clock.advance(STOCK_TTL_MS);
    expect((await call(t.app, "GET", `/api/drops/${id}`)).body.data.soldOut).toBe(true);
  });

  it("serves an edit on the next read and answers 304 for an unchanged ETag", async () => {
    const now = clock.now().getTime();
    const created = await call(t.app, "POST", "/api/drops", {
      token: nova.token,
      body: { productId, startsAt: iso(now + 10 * MIN), endsAt: iso(now + 20 * MIN), initialStock: 5 },
    });
    const id = created.body.data.id;
    const first = await call(t.app, "GET", `/api/drops/${id}`);
    const list = await call(t.app, "GET", `/api/drops?status=upcoming&creatorId=${nova.id}`);
    expect(list.body.data.items.map((d: any) => d.id)).toContain(id);
    const etag = first.headers.etag as string;
    const same = await call(t.app, "GET", `/api/drops/${id}`, { headers: { "if-none-match": etag } });
    expect(same.status).toBe(304);

    const put = await call(t.app, "PUT", `/api/drops/${id}`, {
      token: nova.token,
      body: { initialStock: 9 },
    });
    expect(put.status).toBe(200);
    const after = await call(t.app, "GET", `/api/drops/${id}`, { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.body.data.stock.initial).toBe(9);
    const listAfter = await call(t.app, "GET", `/api/drops?status=upcoming&creatorId=${nova.id}`);
    expect(listAfter.body.data.items.find((d: any) => d.id === id).stock.initial).toBe(9);
  });

  it("counts cache hits and misses in /metrics", async () => {
    const id = await liveDrop();
    for (let i = 0; i < 5; i++) expect((await call(t.app, "GET", `/api/drops/${id}`)).status).toBe(200);
    const text = (await call(t.app, "GET", "/metrics", { token: t.config.internalToken })).body as string;
    const value = (result: string) =>
      Number(
        text.match(new RegExp(`cache_requests_total\\{cache="drop",result="${result}"\\} (\\d+)`))?.[1] ?? 0,
      );
    expect(value("miss")).toBeGreaterThanOrEqual(1);
    expect(value("hit")).toBeGreaterThanOrEqual(4);
  });
});

describe("invalidation across processes", () => {
  let other: FastifyInstance;
  let otherInfra: Infra | undefined;

  beforeAll(async () => {
    // A second server on the same stores: with services, its own connections to the same
    // schema, Redis namespace and NATS stream; embedded, the same in-process stores. Either
    // way its response cache is its own and only the bus can tell it about a write.
    otherInfra = usingServices() ? await createInfra(t.config, { migrate: false, clock }) : undefined;
    const infra = otherInfra ?? t.infra;
    other = await buildApp(infra, createServices(infra));
    await other.ready();
  });
  afterAll(async () => {
    await other.close();
    if (otherInfra) await closeInfra(otherInfra);
  });

  it("a write in one process retires cached pages in another", async () => {
    const title = async () => (await call(other, "GET", `/api/products/${productId}`)).body.data.title;
    const page = async () =>
      (await call(other, "GET", `/api/creators/${nova.id}/products`)).body.data.items.map(
        (p: any) => p.title,
      );
    expect(await title()).toBe("Cached thing");
    expect(await page()).toContain("Cached thing");
    await sleep(100); // let the second process's bus subscription settle
    const put = await call(t.app, "PUT", `/api/products/${productId}`, {
      token: nova.token,
      body: { title: "Renamed thing" },
    });
    expect(put.status).toBe(200);
    // Well inside the product TTL: only the invalidation can bring the new title.
    await waitFor(async () => (await title()) === "Renamed thing", PRODUCT_TTL_MS / 3, "the new title");
    expect(await page()).toContain("Renamed thing");
  });
});
