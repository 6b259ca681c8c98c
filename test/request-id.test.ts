import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { type Running, startServer } from "../src/server.js";
import { startWorker } from "../src/worker.js";
import { http, insertDrop, registerCreator, registerUser } from "./factories.js";
import { isolatedEnv } from "./harness.js";
import { PushClient, waitFor } from "./push.client.js";

/**
 * One request id from the gateway to the buyer's socket: the X-Request-Id nginx sets is the
 * request's id in the logs, is recorded with the events the request causes, and arrives in
 * the push message. Batches serve many requests at once: each order's event must carry its
 * own request's id, never the batch's first.
 */
let running: Running;
let worker: { stop(): Promise<void> };
let dropSchema: () => Promise<void>;
let base: string;
const clients: PushClient[] = [];

beforeAll(async () => {
  const iso = await isolatedEnv();
  dropSchema = iso.dropSchema;
  running = await startServer(loadConfig({ ...iso.env, PORT: "0", HOST: "127.0.0.1" }));
  worker = await startWorker(running.infra, running.services);
  base = running.url;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await worker.stop();
  await running.close();
  await dropSchema();
});

describe("request ids from the gateway to the push message", () => {
  it("gives each buyer's order.confirmed the id of the request that paid, under concurrency", async () => {
    const creator = await registerCreator(running.app);
    const { dropId } = await insertDrop(running.infra.db, { creatorId: creator.id, stock: 50 });
    const buyers = await Promise.all(Array.from({ length: 8 }, () => registerUser(running.app)));
    const socks = await Promise.all(
      buyers.map(async (b) => {
        const c = new PushClient(base, b.token);
        clients.push(c);
        await c.ready;
        return c;
      }),
    );
    // All at once, so the reservations and the settlements go in shared batches.
    const ids = buyers.map((_, i) => `edge-${i}-${randomUUID().slice(0, 8)}`);
    const placed = await Promise.all(
      buyers.map((b, i) =>
        http(base, "POST", "/api/orders", {
          token: b.token,
          body: { dropId, quantity: 1 },
          headers: { "idempotency-key": randomUUID(), "x-request-id": `${ids[i]}-order` },
        }),
      ),
    );
    for (const p of placed) expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(placed.map((p) => p.headers.get("x-request-id"))).toEqual(ids.map((id) => `${id}-order`));
    const paid = await Promise.all(
      buyers.map((b, i) =>
        http(base, "POST", "/api/payments", {
          token: b.token,
          body: { orderId: placed[i]?.data.order.id, method: "pm_card_ok" },
          headers: { "idempotency-key": randomUUID(), "x-request-id": ids[i] as string },
        }),
      ),
    );
    for (const p of paid) expect(p.status, JSON.stringify(p.body)).toBe(201);

    await waitFor(() => socks.every((s) => s.of("order.confirmed").length > 0), 10_000, "order.confirmed");
    socks.forEach((s, i) => {
      expect(s.of("order.confirmed").map((e) => e.requestId)).toEqual([ids[i]]);
    });
    // The outbox rows hold the same ids; the stock snapshots, caused by many, hold none.
    const rows = await running.infra.db.query<{ type: string; request_id: string | null }>(
      "select type, request_id from outbox_events where type in ('order.confirmed', 'stock.changed') and (aggregate_id = $1 or payload->>'dropId' = $1::text)",
      [dropId],
    );
    const confirmed = rows.rows.filter((r) => r.type === "order.confirmed").map((r) => r.request_id);
    expect(confirmed.sort()).toEqual([...ids].sort());
    expect(rows.rows.filter((r) => r.type === "stock.changed").every((r) => r.request_id === null)).toBe(
      true,
    );
  });

  it("keeps a creator's chosen request id out of what followers receive (the outbox keeps it)", async () => {
    const creator = await registerCreator(running.app);
    const fan = await registerUser(running.app);
    const followed = await http(base, "PUT", `/api/creators/${creator.id}/follow`, { token: fan.token });
    expect(followed.status, JSON.stringify(followed.body)).toBeLessThan(300);
    const sock = new PushClient(base, fan.token);
    clients.push(sock);
    await sock.ready;
    const product = await http(base, "POST", "/api/products", {
      token: creator.token,
      body: { title: "Traced", priceCents: 1000, currency: "EUR" },
    });
    const chosen = `visit-example.com-${randomUUID().slice(0, 8)}`;
    const startsAt = new Date(Date.now() + 3_600_000);
    const drop = await http(base, "POST", "/api/drops", {
      token: creator.token,
      headers: { "x-request-id": chosen },
      body: {
        productId: product.data.id,
        initialStock: 5,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      },
    });
    expect(drop.status, JSON.stringify(drop.body)).toBe(201);
    expect(drop.headers.get("x-request-id")).toBe(chosen);
    await waitFor(() => sock.of("drop.scheduled").length > 0, 10_000, "drop.scheduled");
    expect(sock.of("drop.scheduled").map((e) => e.requestId)).toEqual([undefined]);
    const row = await running.infra.db.query<{ request_id: string | null }>(
      "select request_id from outbox_events where type = 'drop.scheduled' and aggregate_id = $1",
      [drop.data.id],
    );
    expect(row.rows.map((r) => r.request_id)).toEqual([chosen]);
  });

  it("records the request's id with what each transport's mutations cause", async () => {
    // The id is passed from the transport to the service (no ambient context): each of these
    // would record null if a route or resolver stopped passing it.
    const creator = await registerCreator(running.app);
    const buyer = await registerUser(running.app);
    const { dropId } = await insertDrop(running.infra.db, { creatorId: creator.id, stock: 20 });
    const tag = randomUUID().slice(0, 8);
    const gql = (token: string, rid: string, query: string, variables: Record<string, unknown>) =>
      http(base, "POST", "/graphql", {
        token,
        body: { query, variables },
        headers: { "x-request-id": rid, "idempotency-key": randomUUID() },
      });
    const recorded = async (type: string, aggregateId: string) =>
      (
        await running.infra.db.query<{ request_id: string | null }>(
          "select request_id from outbox_events where type = $1 and aggregate_id = $2 order by seq",
          [type, aggregateId],
        )
      ).rows.map((r) => r.request_id);

    // GraphQL: an order paid in the same call (order.confirmed from the settle batch).
    const placed = await gql(
      buyer.token,
      `gql-place-${tag}`,
      "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id status } } }",
      { i: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" } },
    );
    const paidId = placed.body.data?.placeOrder.order.id as string;
    expect(placed.body.data?.placeOrder.order.status, JSON.stringify(placed.body)).toBe("CONFIRMED");
    // REST: the creator ships it (order.fulfilled).
    const shipped = await http(base, "POST", `/api/orders/${paidId}/fulfil`, {
      token: creator.token,
      body: { carrier: "DHL", trackingNumber: "JD0001" },
      headers: { "x-request-id": `rest-fulfil-${tag}` },
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    // REST: a reservation cancelled by its buyer (order.cancelled, through the settle batch).
    const pending = await http(base, "POST", "/api/orders", {
      token: buyer.token,
      body: { dropId, quantity: 1 },
      headers: { "idempotency-key": randomUUID() },
    });
    const pendingId = pending.data.order.id as string;
    const cancelled = await http(base, "PUT", `/api/orders/${pendingId}/cancel`, {
      token: buyer.token,
      headers: { "x-request-id": `rest-cancel-${tag}` },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    // GraphQL: a password change (account.revoked).
    const changed = await gql(
      buyer.token,
      `gql-password-${tag}`,
      "mutation($i: UpdateMeInput!) { updateMe(input: $i) { id } }",
      { i: { password: "a-new-password-1", currentPassword: buyer.password } },
    );
    expect(changed.body.errors, JSON.stringify(changed.body)).toBeUndefined();

    expect(await recorded("order.confirmed", paidId)).toEqual([`gql-place-${tag}`]);
    expect(await recorded("order.fulfilled", paidId)).toEqual([`rest-fulfil-${tag}`]);
    expect(await recorded("order.cancelled", pendingId)).toEqual([`rest-cancel-${tag}`]);
    expect(await recorded("account.revoked", buyer.id)).toEqual([`gql-password-${tag}`]);
  });

  it("ignores an X-Request-Id that is not a sane token, and uses its own", async () => {
    const r = await http(base, "GET", "/api/drops", { headers: { "x-request-id": "bad id\twith tab" } });
    expect(r.status).toBe(200);
    const id = r.headers.get("x-request-id");
    expect(id).toBeTruthy();
    expect(id).not.toContain("bad");
  });
});
