import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "../web/src/api-schema.js";
import { contractViolation, type OpenApiDoc } from "./contract.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * A client developer's view: a client typed by openapi-typescript from the published
 * document (web/src/api-schema.ts, kept current by test/contract.test.ts), used against a
 * running server. Every answer is also checked against the document explicitly here.
 */

let t: TestApp;
let doc: OpenApiDoc;
let base: string;
let api: ReturnType<typeof createClient<paths>>;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  doc = t.app.swagger() as unknown as OpenApiDoc;
  api = createClient<paths>({ baseUrl: base });
});
afterAll(async () => {
  await t.close();
});

/** The answer agrees with the document for that route; returns it for chaining. */
function conforms<R extends { response: Response; data?: unknown; error?: unknown }>(
  method: string,
  route: string,
  r: R,
): R {
  const violation = contractViolation(doc, {
    method,
    route,
    status: r.response.status,
    contentType: r.response.headers.get("content-type") ?? undefined,
    body: r.data ?? r.error,
  });
  expect(violation).toBeUndefined();
  return r;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let n = 0;
const email = () => `c${process.pid}_${Date.now().toString(36)}_${n++}@example.com`;

async function signUp(name: string) {
  const r = conforms(
    "POST",
    "/api/auth/register",
    await api.POST("/api/auth/register", {
      body: { name, email: email(), password: "correct horse battery" },
    }),
  );
  if (!r.data) throw new Error(JSON.stringify(r.error));
  return { id: r.data.data.user.id, token: r.data.data.token };
}

async function liveDrop(stock: number) {
  const creator = await signUp("Creator");
  const handle = `h${Date.now().toString(36)}${n++}`;
  conforms(
    "POST",
    "/api/creators",
    await api.POST("/api/creators", {
      headers: bearer(creator.token),
      body: { handle, displayName: "Contract Creator" },
    }),
  );
  const product = conforms(
    "POST",
    "/api/products",
    await api.POST("/api/products", {
      headers: bearer(creator.token),
      body: { title: "Contract tee", priceCents: 2500, currency: "EUR" },
    }),
  );
  if (!product.data) throw new Error(JSON.stringify(product.error));
  const drop = conforms(
    "POST",
    "/api/drops",
    await api.POST("/api/drops", {
      headers: bearer(creator.token),
      body: {
        productId: product.data.data.id,
        startsAt: new Date(Date.now() - 1_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        initialStock: stock,
      },
    }),
  );
  if (!drop.data) throw new Error(JSON.stringify(drop.error));
  return { creator, dropId: drop.data.data.id };
}

describe("a client generated from the OpenAPI document", () => {
  it("reads error.code of a refused order, typed by the status", async () => {
    const { dropId } = await liveDrop(1);
    const buyer = await signUp("Buyer");
    const order = (key: string) =>
      api.POST("/api/orders", {
        params: { header: { "idempotency-key": key } },
        headers: bearer(buyer.token),
        body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
      });
    const first = conforms("POST", "/api/orders", await order(`k1-${dropId}`));
    expect(first.data?.data.order.status).toBe("confirmed");

    const refused = conforms("POST", "/api/orders", await order(`k2-${dropId}`));
    expect(refused.response.status).toBe(409);
    if (!refused.error) throw new Error("expected a refusal");
    // The type is the union of the documented codes, so a misspelt or impossible code fails tsc.
    const code = refused.error.error.code;
    expect(code).toBe("SOLD_OUT");
    // @ts-expect-error: no status of POST /api/orders carries EMAIL_TAKEN
    expect(code === "EMAIL_TAKEN").toBe(false);

    // Without the header the typed client does not compile; sent anyway, it is the documented 400.
    const noKey = conforms(
      "POST",
      "/api/orders",
      // @ts-expect-error: the Idempotency-Key header is required
      await api.POST("/api/orders", { headers: bearer(buyer.token), body: { dropId, quantity: 1 } }),
    );
    expect(noKey.response.status).toBe(400);
    expect(noKey.error?.error.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
  });

  it("walks a user journey whose every answer the document allows", async () => {
    const { creator, dropId } = await liveDrop(5);
    const fan = await signUp("Fan");
    const followed = conforms(
      "PUT",
      "/api/creators/:id/follow",
      await api.PUT("/api/creators/{id}/follow", {
        params: { path: { id: creator.id } },
        headers: bearer(fan.token),
      }),
    );
    expect(followed.data?.data.following).toBe(true);
    const followers = conforms(
      "GET",
      "/api/creators/:id/followers",
      await api.GET("/api/creators/{id}/followers", {
        params: { path: { id: creator.id }, query: { limit: 10 } },
      }),
    );
    expect(followers.data?.data.items.map((f) => f.id)).toEqual([fan.id]);
    conforms("GET", "/api/drops", await api.GET("/api/drops", { params: { query: { status: "live" } } }));
    const drop = conforms(
      "GET",
      "/api/drops/:id",
      await api.GET("/api/drops/{id}", { params: { path: { id: dropId } } }),
    );
    expect(drop.data?.data.status).toBe("live");

    const placed = conforms(
      "POST",
      "/api/orders",
      await api.POST("/api/orders", {
        params: { header: { "idempotency-key": `journey-${dropId}` } },
        headers: bearer(fan.token),
        body: { dropId, quantity: 2 },
      }),
    );
    const orderId = placed.data?.data.order.id as string;
    expect(placed.data?.data.stock?.reserved).toBe(2);
    const paid = conforms(
      "POST",
      "/api/payments",
      await api.POST("/api/payments", {
        params: { header: { "idempotency-key": `pay-${orderId}` } },
        headers: bearer(fan.token),
        body: { orderId, method: "pm_card_ok" },
      }),
    );
    expect(paid.data?.data.order.status).toBe("confirmed");

    const orders = conforms(
      "GET",
      "/api/users/:id/orders",
      await api.GET("/api/users/{id}/orders", {
        params: { path: { id: fan.id } },
        headers: bearer(fan.token),
      }),
    );
    expect(orders.data?.data.items.map((o) => o.id)).toEqual([orderId]);

    conforms(
      "POST",
      "/internal/notifications/send",
      await api.POST("/internal/notifications/send", {
        headers: bearer(t.config.internalToken),
        body: { userId: fan.id, type: "note.thanks", payload: { orderId } },
      }),
    );
    const inbox = conforms(
      "GET",
      "/api/users/:id/notifications",
      await api.GET("/api/users/{id}/notifications", {
        params: { path: { id: fan.id } },
        headers: bearer(fan.token),
      }),
    );
    expect(inbox.data?.data.items.map((i) => i.type)).toContain("note.thanks");
    const unread = conforms(
      "GET",
      "/api/users/:id/notifications/unread-count",
      await api.GET("/api/users/{id}/notifications/unread-count", {
        params: { path: { id: fan.id } },
        headers: bearer(fan.token),
      }),
    );
    expect(unread.data?.data.unread).toBeGreaterThan(0);

    // The push stream is hijacked from Fastify, so the response hook never sees it: check it here.
    const stream = new AbortController();
    const sse = await fetch(`${base}/api/notifications/stream`, {
      headers: { ...bearer(fan.token), accept: "text/event-stream" },
      signal: stream.signal,
    });
    const sseViolation = contractViolation(doc, {
      method: "GET",
      route: "/api/notifications/stream",
      status: sse.status,
      contentType: sse.headers.get("content-type") ?? undefined,
      body: undefined,
    });
    stream.abort();
    expect(sse.status).toBe(200);
    expect(sseViolation).toBeUndefined();

    // Someone else's orders: a documented 403 with a documented code.
    const other = conforms(
      "GET",
      "/api/users/:id/orders",
      await api.GET("/api/users/{id}/orders", {
        params: { path: { id: fan.id } },
        headers: bearer(creator.token),
      }),
    );
    expect(other.error?.error.code).toBe("FORBIDDEN");
  });
});
