import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, registerCreator, registerUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT_BYTES: "2048" } });
});
afterAll(() => t.close());

const raw = (method: "POST" | "PUT", url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { "content-type": "application/json", ...headers } });

describe("bad input gets a 4xx in the envelope and the server stays up", () => {
  it("malformed JSON", async () => {
    const res = await raw("POST", "/api/auth/register", '{"name": "x", ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR" } });
  });

  it("wrong types and unknown fields", async () => {
    const u = await registerUser(t.app);
    const wrongType = await call(t.app, "POST", "/api/followers", {
      token: u.token,
      body: { creatorId: 42 },
    });
    expect(wrongType.status).toBe(400);
    const extra = await call(t.app, "PUT", `/api/users/${u.id}`, { token: u.token, body: { isAdmin: true } });
    expect(extra.status).toBe(400);
    const empty = await call(t.app, "PUT", `/api/users/${u.id}`, { token: u.token, body: {} });
    expect(empty.status).toBe(400);
  });

  it("an empty body labelled JSON is no body: refused where a body is needed, fine where none is", async () => {
    const needsBody = await raw("POST", "/api/auth/register", "");
    expect(needsBody.statusCode).toBe(400);
    expect(needsBody.json()).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR" } });
    // What generated clients send on a body-less call.
    const fan = await registerUser(t.app);
    const creator = await registerCreator(t.app);
    const follow = await raw("PUT", `/api/creators/${creator.id}/follow`, "", {
      authorization: `Bearer ${fan.token}`,
    });
    expect(follow.statusCode, follow.body).toBe(200);
    expect(follow.json().data).toMatchObject({ creatorId: creator.id, following: true });
  });

  it("an oversized body is a 413", async () => {
    const res = await raw(
      "POST",
      "/api/auth/register",
      JSON.stringify({ name: "x".repeat(5000), email: "a@b.co", password: "long enough pw" }),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("a non-JSON content type is a 415", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: "email=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("ids that are not UUIDs, and unknown ids", async () => {
    for (const url of ["/api/users/123", "/api/creators/not-a-uuid", "/api/creators/x/followers"]) {
      const res = await call(t.app, "GET", url);
      expect(res.status, url).toBe(400);
      expect(res.body.success).toBe(false);
    }
    const unknown = await call(t.app, "GET", "/api/users/01a1fcf4-53e1-7378-8dfb-fe36b8633d15/following");
    expect(unknown.status).toBe(404);
  });

  it("unknown routes are a 404 in the envelope", async () => {
    const res = await call(t.app, "GET", "/api/nope?x=1");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      success: false,
      error: { code: "NOT_FOUND", message: "Route GET /api/nope not found" },
    });
  });

  it("survives a volley of garbage and still answers", async () => {
    const garbage = ["", "null", "[]", '"str"', "{{{{", "\u0000", '{"a":'.repeat(500)];
    const results = await Promise.all(garbage.map((g) => raw("POST", "/api/auth/login", g)));
    for (const r of results) {
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().success).toBe(false);
    }
    expect((await call(t.app, "GET", "/health/live")).status).toBe(200);
  });
});

describe("docs, health and metrics", () => {
  it("serves an OpenAPI document listing every API route, and a browsable UI", async () => {
    const doc = await call(t.app, "GET", "/docs/json");
    expect(doc.status).toBe(200);
    const documented = new Set(
      Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    // Every public and internal route the app registered is in the document.
    const routes = t.app.registeredRoutes
      .filter((r) => / \/(api|internal)\//.test(r))
      .map((r) => r.replace(/:(\w+)/g, "{$1}"));
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    for (const expected of ["POST /api/orders", "GET /api/drops", "POST /internal/inventory/reserve"]) {
      expect(documented.has(expected), expected).toBe(true);
    }
    const ui = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain("swagger");
  });

  it("reports liveness and readiness of database, cache and bus, and the load", async () => {
    expect((await call(t.app, "GET", "/health/live")).body).toEqual({ status: "ok" });
    const ready = await call(t.app, "GET", "/health/ready");
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks)).toHaveLength(4);
    expect(Object.values(ready.body.checks)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(ready.body.checks.load).toBe("ok");
  });

  it("exposes request counts, latency per route and status, follower-list latency and pool use", async () => {
    const c = await registerCreator(t.app);
    await call(t.app, "GET", `/api/creators/${c.id}/followers`);
    await call(t.app, "GET", "/api/creators/01a1fcf4-53e1-7378-8dfb-fe36b8633d15");
    const res = await t.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${t.config.internalToken}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/creators\/:id\/followers",status="200"\} 1/,
    );
    expect(res.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/creators\/:id",status="404"\} 1/,
    );
    expect(res.body).toContain("http_request_duration_seconds_bucket");
    expect(res.body).toMatch(/follower_list_duration_seconds_count\{list="followers"\} 1/);
    expect(res.body).toMatch(/db_pool_connections\{state="total"\} \d+/);
  });

  it("hides internal error details in a 500", async () => {
    const broken = await createTestApp();
    try {
      await broken.infra.db.query("drop table follow_counters");
      const c = await registerCreator(broken.app);
      const res = await call(broken.app, "GET", `/api/creators/${c.id}`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        success: false,
        error: { code: "INTERNAL", message: "Something went wrong on our side" },
      });
      expect(JSON.stringify(res.body)).not.toContain("follow_counters");
    } finally {
      await broken.close();
    }
  });
});
