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

  it("every API answer, errors included, says nosniff and may not be framed", async () => {
    for (const [method, url] of [
      ["GET", "/api/drops?status=live"],
      ["GET", "/api/users/00000000-0000-4000-8000-000000000000/orders"], // 401
      ["GET", "/api/nothing-here"], // 404
      ["POST", "/api/auth/login"], // 400
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["x-frame-options"], url).toBe("SAMEORIGIN");
      expect(res.headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    }
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
  });
});
