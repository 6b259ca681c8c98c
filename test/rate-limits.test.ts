import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ManualClock } from "../src/shared/clock.js";
import { startCluster } from "./cluster.js";
import { insertCreator, insertDrop, insertUsers, tokensFor } from "./factories.js";
import { createTestApp, type TestApp, usingServices } from "./harness.js";
import { PushClient } from "./push.client.js";

/**
 * Every abuse limit: over it, REST answers 429 RATE_LIMITED in the envelope with Retry-After
 * (the seconds left in the window) and GraphQL the same code; each refusal is counted in
 * /metrics by limit. The clock sits 15 s into a window, so Retry-After is exactly 45.
 */

const WINDOW = 60_000;
const T0 = Math.ceil(Date.now() / WINDOW) * WINDOW + 15_000;
const RETRY = "45";

const LIMITS = {
  RATE_LIMITS: "on",
  RATE_LIMIT_ORDERS_PER_ACCOUNT: "3",
  RATE_LIMIT_ORDERS_PER_ADDRESS: "5",
  RATE_LIMIT_PAYMENTS_PER_ACCOUNT: "2",
  RATE_LIMIT_PAYMENTS_PER_ADDRESS: "4",
  RATE_LIMIT_FOLLOWS_PER_ACCOUNT: "3",
  RATE_LIMIT_FOLLOWS_PER_ADDRESS: "5",
  RATE_LIMIT_REGISTER_PER_ACCOUNT: "2",
  RATE_LIMIT_REGISTER_PER_ADDRESS: "3",
  RATE_LIMIT_LOGIN_PER_ACCOUNT: "2",
  RATE_LIMIT_LOGIN_PER_ADDRESS: "3",
  RATE_LIMIT_GRAPHQL_PER_ACCOUNT: "4",
  RATE_LIMIT_GRAPHQL_PER_ADDRESS: "6",
  RATE_LIMIT_NOTIFICATIONS_PER_ACCOUNT: "2",
  RATE_LIMIT_NOTIFICATIONS_PER_ADDRESS: "4",
};

let clock: ManualClock;
let t: TestApp;
let creatorId: string;
let n = 0;
/** A client address no other test used. */
const fresh = () => `10.${Math.floor(++n / 250)}.${n % 250}.7`;

async function req(
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  o: { token?: string; body?: unknown; address?: string; headers?: Record<string, string> } = {},
) {
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: o.address ?? fresh(),
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
    ...(o.body !== undefined ? { payload: o.body as object } : {}),
  });
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers["retry-after"] };
}

const gql = (query: string, variables: Record<string, unknown>, o: { token?: string; address?: string }) =>
  req("POST", "/graphql", { ...o, body: { query, variables } });

async function refusedBy(app: TestApp, limit: string, scope: string): Promise<number> {
  const m = await app.infra.metrics.rateLimited.get();
  return m.values.find((v) => v.labels.limit === limit && v.labels.scope === scope)?.value ?? 0;
}

/** A REST refusal: 429, the envelope, Retry-After to the window's end, and which key. */
function expectRefused(r: Awaited<ReturnType<typeof req>>, limit: string, scope: string) {
  expect(r.status).toBe(429);
  expect(r.retryAfter).toBe(RETRY);
  expect(r.body).toMatchObject({
    success: false,
    error: { code: "RATE_LIMITED", details: { limit, scope, retryAfterSeconds: 45 } },
  });
}

async function users(count: number): Promise<{ id: string; token: string }[]> {
  const ids = await insertUsers(t.infra.db, count);
  const tokens = tokensFor(t.config.jwtSecret, ids);
  return ids.map((id, i) => ({ id, token: tokens[i] as string }));
}

const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id } } }`;

beforeAll(async () => {
  clock = new ManualClock(T0);
  t = await createTestApp({ clock, env: LIMITS });
  creatorId = await insertCreator(t.infra.db);
});
afterAll(() => t.close());

describe("orders", () => {
  it("REST and GraphQL orders of one account count against one limit", async () => {
    const [u] = await users(1);
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 100, now: clock.now() });
    const before = await refusedBy(t, "orders", "account");
    const rest = () =>
      req("POST", "/api/orders", {
        token: u?.token,
        body: { dropId, quantity: 1 },
        headers: { "idempotency-key": randomUUID() },
      });
    const graphql = () =>
      gql(PLACE, { input: { dropId, quantity: 1, idempotencyKey: randomUUID() } }, { token: u?.token });
    expect((await rest()).status).toBe(201);
    expect((await graphql()).body.errors).toBeUndefined();
    expect((await rest()).status).toBe(201);
    // The fourth, whichever transport, is over the account's limit.
    const g = await graphql();
    expect(g.status).toBe(429);
    expect(g.retryAfter).toBe(RETRY);
    expect(g.body.errors[0].extensions).toMatchObject({
      code: "RATE_LIMITED",
      details: { limit: "orders", scope: "account", retryAfterSeconds: 45 },
    });
    expectRefused(await rest(), "orders", "account");
    expect(await refusedBy(t, "orders", "account")).toBe(before + 2);
  });

  it("orders from one address count together, and a forged X-Forwarded-For does not split them", async () => {
    const buyers = await users(6);
    const { dropId } = await insertDrop(t.infra.db, { creatorId, stock: 100, now: clock.now() });
    const address = fresh();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof req>> | undefined;
    for (const [i, b] of buyers.entries()) {
      last = await req("POST", "/api/orders", {
        token: b.token,
        address,
        body: { dropId, quantity: 1 },
        headers: { "idempotency-key": randomUUID(), "x-forwarded-for": `203.0.113.${i}` },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expectRefused(last as Awaited<ReturnType<typeof req>>, "orders", "address");
  });
});

describe("payments", () => {
  it("limits paying per account (REST and GraphQL) and per address", async () => {
    const [u, ...others] = await users(5);
    const pay = (token: string, address?: string) =>
      req("POST", "/api/payments", {
        token,
        address,
        body: { orderId: randomUUID(), method: "pm_card_ok" },
        headers: { "idempotency-key": randomUUID() },
      });
    expect((await pay(u?.token as string)).status).toBe(404); // attempts count, found or not
    const g = await gql(
      "mutation($i: PayInput!) { pay(input: $i) { order { id } } }",
      { i: { orderId: randomUUID(), method: "pm_card_ok", idempotencyKey: randomUUID() } },
      { token: u?.token },
    );
    expect(g.body.errors[0].extensions.code).toBe("NOT_FOUND");
    expectRefused(await pay(u?.token as string), "payments", "account");

    const address = fresh();
    for (const o of others) expect((await pay(o.token, address)).status).toBe(404);
    const [late] = await users(1);
    expectRefused(await pay(late?.token as string, address), "payments", "address");
  });
});

describe("follows", () => {
  it("follows and unfollows share a limit on REST and GraphQL, per account and per address", async () => {
    const [u] = await users(1);
    const creator = randomUUID(); // no such creator: the attempt counts all the same
    expect((await req("PUT", `/api/creators/${creator}/follow`, { token: u?.token })).status).toBe(404);
    expect((await req("DELETE", `/api/creators/${creator}/follow`, { token: u?.token })).status).toBe(404);
    const g = await gql(
      "mutation($c: ID!) { follow(creatorId: $c) { following } }",
      { c: creator },
      {
        token: u?.token,
      },
    );
    expect(g.body.errors[0].extensions.code).toBe("NOT_FOUND");
    expectRefused(
      await req("PUT", `/api/creators/${creator}/follow`, { token: u?.token }),
      "follows",
      "account",
    );

    const address = fresh();
    const many = await users(6);
    const statuses: number[] = [];
    for (const m of many)
      statuses.push(
        (await req("PUT", `/api/creators/${creatorId}/follow`, { token: m.token, address })).status,
      );
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe("registration and login", () => {
  const register = (email: string, address?: string) =>
    req("POST", "/api/auth/register", {
      address,
      body: { name: "Bot", email, password: "correct horse battery" },
    });
  const login = (email: string, address?: string) =>
    req("POST", "/api/auth/login", { address, body: { email, password: "wrong password!" } });

  it("limits registration per email and per address", async () => {
    const email = `twice-${randomUUID()}@example.com`;
    expect((await register(email)).status).toBe(201);
    expect((await register(email)).status).toBe(409);
    expectRefused(await register(email), "register", "account");
    const address = fresh();
    for (let i = 0; i < 3; i++)
      expect((await register(`r${i}-${randomUUID()}@example.com`, address)).status).toBe(201);
    expectRefused(await register(`r-${randomUUID()}@example.com`, address), "register", "address");
  });

  it("limits login per email (any letter case) and per address, on GraphQL too", async () => {
    const email = `victim-${randomUUID()}@example.com`;
    expect((await login(email)).status).toBe(401);
    const g = await gql(
      "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
      { e: email.toUpperCase(), p: "wrong password!" },
      {},
    );
    expect(g.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expectRefused(await login(email), "login", "account");
    const address = fresh();
    for (let i = 0; i < 3; i++)
      expect((await login(`x${i}-${randomUUID()}@example.com`, address)).status).toBe(401);
    expectRefused(await login(`y-${randomUUID()}@example.com`, address), "login", "address");
  });
});

describe("GraphQL operations", () => {
  it("every operation counts per account and per address; a refusal is RATE_LIMITED with Retry-After", async () => {
    const [u] = await users(1);
    const before = await refusedBy(t, "graphql", "account");
    for (let i = 0; i < 4; i++)
      expect((await gql("{ ok }", {}, { token: u?.token })).body.data.ok).toBe(true);
    const refused = await gql("{ ok }", {}, { token: u?.token });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe(RETRY);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: "RATE_LIMITED",
      details: { limit: "graphql", scope: "account", retryAfterSeconds: 45 },
    });
    expect(await refusedBy(t, "graphql", "account")).toBe(before + 1);

    // Anonymous reads, answered from the response cache after the first, count all the same.
    const address = fresh();
    for (let i = 0; i < 6; i++) expect((await gql("{ ok }", {}, { address })).status).toBe(200);
    const anon = await gql("{ ok }", {}, { address });
    expect(anon.status).toBe(429);
    expect(anon.body.errors[0].extensions.details.scope).toBe("address");
  });

  it("the window ends: the next window lets the caller through again", async () => {
    const [u] = await users(1);
    for (let i = 0; i < 4; i++) await gql("{ ok }", {}, { token: u?.token });
    expect((await gql("{ ok }", {}, { token: u?.token })).status).toBe(429);
    clock.advance(45_000); // the next window starts
    try {
      expect((await gql("{ ok }", {}, { token: u?.token })).status).toBe(200);
    } finally {
      clock.set(T0);
    }
  });
});

describe("internal notifications", () => {
  const send = (userId: string, address: string) =>
    req("POST", "/internal/notifications/send", {
      address,
      token: t.config.internalToken,
      body: { userId, type: "promo.test", payload: {} },
    });

  it("limits sends per recipient and per calling address (@fastify/rate-limit on the shared store)", async () => {
    const [u, ...others] = await users(5);
    expect((await send(u?.id as string, fresh())).status).toBe(201);
    expect((await send(u?.id as string, fresh())).status).toBe(201);
    expectRefused(await send(u?.id as string, fresh()), "notifications", "account");

    const address = fresh();
    const before = await refusedBy(t, "notifications", "address");
    for (const o of others.slice(0, 4)) expect((await send(o.id, address)).status).toBe(201);
    expectRefused(await send(others[0]?.id as string, address), "notifications", "address");
    expect(await refusedBy(t, "notifications", "address")).toBe(before + 1);
    // /metrics shows it, by limit name.
    const metrics = await t.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${t.config.internalToken}` },
    });
    expect(metrics.body).toMatch(/rate_limited_total\{limit="notifications",scope="address"\} [1-9]/);
  });
});

describe("connections, open sockets and subscriptions", () => {
  let s: TestApp;
  let base: string;
  let drops: string[];
  beforeAll(async () => {
    s = await createTestApp({
      env: {
        RATE_LIMITS: "on",
        RATE_LIMIT_CONNECTIONS_PER_ACCOUNT: "6",
        RATE_LIMIT_CONNECTIONS_PER_ADDRESS: "1000",
        MAX_SOCKETS_PER_ACCOUNT: "2",
        MAX_SUBSCRIPTIONS_PER_CONNECTION: "2",
      },
    });
    base = await s.app.listen({ port: 0, host: "127.0.0.1" });
    const c = await insertCreator(s.infra.db);
    drops = [];
    for (let i = 0; i < 3; i++) drops.push((await insertDrop(s.infra.db, { creatorId: c, stock: 5 })).dropId);
  });
  afterAll(() => s.close());

  const account = async () => {
    const [id] = await insertUsers(s.infra.db, 1);
    return { id: id as string, token: tokensFor(s.config.jwtSecret, [id as string])[0] as string };
  };
  const refusedUpgrade = (token: string, query: Record<string, string> = {}) =>
    new PushClient(base, token, query).ready.then(
      () => "open",
      (e: Error) => e.message,
    );
  const sse = (token: string, query = "") =>
    s.app.inject({ method: "GET", url: `/api/notifications/stream?token=${token}${query}` });

  it("caps open sockets per account: the third WebSocket, SSE stream or GraphQL socket is refused", async () => {
    const u = await account();
    const a = new PushClient(base, u.token);
    const b = new PushClient(base, u.token);
    await Promise.all([a.ready, b.ready]);
    const before = await refusedBy(s, "sockets", "sockets");
    expect(await refusedUpgrade(u.token)).toBe("HTTP 429");
    const refused = await sse(u.token);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: "RATE_LIMITED", details: { limit: "sockets" } });
    expect(refused.headers["retry-after"]).toBeDefined();
    // GraphQL over WebSocket: the socket is closed with a code that says why.
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createClient({
        url: `${base.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${u.token}` },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {}, // the close below is what this test looks at
        on: { closed: (e) => resolve(e as { code: number; reason: string }) },
      });
      void client;
    });
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/^RATE_LIMITED/);
    expect(await refusedBy(s, "sockets", "sockets")).toBe(before + 3);
    // A closed socket frees its slot.
    await a.close();
    const c = new PushClient(base, u.token);
    await c.ready;
    await Promise.all([b.close(), c.close()]);
  });

  it("limits new connections per account per window", async () => {
    const u = await account();
    for (let i = 0; i < 6; i++) {
      const c = new PushClient(base, u.token);
      await c.ready;
      await c.close();
    }
    expect(await refusedUpgrade(u.token)).toBe("HTTP 429");
    const refused = await sse(u.token);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.details).toMatchObject({ limit: "connections", scope: "account" });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("caps the channels one connection asks for, at connect and by message, and GraphQL subscriptions", async () => {
    const u = await account();
    const all = drops.map((d) => `drop:${d}`);
    expect(await refusedUpgrade(u.token, { subscribe: all.join(",") })).toBe("HTTP 429");
    expect((await sse(u.token, `&subscribe=${all.join(",")}`)).statusCode).toBe(429);

    const c = new PushClient(base, u.token, { subscribe: all[0] as string });
    await c.ready;
    c.send({ type: "subscribe", channel: all[1] });
    await c.until(() => c.controls.some((m) => m.type === "subscribed"));
    c.send({ type: "subscribe", channel: all[2] });
    await c.until(() => c.controls.some((m) => m.type === "error"));
    expect(c.controls.find((m) => m.type === "error").error.code).toBe("RATE_LIMITED");
    // Unsubscribing frees a slot.
    c.send({ type: "unsubscribe", channel: all[0] });
    c.send({ type: "subscribe", channel: all[2] });
    await c.until(() => c.controls.filter((m) => m.type === "subscribed").length === 2);
    await c.close();

    const v = await account();
    const client = createClient({
      url: `${base.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${v.token}` },
      retryAttempts: 0,
    });
    const errors: unknown[] = [];
    const stops = drops.map((d) =>
      client.subscribe(
        { query: "subscription($d: ID!) { dropStock(dropId: $d) { available } }", variables: { d } },
        {
          next: (x) => void (x.errors && errors.push(x.errors)),
          error: (e) => errors.push(e),
          complete: () => {},
        },
      ),
    );
    const deadline = Date.now() + 5_000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.stringify(errors)).toContain("RATE_LIMITED");
    expect(errors).toHaveLength(1);
    for (const stop of stops) stop();
    await client.dispose();
  });
});

describe("RATE_LIMITS=off", () => {
  it("lets a crowd from one address through", async () => {
    const off = await createTestApp(); // the harness default
    try {
      expect(off.config.rateLimits.enabled).toBe(false);
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () =>
          off.app.inject({
            method: "POST",
            url: "/api/auth/login",
            payload: { email: "same@example.com", password: "wrong password!" },
          }),
        ),
      );
      expect(statuses.map((r) => r.statusCode)).toEqual(Array(40).fill(401));
      const graphql = await Promise.all(
        Array.from({ length: 100 }, () =>
          off.app.inject({ method: "POST", url: "/graphql", payload: { query: "{ ok }" } }),
        ),
      );
      expect(graphql.every((r) => r.statusCode === 200)).toBe(true);
    } finally {
      await off.close();
    }
  });
});

describe.skipIf(!usingServices())("two processes", () => {
  it("count one window on the shared store", async () => {
    const cluster = await startCluster(2, { RATE_LIMITS: "on", RATE_LIMIT_LOGIN_PER_ACCOUNT: "3" });
    try {
      const email = `shared-${randomUUID()}@example.com`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${cluster.urls[i % 2]}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: "wrong password!" }),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await cluster.close();
    }
  });
});
