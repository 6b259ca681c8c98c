import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerErrorHandling } from "../src/http/envelope.js";
import { registerWeb } from "../src/http/web.js";

describe("serving the web app", () => {
  const dir = mkdtempSync(join(tmpdir(), "livedrop-web-"));
  const app = Fastify();
  beforeAll(async () => {
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>LiveDrop</title>");
    writeFileSync(join(dir, "assets", "app-abc123.js"), "console.log(1)");
    registerErrorHandling(app);
    app.get("/api/ping", async () => ({ success: true, data: "pong" }));
    await registerWeb(app, { dist: `${dir}/` });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the app at / and at client routes, and hashed assets for good", async () => {
    for (const url of ["/", "/drops/123", "/dashboard/drops/1?x=1", "/orders"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
      expect(res.body).toContain("<title>LiveDrop</title>");
    }
    const asset = await app.inject({ method: "GET", url: "/assets/app-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
  });

  it("leaves API routes alone and keeps unknown server paths and files real 404s", async () => {
    expect((await app.inject({ method: "GET", url: "/api/ping" })).json()).toEqual({
      success: true,
      data: "pong",
    });
    for (const url of [
      "/api/nope",
      "/docs/x",
      "/graphql/x",
      "/push/x",
      "/health/x",
      "/metrics/x",
      "/internal/x",
      "/missing.js",
    ]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe("NOT_FOUND");
    }
    expect((await app.inject({ method: "POST", url: "/drops/1" })).statusCode).toBe(404);
  });
});
