import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, registerCreator, registerUser, type TestUser, walk } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
let nova: TestUser;
let kai: TestUser;
let fan: TestUser;

const product = (over: Record<string, unknown> = {}) => ({
  title: "Plain tee",
  description: "Cotton tee.",
  priceCents: 2500,
  currency: "USD",
  imageUrls: ["https://img.example.com/tee.jpg"],
  ...over,
});

const create = async (who: TestUser, over: Record<string, unknown> = {}) => {
  const res = await call(t.app, "POST", "/api/products", { token: who.token, body: product(over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
};

beforeAll(async () => {
  t = await createTestApp();
  nova = await registerCreator(t.app);
  kai = await registerCreator(t.app);
  fan = await registerUser(t.app);
});
afterAll(() => t.close());

describe("product writes", () => {
  it("lets a creator create a product and anyone read it", async () => {
    const p = await create(nova, { title: "Aurora Runner", priceCents: 18900 });
    expect(p).toMatchObject({
      creatorId: nova.id,
      title: "Aurora Runner",
      priceCents: 18900,
      currency: "USD",
    });
    const res = await call(t.app, "GET", `/api/products/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(p);
  });

  it("refuses product writes from a user who is not a creator", async () => {
    const res = await call(t.app, "POST", "/api/products", { token: fan.token, body: product() });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect((await call(t.app, "POST", "/api/products", { body: product() })).status).toBe(401);
  });

  it("refuses changes to another creator's product", async () => {
    const p = await create(nova);
    const put = await call(t.app, "PUT", `/api/products/${p.id}`, {
      token: kai.token,
      body: { title: "Mine" },
    });
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe("FORBIDDEN");
    const del = await call(t.app, "DELETE", `/api/products/${p.id}`, { token: kai.token });
    expect(del.status).toBe(403);
    expect((await call(t.app, "GET", `/api/products/${p.id}`)).body.data.title).toBe("Plain tee");
  });

  it("soft-deletes: the product disappears from reads and lists", async () => {
    const p = await create(nova, { title: "Short lived" });
    expect((await call(t.app, "GET", `/api/products/${p.id}`)).status).toBe(200);
    const del = await call(t.app, "DELETE", `/api/products/${p.id}`, { token: nova.token });
    expect(del.status).toBe(200);
    const get = await call(t.app, "GET", `/api/products/${p.id}`);
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe("NOT_FOUND");
    const mine = await walk(t.app, `/api/creators/${nova.id}/products`);
    expect(mine.map((x) => x.id)).not.toContain(p.id);
  });

  it.each([
    ["an unknown currency", { currency: "ABC" }, "/currency"],
    ["a lower-case currency", { currency: "usd" }, "/currency"],
    ["a negative price", { priceCents: -1 }, "/priceCents"],
    ["a fractional price", { priceCents: 10.5 }, "/priceCents"],
    ["a non-http image URL", { imageUrls: ["javascript:alert(1)"] }, "/imageUrls/0"],
    ["an ftp image URL", { imageUrls: ["ftp://example.com/a.jpg"] }, "/imageUrls/0"],
    [
      "eleven images",
      { imageUrls: Array.from({ length: 11 }, (_, i) => `https://x.dev/${i}.jpg`) },
      "/imageUrls",
    ],
    ["an empty title", { title: "  " }, "/title"],
    ["an unknown field", { colour: "red" }, "/"],
  ])("rejects %s with a 400 that says what is wrong", async (_name, over, path) => {
    const res = await call(t.app, "POST", "/api/products", { token: nova.token, body: product(over) });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    expect(JSON.stringify(res.body.error.details)).toContain(path === "/" ? "" : path.split("/")[1]);
  });

  it("answers a malformed id or cursor with a 400, never a 500", async () => {
    const bad = await call(t.app, "GET", "/api/products/not-a-uuid");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");
    for (const after of ["garbage", Buffer.from('["products", 5, "x"]').toString("base64url")]) {
      const res = await call(t.app, "GET", `/api/products?after=${after}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toBeDefined();
    }
  });
});

describe("product reads", () => {
  it("shows the change on the next read after an update, with a new ETag", async () => {
    const p = await create(nova, { title: "Before" });
    const first = await call(t.app, "GET", `/api/products/${p.id}`);
    const again = await call(t.app, "GET", `/api/products/${p.id}`);
    expect(again.headers.etag).toBe(first.headers.etag);
    const put = await call(t.app, "PUT", `/api/products/${p.id}`, {
      token: nova.token,
      body: { title: "After", priceCents: 999 },
    });
    expect(put.status).toBe(200);
    const after = await call(t.app, "GET", `/api/products/${p.id}`);
    expect(after.body.data).toMatchObject({ title: "After", priceCents: 999, description: "Cotton tee." });
    expect(after.headers.etag).not.toBe(first.headers.etag);
    const list = await call(t.app, "GET", `/api/creators/${nova.id}/products?limit=100`);
    expect(list.body.data.items.find((x: any) => x.id === p.id).title).toBe("After");
  });

  it("answers 304 when If-None-Match carries the current ETag", async () => {
    const p = await create(nova);
    const first = await call(t.app, "GET", `/api/products/${p.id}`);
    expect(first.headers.etag).toMatch(/^".+"$/);
    const cached = await call(t.app, "GET", `/api/products/${p.id}`, {
      headers: { "if-none-match": first.headers.etag as string },
    });
    expect(cached.status).toBe(304);
    expect(cached.body).toBe("");
    const stale = await call(t.app, "GET", `/api/products/${p.id}`, {
      headers: { "if-none-match": '"old"' },
    });
    expect(stale.status).toBe(200);
  });

  it("lists a creator's products newest first across pages, and 404s for a non-creator", async () => {
    const c = await registerCreator(t.app);
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await create(c, { title: `Item ${i}` })).id);
    const all = await walk(t.app, `/api/creators/${c.id}/products`, 3);
    expect(all.map((x) => x.id)).toEqual(made.reverse());
    expect((await call(t.app, "GET", `/api/creators/${fan.id}/products`)).status).toBe(404);
    const filtered = await walk(t.app, `/api/products?creatorId=${c.id}`, 2);
    expect(filtered.map((x) => x.id)).toEqual(made);
  });
});

describe("product search", () => {
  let lena: TestUser;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    lena = await registerCreator(t.app);
    const items = {
      vinylTitle: { title: "Night Drive vinyl", description: "Limited colour pressing with signed sleeve." },
      vinylDesc: { title: "Tour poster", description: "Poster from the vinyl release tour." },
      sneaker: { title: "Running sneakers", description: "Suede runner, hand finished." },
      other: { title: "Coffee mug", description: "Ceramic, 350 ml." },
    };
    for (const [k, v] of Object.entries(items)) ids[k] = (await create(lena, v)).id;
  });

  const search = async (query: string, extra = "") => {
    const res = await call(
      t.app,
      "GET",
      `/api/products?creatorId=${lena.id}&query=${encodeURIComponent(query)}${extra}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.items.map((x: any) => x.id);
  };

  it("finds words of the title or description, best match (title) first", async () => {
    expect(await search("vinyl")).toEqual([ids.vinylTitle, ids.vinylDesc]);
    expect(await search("ceramic")).toEqual([ids.other]);
  });

  it("matches prefixes for type-ahead, stemmed or as typed", async () => {
    expect(await search("vin")).toEqual([ids.vinylTitle, ids.vinylDesc]);
    expect(await search("runni")).toEqual([ids.sneaker]);
    expect(await search("sneaker")).toEqual([ids.sneaker]);
    expect(await search("night dri")).toEqual([ids.vinylTitle]);
    expect(await search("zebra")).toEqual([]);
  });

  it("pages a ranked search deterministically, and refuses its cursor for another query", async () => {
    const all = await walk(t.app, `/api/products?creatorId=${lena.id}&query=vinyl`, 1);
    expect(all.map((x) => x.id)).toEqual([ids.vinylTitle, ids.vinylDesc]);
    const first = await call(t.app, "GET", `/api/products?creatorId=${lena.id}&query=vinyl&limit=1`);
    const cursor = first.body.data.pageInfo.endCursor;
    const other = await call(t.app, "GET", `/api/products?creatorId=${lena.id}&query=mug&after=${cursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe("VALIDATION_ERROR");
  });
});
