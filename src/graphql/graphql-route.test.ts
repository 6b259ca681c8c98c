import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { onGraphqlRoute } from "./graphql-route.js";

describe("onGraphqlRoute", () => {
  it("runs the hook on every /graphql route (HEAD included) and on no other", async () => {
    const app = Fastify();
    const seen: string[] = [];
    onGraphqlRoute(app, async (request) => {
      seen.push(`${request.method} ${request.url}`);
    });
    app.post("/graphql", async () => ({ data: null }));
    app.get("/graphql", async () => ({ data: null }));
    app.get("/api/drops", async () => ({ success: true }));
    for (const [method, url] of [
      ["POST", "/graphql"],
      ["GET", "/graphql"],
      ["HEAD", "/graphql"],
      ["GET", "/api/drops"],
    ] as const) {
      expect((await app.inject({ method, url })).statusCode).toBe(200);
    }
    expect(seen).toEqual(["POST /graphql", "GET /graphql", "HEAD /graphql"]);
    await app.close();
  });

  it("stops the app from starting when the hook reached no route (registered too late, or a moved path)", async () => {
    const app = Fastify();
    app.post("/graphql", async () => ({ data: null })); // before the hook: it never sees this one
    onGraphqlRoute(app, async () => {});
    await expect(app.ready()).rejects.toThrow(/reached no \/graphql route/);
  });
});
