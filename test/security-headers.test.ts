import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.js";

/** Security headers on every answer: the API, its errors, the shop and the API docs. */

describe("security headers", () => {
  let t: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    https = await createTestApp({ env: { PUBLIC_URL: "https://shop.example.com" } });
  });
  afterAll(async () => {
    await t.close();
    await https.close();
  });

  it("every API answer, errors included, says nosniff, may not be framed and loads nothing", async () => {
    for (const [method, url] of [
      ["GET", "/api/drops?status=live"],
      ["GET", "/api/users/00000000-0000-4000-8000-000000000000/orders"], // 401
      ["GET", "/api/nothing-here"], // 404
      ["POST", "/api/auth/login"], // 400
      ["GET", "/health/live"],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.headers["content-type"], url).toMatch(/^application\/json/);
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(res.headers["content-security-policy"], url).toBe(
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(res.headers["cross-origin-resource-policy"], url).toBe("same-origin");
      // The page headers (issue 16: ~650 bytes a JSON client has no use for) are not sent.
      expect(res.headers["referrer-policy"], url).toBeUndefined();
      expect(res.headers["cross-origin-opener-policy"], url).toBeUndefined();
    }
  });

  it("a page gets the page headers too, and a header its route set is kept", async () => {
    const shop = await t.app.inject({ method: "GET", url: "/" }); // HTML (the build's page or its notice)
    expect(shop.headers["content-type"]).toMatch(/^text\/html/);
    expect(shop.headers["x-content-type-options"]).toBe("nosniff");
    expect(shop.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(shop.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(["strict-origin-when-cross-origin", "same-origin"]).toContain(shop.headers["referrer-policy"]);
    // A route that declares another type than JSON (here /metrics' text) gets them on it.
    const metrics = await t.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${t.config.internalToken}` },
    });
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    expect(metrics.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(metrics.headers["x-frame-options"]).toBe("SAMEORIGIN");
    // The docs' UI sets its own CSP (its inline script's hash); the page set does not replace it.
    const docs = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(String(docs.headers["content-security-policy"])).toContain("frame-ancestors 'self'");
    expect(docs.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("the shop and the docs have a Content-Security-Policy that loads only their own scripts", async () => {
    const shop = await t.app.inject({ method: "GET", url: "/" });
    const shopCsp = String(shop.headers["content-security-policy"]);
    expect(shopCsp).toContain("script-src 'self'");
    expect(shopCsp).toContain("frame-ancestors 'none'");
    const docs = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers["content-security-policy"])).toContain("script-src 'self'");
  });

  it("sends HSTS only when the public URL is https", async () => {
    const plain = await t.app.inject({ method: "GET", url: "/health/live" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    const secure = await https.app.inject({ method: "GET", url: "/health/live" });
    expect(secure.headers["strict-transport-security"]).toContain("max-age=31536000");
    const page = await https.app.inject({ method: "GET", url: "/" });
    expect(page.headers["strict-transport-security"]).toContain("max-age=31536000");
  });
});
