import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prefersHtml } from "../src/http/seed-aliases.js";
import { call, insertDrop, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/** The seeds' requests, sent as the seed documents write them. */
let t: TestApp;
let creator: TestUser & { handle: string };

const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const JSON_ONLY = { accept: "application/json" };

beforeAll(async () => {
  t = await createTestApp();
  creator = await registerCreator(t.app);
});
afterAll(() => t.close());

describe("seed 000's REST fallbacks", () => {
  it("GET /drops?status=live&limit=20&after= answers the same JSON as /api/drops; a browser gets the app", async () => {
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 3 });
    const url = "/drops?status=live&limit=20&after=";
    for (const headers of [JSON_ONLY, {}, { accept: "*/*" }]) {
      const res = await call(t.app, "GET", url, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(res.headers["content-type"]).toMatch(/application\/json/);
      expect(res.headers.vary).toMatch(/accept/i);
      expect(res.body.data.items.map((d: { id: string }) => d.id)).toContain(dropId);
    }
    const twin = await call(t.app, "GET", "/api/drops?status=live&limit=20&after=");
    expect((await call(t.app, "GET", url, { headers: JSON_ONLY })).body).toEqual(twin.body);

    // The same validation as the twin: a bad status is its 400, not the app's page.
    const bad = await call(t.app, "GET", "/drops?status=soon", { headers: JSON_ONLY });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");

    const page = await t.app.inject({ method: "GET", url, headers: { accept: BROWSER } });
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).not.toContain('"success"');
  });

  it("GET /creators/:id/followers?limit=20&after= lists followers as JSON", async () => {
    const fan = await registerUser(t.app);
    const follow = await call(t.app, "POST", "/api/followers", {
      token: fan.token,
      body: { creatorId: creator.id },
    });
    expect(follow.status).toBe(200);
    const url = `/creators/${creator.id}/followers?limit=20&after=`;
    const res = await call(t.app, "GET", url, { headers: JSON_ONLY });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.items.map((f: { id: string }) => f.id)).toContain(fan.id);
    expect(res.body).toEqual((await call(t.app, "GET", `/api${url}`)).body);
    const missing = await call(t.app, "GET", `/creators/${randomUUID()}/followers?limit=20&after=`);
    expect(missing.status).toBe(404);
    const page = await t.app.inject({ method: "GET", url, headers: { accept: BROWSER } });
    expect(page.headers["content-type"]).toMatch(/text\/html/);
  });

  it("POST /orders with Idempotency-Key and { dropId, qty, paymentMethodId } confirms, and replays", async () => {
    const buyer = await registerUser(t.app);
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 2 });
    const key = randomUUID();
    const body = { dropId, qty: 1, paymentMethodId: "pm_card_ok" };
    const send = (url: string) =>
      call(t.app, "POST", url, {
        token: buyer.token,
        body,
        headers: { "idempotency-key": key, ...JSON_ONLY },
      });
    const first = await send("/orders");
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.data.order).toMatchObject({ dropId, quantity: 1, status: "confirmed" });
    expect(first.body.data.stock.available).toBe(1);
    // One operation under two paths: the key's answer is the same on both, and stock moved once.
    for (const url of ["/orders", "/api/orders"]) {
      const again = await send(url);
      expect(again.status).toBe(201);
      expect(again.body.data.order.id).toBe(first.body.data.order.id);
    }
    expect((await t.services.orders.checkInvariants()).problems).toEqual([]);

    const noKey = await call(t.app, "POST", "/orders", { token: buyer.token, body });
    expect(noKey.body.error.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
    const anon = await call(t.app, "POST", "/orders", { body, headers: { "idempotency-key": randomUUID() } });
    expect(anon.status).toBe(401);
  });

  it("documents each fallback as an operation of its own with the twin's schema", async () => {
    const doc = (await call(t.app, "GET", "/docs/json")).body;
    const ops = [
      [doc.paths["/drops"]?.get, doc.paths["/api/drops"]?.get],
      [doc.paths["/creators/{id}/followers"]?.get, doc.paths["/api/creators/{id}/followers"]?.get],
      [doc.paths["/orders"]?.post, doc.paths["/api/orders"]?.post],
    ];
    for (const [alias, twin] of ops) {
      expect(alias?.operationId).toMatch(/Seed$/);
      expect(alias.summary).toBeTruthy();
      expect(alias.parameters).toEqual(twin.parameters);
      expect(alias.responses).toEqual(twin.responses);
      expect(alias.requestBody).toEqual(twin.requestBody);
    }
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((p) => Object.values(p).map((op) => op.operationId))
      .filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("ranks HTML over JSON only when the Accept header does", () => {
    expect(prefersHtml(BROWSER)).toBe(true);
    expect(prefersHtml("text/html")).toBe(true);
    expect(prefersHtml("application/json;q=0.5, text/html")).toBe(true);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml("*/*")).toBe(false);
    expect(prefersHtml("application/json")).toBe(false);
    expect(prefersHtml("application/json, text/html")).toBe(false);
    expect(prefersHtml("text/html;q=0.5, application/*")).toBe(false);
    expect(prefersHtml("text/html;q=0, */*")).toBe(false);
  });
});

describe("seed 003's followers and creator profile", () => {
  it("POST/DELETE /api/followers take { userId, creatorId } when userId is the caller", async () => {
    const fan = await registerUser(t.app);
    const body = { userId: fan.id, creatorId: creator.id };
    const follow = await call(t.app, "POST", "/api/followers", { token: fan.token, body });
    expect(follow.status, JSON.stringify(follow.body)).toBe(200);
    expect(follow.body.data).toEqual({ creatorId: creator.id, following: true });
    expect((await call(t.app, "GET", `/api/users/${fan.id}/following/${creator.id}`)).status).toBe(200);

    const unfollow = await call(t.app, "DELETE", "/api/followers", { token: fan.token, body });
    expect(unfollow.status).toBe(200);
    expect(unfollow.body.data).toEqual({ creatorId: creator.id, following: false });
    expect((await call(t.app, "GET", `/api/users/${fan.id}/following/${creator.id}`)).status).toBe(404);
  });

  it("refuses another user's userId with 403 and changes nothing", async () => {
    const fan = await registerUser(t.app);
    const other = await registerUser(t.app);
    const body = { userId: other.id, creatorId: creator.id };
    for (const method of ["POST", "DELETE"] as const) {
      const res = await call(t.app, method, "/api/followers", { token: fan.token, body });
      expect(res.status, method).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    for (const who of [fan, other]) {
      expect((await call(t.app, "GET", `/api/users/${who.id}/following/${creator.id}`)).status).toBe(404);
    }
    const malformed = await call(t.app, "POST", "/api/followers", {
      token: fan.token,
      body: { userId: "me", creatorId: creator.id },
    });
    expect(malformed.status).toBe(400);
  });

  it("the owner edits their creator profile by id or as /me; others get 403, a taken handle 409", async () => {
    const owner = await registerCreator(t.app);
    const edit = await call(t.app, "PUT", `/api/creators/${owner.id}`, {
      token: owner.token,
      body: { displayName: "  Nova  ", bio: "Sneakers at dawn" },
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.data).toMatchObject({ id: owner.id, handle: owner.handle, displayName: "Nova" });
    const handle = `n_${owner.id.slice(0, 8)}`;
    const me = await call(t.app, "PUT", "/api/creators/me", { token: owner.token, body: { handle } });
    expect(me.status).toBe(200);
    const shown = await call(t.app, "GET", `/api/creators/${owner.id}`);
    expect(shown.body.data).toMatchObject({ handle, displayName: "Nova", bio: "Sneakers at dawn" });

    const someoneElse = await call(t.app, "PUT", `/api/creators/${owner.id}`, {
      token: creator.token,
      body: { bio: "mine now" },
    });
    expect(someoneElse.status).toBe(403);
    expect(someoneElse.body.error.code).toBe("FORBIDDEN");

    const taken = await call(t.app, "PUT", "/api/creators/me", {
      token: owner.token,
      body: { handle: creator.handle.toUpperCase() },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("HANDLE_TAKEN");
    expect((await call(t.app, "GET", `/api/creators/${owner.id}`)).body.data.handle).toBe(handle);

    const empty = await call(t.app, "PUT", "/api/creators/me", { token: owner.token, body: {} });
    expect(empty.status).toBe(400);
    const plain = await registerUser(t.app);
    const none = await call(t.app, "PUT", "/api/creators/me", { token: plain.token, body: { bio: "x" } });
    expect(none.status).toBe(404);
  });
});
