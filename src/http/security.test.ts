import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerSecurityHeaders } from "./security.js";

/** The two header sets' rules on routes of each kind (the app's own are in test/security-headers.test.ts). */

const API_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await registerSecurityHeaders(app, { publicUrl: undefined, development: true });
  const json = { schema: { response: { 200: { type: "object" } } } };
  app.get("/api/thing", json, async () => ({ ok: true }));
  app.get("/page", async (_req, reply) => reply.type("text/html").send("<p>page</p>"));
  app.get("/page-json", async () => ({ ok: true })); // may serve a page; this time JSON
  // User content locked down by its route, with the same values as the API's set.
  app.get("/user-file", async (_req, reply) =>
    reply
      .type("image/svg+xml")
      .header("content-security-policy", API_CSP)
      .header("x-frame-options", "DENY")
      .send("<svg xmlns='http://www.w3.org/2000/svg'/>"),
  );
  // A revalidated page: the 304 has no type, and its headers replace the stored 200's.
  app.get("/cached-page", async (_req, reply) => reply.code(304).send());
  app.get("/graphiql", async (_req, reply) => reply.type("text/html").send("<p>editor</p>"));
  await app.ready();
});
afterAll(() => app.close());

const get = async (url: string) => (await app.inject({ method: "GET", url })).headers;

describe("security header sets", () => {
  it("a JSON answer gets the API set, on an API route and on a route that may serve pages", async () => {
    for (const url of ["/api/thing", "/page-json"]) {
      const h = await get(url);
      expect(h["content-security-policy"], url).toBe(API_CSP);
      expect(h["x-frame-options"], url).toBe("DENY");
      expect(h["x-content-type-options"], url).toBe("nosniff");
      expect(h["referrer-policy"], url).toBeUndefined();
    }
  });

  it("a page gets the page set", async () => {
    const h = await get("/page");
    expect(h["content-security-policy"]).toContain("script-src 'self'");
    expect(h["x-frame-options"]).toBe("SAMEORIGIN");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["cross-origin-opener-policy"]).toBe("same-origin");
    expect(h["x-content-type-options"]).toBe("nosniff");
  });

  it("a 304 on a route that may serve pages keeps the page set its 200 had", async () => {
    const h = await get("/cached-page");
    expect(h["content-security-policy"]).toContain("script-src 'self'");
    expect(h["x-frame-options"]).toBe("SAMEORIGIN");
  });

  it("keeps what a route set, even when it equals the API set's value", async () => {
    const h = await get("/user-file");
    expect(h["content-security-policy"]).toBe(API_CSP);
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin"); // the rest of the page set
  });

  it("GraphiQL's page goes without a CSP in development (its editor loads from a CDN)", async () => {
    const h = await get("/graphiql");
    expect(h["content-security-policy"]).toBeUndefined();
    expect(h["x-frame-options"]).toBe("SAMEORIGIN");
  });

  it("hangs its per-answer hooks only on routes that may serve a page", () => {
    const routes = app.printRoutes({ includeHooks: true, commonPrefix: false });
    const hooksOf = (path: string) => routes.split(`${path} (GET)`)[1]?.split("(HEAD)")[0] ?? "";
    expect(hooksOf("/api/thing")).not.toContain("byItsType");
    expect(hooksOf("/page")).toContain("byItsType");
    expect(hooksOf("/user-file")).toContain("byItsType");
  });
});
