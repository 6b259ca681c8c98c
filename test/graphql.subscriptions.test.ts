import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { call, insertDrop, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

// Subscriptions over the graphql-ws protocol, with the library's own client, against a real
// port. Events come through the outbox relay, as in production.
let t: TestApp;
let url: string;
let jobs: import("../src/worker.js").Job[] = [];
let creator: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  url = `${base.replace("http", "ws")}/graphql`;
  const { workerJobs } = await import("../src/worker.js");
  jobs = workerJobs(t.infra, t.services);
  for (const j of jobs) await j.start();
  creator = await registerCreator(t.app);
});
afterAll(async () => {
  for (const j of jobs.reverse()) await j.stop();
  await t.close();
});

const clientFor = (token?: string) =>
  createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });

const collect = <T>(
  client: ReturnType<typeof clientFor>,
  query: string,
  variables: Record<string, unknown>,
) => {
  const got: T[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => void (v.data ? got.push(v.data as T) : errors.push(v.errors)),
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return { got, errors, stop };
};

const order = (user: TestUser, dropId: string, quantity: number) =>
  call(t.app, "POST", "/api/orders", {
    token: user.token,
    body: { dropId, quantity, paymentMethodId: "pm_card_ok" },
    headers: { "idempotency-key": randomUUID() },
  });

describe("GraphQL subscriptions", () => {
  it("streams a drop's stock while orders are placed", async () => {
    const watcher = await registerUser(t.app);
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 10 });
    const client = clientFor(watcher.token);
    const sub = collect<{ dropStock: { available: number; sold: number; soldOut: boolean } }>(
      client,
      "subscription($d: ID!) { dropStock(dropId: $d) { available sold soldOut } }",
      { d: dropId },
    );
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
    const buyers = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    for (const b of buyers) expect((await order(b, dropId, 2)).status).toBe(201);
    await waitFor(async () => sub.got.some((s) => s.dropStock.sold === 6), 5_000, "stock after three sales");
    expect(sub.errors).toEqual([]);
    const last = sub.got[sub.got.length - 1]?.dropStock;
    expect(last).toEqual({ available: 4, sold: 6, soldOut: false });
    // Coalesced, in order: sold never goes backwards.
    const sold = sub.got.map((s) => s.dropStock.sold);
    expect([...sold].sort((a, b) => a - b)).toEqual(sold);
    sub.stop();
    await client.dispose();
  });

  it("streams the caller's own order events and nobody else's", async () => {
    const buyer = await registerUser(t.app);
    const other = await registerUser(t.app);
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 5 });
    const mine = clientFor(buyer.token);
    const theirs = clientFor(other.token);
    const q = "subscription { notifications { id type data } }";
    const a = collect<{ notifications: { type: string; data: { orderId?: string } } }>(mine, q, {});
    const b = collect<{ notifications: { type: string } }>(theirs, q, {});
    await new Promise((r) => setTimeout(r, 300));
    const placed = await order(buyer, dropId, 1);
    await waitFor(
      async () => a.got.some((n) => n.notifications.type === "order.confirmed"),
      5_000,
      "order.confirmed",
    );
    const confirmed = a.got.find((n) => n.notifications.type === "order.confirmed");
    expect(JSON.stringify(confirmed?.notifications.data)).toContain(placed.body.data.order.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(b.got.filter((n) => n.notifications.type.startsWith("order."))).toEqual([]);
    a.stop();
    b.stop();
    await mine.dispose();
    await theirs.dispose();
  });

  it("refuses a connection with a bad token", async () => {
    const client = clientFor("not-a-token");
    const sub = collect(client, "subscription { notifications { id } }", {});
    await waitFor(async () => sub.errors.length > 0, 5_000, "the refusal");
    await client.dispose();
  });
});
