import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verify } from "../src/modules/webhooks/index.js";
import { send } from "../src/modules/webhooks/sender.js";
import { ManualClock } from "../src/shared/clock.js";
import type { OutboxEvent } from "../src/shared/events.js";
import { startWorker } from "../src/worker.js";
import { call, insertDrop, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

/** A local endpoint: records every request and answers with the next scripted status (then 200). */
async function receiver(script: number[] = []) {
  const got: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const status = script.shift() ?? 200;
      got.push({ headers: req.headers, body, status });
      res.writeHead(status, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const hooks = (t: TestApp, who: TestUser, method: string, path = "", body?: unknown) =>
  call(t.app, method as "GET", `/api/webhooks${path}`, { token: who.token, body });

describe("webhooks end to end (real worker, tiny retry base)", () => {
  let t: TestApp;
  let worker: { stop(): Promise<void> };
  beforeAll(async () => {
    t = await createTestApp({
      env: { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BASE_MS: "20", WEBHOOK_MAX_ENDPOINTS: "3" },
    });
    worker = await startWorker(t.infra, t.services);
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  it("delivers order.confirmed signed; after three 500s it retries, succeeds and delivers once", async () => {
    const endpoint = await receiver([500, 500, 500]);
    try {
      const creator = await registerCreator(t.app);
      const created = await hooks(t, creator, "POST", "", { url: endpoint.url, events: ["order.confirmed"] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { id: hookId, secret } = created.body.data;
      expect(secret).toMatch(/^whsec_/);

      const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 5 });
      const buyer = await registerUser(t.app);
      const order = await call(t.app, "POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": randomUUID() },
        body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
      });
      expect(order.status).toBe(201);
      const orderId = order.body.data.order.id;

      await waitFor(() => endpoint.got.some((r) => r.status === 200), 10_000, "a 2xx delivery");
      // Let any stray retry or duplicate arrive before counting.
      await new Promise((r) => setTimeout(r, 300));
      expect(endpoint.got.map((r) => r.status)).toEqual([500, 500, 500, 200]);
      const eventIds = new Set(endpoint.got.map((r) => r.headers["livedrop-event-id"]));
      expect(eventIds.size).toBe(1);
      for (const r of endpoint.got) {
        const sig = r.headers["livedrop-signature"] as string;
        expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        expect(verify(secret, r.body, sig)).toBe(true);
        expect(verify(secret, `${r.body} `, sig)).toBe(false);
        expect(verify("whsec_wrong", r.body, sig)).toBe(false);
        const event = JSON.parse(r.body);
        expect(Object.keys(event).sort()).toEqual(["createdAt", "data", "id", "type"]);
        expect(event).toMatchObject({
          type: "order.confirmed",
          data: { orderId, dropId, status: "confirmed" },
        });
        expect(event.id).toBe(r.headers["livedrop-event-id"]);
      }

      const log = await hooks(t, creator, "GET", `/${hookId}/deliveries`);
      expect(log.status).toBe(200);
      expect(log.body.data.items).toHaveLength(1);
      expect(log.body.data.items[0]).toMatchObject({
        eventType: "order.confirmed",
        status: "delivered",
        attempts: 4,
        lastStatusCode: 200,
        nextAttemptAt: null,
      });

      // Manual redelivery sends the same event again, once.
      const deliveryId = log.body.data.items[0].id;
      const again = await hooks(t, creator, "POST", `/${hookId}/deliveries/${deliveryId}/redeliver`);
      expect(again.status).toBe(202);
      await waitFor(() => endpoint.got.length === 5, 5_000, "the redelivery");
      expect(endpoint.got[4]?.body).toBe(endpoint.got[3]?.body);
      expect(endpoint.got[4]?.headers["livedrop-event-id"]).toBe(
        endpoint.got[3]?.headers["livedrop-event-id"],
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(endpoint.got).toHaveLength(5);
    } finally {
      await endpoint.close();
    }
  });

  it("sends only the events an endpoint asked for, of the owner's own drops", async () => {
    const mine = await receiver();
    const theirs = await receiver();
    try {
      const creator = await registerCreator(t.app);
      const other = await registerCreator(t.app);
      expect((await hooks(t, creator, "POST", "", { url: mine.url, events: ["order.failed"] })).status).toBe(
        201,
      );
      expect((await hooks(t, other, "POST", "", { url: theirs.url, events: ["*"] })).status).toBe(201);
      const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 5 });
      const buyer = await registerUser(t.app);
      for (const pm of ["pm_card_ok", "pm_card_declined"]) {
        await call(t.app, "POST", "/api/orders", {
          token: buyer.token,
          headers: { "idempotency-key": randomUUID() },
          body: { dropId, quantity: 1, paymentMethodId: pm },
        });
      }
      await waitFor(() => mine.got.length === 1, 10_000, "order.failed");
      await new Promise((r) => setTimeout(r, 300));
      expect(mine.got.map((r) => JSON.parse(r.body).type)).toEqual(["order.failed"]);
      expect(theirs.got).toEqual([]);
    } finally {
      await mine.close();
      await theirs.close();
    }
  });

  it("shows the secret once, and keeps each creator's endpoints to that creator", async () => {
    const owner = await registerCreator(t.app);
    const rival = await registerCreator(t.app);
    const buyer = await registerUser(t.app);
    const created = await hooks(t, owner, "POST", "", { url: "https://example.com/hook", events: ["*"] });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const listed = await hooks(t, owner, "GET");
    expect(listed.body.data.items.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(listed.body.data.items[0]).not.toHaveProperty("secret");
    expect((await hooks(t, owner, "GET", `/${id}`)).body.data).not.toHaveProperty("secret");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.data.secret);

    expect((await hooks(t, rival, "GET")).body.data.items).toEqual([]);
    expect((await hooks(t, rival, "GET", `/${id}`)).status).toBe(404);
    expect((await hooks(t, rival, "PUT", `/${id}`, { enabled: false })).status).toBe(404);
    expect((await hooks(t, rival, "GET", `/${id}/deliveries`)).status).toBe(404);
    expect((await hooks(t, rival, "POST", `/${id}/deliveries/${randomUUID()}/redeliver`)).status).toBe(404);
    expect((await hooks(t, rival, "DELETE", `/${id}`)).status).toBe(404);
    expect((await hooks(t, buyer, "POST", "", { url: "https://example.com/x", events: ["*"] })).status).toBe(
      403,
    );
    expect((await hooks(t, buyer, "GET")).status).toBe(403);
    expect((await hooks(t, owner, "GET", `/${id}`)).status).toBe(200);
    expect((await hooks(t, owner, "DELETE", `/${id}`)).status).toBe(200);
    expect((await hooks(t, owner, "GET", `/${id}`)).status).toBe(404);
  });

  it("a deleted creator's endpoints and logs go with the account", async () => {
    const owner = await registerCreator(t.app);
    await hooks(t, owner, "POST", "", { url: "https://example.com/gone", events: ["*"] });
    expect((await call(t.app, "DELETE", `/api/users/${owner.id}`, { token: owner.token })).status).toBe(200);
    const left = await t.infra.db.query("select 1 from webhook_endpoints where owner_id = $1", [owner.id]);
    expect(left.rows).toEqual([]);
  });

  it("caps the endpoints of one creator, also when created at once", async () => {
    const owner = await registerCreator(t.app);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        hooks(t, owner, "POST", "", { url: "https://example.com/h", events: ["*"] }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === "LIMIT_EXCEEDED")).toBe(
      true,
    );
    expect((await hooks(t, owner, "GET")).body.data.items).toHaveLength(3);
  });

  it("refuses unknown event types and bad URLs", async () => {
    const owner = await registerCreator(t.app);
    for (const body of [
      { url: "https://example.com", events: ["stock.changed"] },
      { url: "https://example.com", events: [] },
      { url: "ftp://example.com/x", events: ["*"] },
      { url: "https://user:pw@example.com/x", events: ["*"] },
      { url: "not a url", events: ["*"] },
    ]) {
      const r = await hooks(t, owner, "POST", "", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("webhook targets (server-side request forgery)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(); // WEBHOOK_ALLOW_PRIVATE unset
  });
  afterAll(() => t.close());

  it("refuses loopback, private, link-local and metadata targets without WEBHOOK_ALLOW_PRIVATE", async () => {
    const owner = await registerCreator(t.app);
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://app.localhost/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://0x7f.1/hook",
      "http://2130706433/hook",
      "http://10.1.2.3/hook",
      "http://192.168.1.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://metadata.google.internal/computeMetadata/v1",
      "http://[fe80::1]/hook",
      "http://0.0.0.0/hook",
    ]) {
      const r = await hooks(t, owner, "POST", "", { url, events: ["*"] });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
    }
    expect(
      (await hooks(t, owner, "POST", "", { url: "https://example.com/hook", events: ["*"] })).status,
    ).toBe(201);
  });

  it("checks the resolved address at delivery: a name resolving to loopback is not reached", async () => {
    const endpoint = await receiver();
    try {
      const port = new URL(endpoint.url).port;
      const attempt = await send(
        { url: `http://localhost:${port}/hook`, secret: "s", body: "{}", eventId: randomUUID() },
        { timeoutMs: 2_000, allowPrivate: false, nowSeconds: 1 },
      );
      expect(attempt.ok).toBe(false);
      expect(attempt.ok ? "" : attempt.error).toMatch(/may not reach/);
      const literal = await send(
        { url: endpoint.url, secret: "s", body: "{}", eventId: randomUUID() },
        { timeoutMs: 2_000, allowPrivate: false, nowSeconds: 1 },
      );
      expect(literal.ok).toBe(false);
      expect(endpoint.got).toEqual([]);
      const allowed = await send(
        { url: `http://localhost:${port}/hook`, secret: "s", body: "{}", eventId: randomUUID() },
        { timeoutMs: 2_000, allowPrivate: true, nowSeconds: 1 },
      );
      expect(allowed).toEqual({ ok: true, code: 200 });
    } finally {
      await endpoint.close();
    }
  });
});

describe("webhook retries on a moved clock", () => {
  const clock = new ManualClock(Date.parse("2030-01-01T10:00:00.000Z"));
  const DAY = 24 * 3_600_000;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
  });
  afterAll(() => t.close());

  const orderEvent = (dropId: string): OutboxEvent =>
    ({
      id: randomUUID(),
      seq: 1,
      type: "order.confirmed",
      aggregateId: randomUUID(),
      payload: { orderId: randomUUID(), userId: randomUUID(), dropId, status: "confirmed", quantity: 1 },
      createdAt: clock.now().toISOString(),
    }) as OutboxEvent;

  it("backs off exponentially, de-duplicates by event id, and disables an endpoint failing for a day", async () => {
    const endpoint = await receiver(Array(1000).fill(500));
    try {
      const jobs = t.services.webhooks.workerJobs(t.infra);
      const owner = await registerCreator(t.app);
      const created = await hooks(t, owner, "POST", "", { url: endpoint.url, events: ["order.confirmed"] });
      const id = created.body.data.id;
      const { dropId } = await insertDrop(t.infra.db, { creatorId: owner.id, stock: 5, now: clock.now() });
      const e = orderEvent(dropId);
      expect(await jobs.enqueue(e)).toBe(1);
      expect(await jobs.enqueue(e)).toBe(0); // the bus handed it over twice: one delivery

      expect(await jobs.runDue()).toBe(1);
      expect(await jobs.runDue()).toBe(0); // not due again yet
      clock.advance(29_000);
      expect(await jobs.runDue()).toBe(0);
      clock.advance(4_000); // 30 s (+ up to 10%) after the first attempt
      expect(await jobs.runDue()).toBe(1);
      clock.advance(59_000);
      expect(await jobs.runDue()).toBe(0);
      clock.advance(7_000); // 60 s (+10%)
      expect(await jobs.runDue()).toBe(1);

      // Keep failing until the day is over: the delivery gives up and the endpoint is disabled.
      const start = Date.parse("2030-01-01T10:00:00.000Z");
      while (clock.now().getTime() < start + DAY) {
        clock.advance(3_600_000);
        await jobs.runDue();
      }
      const attempts = endpoint.got.length;
      expect(attempts).toBeGreaterThan(8);
      expect(attempts).toBeLessThan(20);
      const hook = (await hooks(t, owner, "GET", `/${id}`)).body.data;
      expect(hook).toMatchObject({ enabled: false });
      expect(hook.disabledAt).not.toBeNull();
      const log = (await hooks(t, owner, "GET", `/${id}/deliveries`)).body.data.items;
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ status: "failed", lastStatusCode: 500, attempts });

      // The owner is told once, in the inbox; nothing more is sent.
      clock.advance(DAY);
      expect(await jobs.runDue()).toBe(0);
      const inbox = await call(t.app, "GET", `/api/users/${owner.id}/notifications`, { token: owner.token });
      const told = inbox.body.data.items.filter((n: { type: string }) => n.type === "webhook.disabled");
      expect(told).toHaveLength(1);
      expect(told[0].data).toMatchObject({ webhookId: id, url: endpoint.url });

      // Redelivery needs the endpoint on again; then one more attempt goes out.
      const redeliver = () => hooks(t, owner, "POST", `/${id}/deliveries/${log[0].id}/redeliver`);
      expect((await redeliver()).status).toBe(409);
      expect((await hooks(t, owner, "PUT", `/${id}`, { enabled: true })).body.data.enabled).toBe(true);
      expect((await redeliver()).status).toBe(202);
      expect(await jobs.runDue()).toBe(1);
      expect(endpoint.got).toHaveLength(attempts + 1);
    } finally {
      await endpoint.close();
    }
  });

  it("sends a due delivery once when several senders claim at the same time", async () => {
    const endpoint = await receiver();
    try {
      const senders = [1, 2, 3].map(() => t.services.webhooks.workerJobs(t.infra));
      const owner = await registerCreator(t.app);
      await hooks(t, owner, "POST", "", { url: endpoint.url, events: ["order.confirmed"] });
      const { dropId } = await insertDrop(t.infra.db, { creatorId: owner.id, stock: 5, now: clock.now() });
      for (let i = 0; i < 5; i++) await senders[0]?.enqueue(orderEvent(dropId));
      const sent = await Promise.all(senders.map((s) => s.runDue()));
      expect(sent.reduce((a, b) => a + b, 0)).toBe(5);
      expect(endpoint.got).toHaveLength(5);
      expect(new Set(endpoint.got.map((r) => r.headers["livedrop-event-id"])).size).toBe(5);
    } finally {
      await endpoint.close();
    }
  });

  it("deletes finished deliveries past the retention", async () => {
    const endpoint = await receiver();
    try {
      const jobs = t.services.webhooks.workerJobs(t.infra);
      const owner = await registerCreator(t.app);
      const created = await hooks(t, owner, "POST", "", { url: endpoint.url, events: ["*"] });
      const { dropId } = await insertDrop(t.infra.db, { creatorId: owner.id, stock: 5, now: clock.now() });
      await jobs.enqueue(orderEvent(dropId));
      await jobs.runDue();
      const log = () => hooks(t, owner, "GET", `/${created.body.data.id}/deliveries`);
      expect((await log()).body.data.items).toHaveLength(1);
      clock.advance(31 * DAY);
      await jobs.runDue();
      expect((await log()).body.data.items).toHaveLength(0);
    } finally {
      await endpoint.close();
    }
  });
});

describe("webhooks over GraphQL", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("creates (secret once), lists, updates and deletes the caller's own endpoints only", async () => {
    const owner = await registerCreator(t.app);
    const rival = await registerCreator(t.app);
    const gql = (who: TestUser, query: string) =>
      call(t.app, "POST", "/graphql", { token: who.token, body: { query } });
    const created = await gql(
      owner,
      `mutation { createWebhook(url: "https://example.com/gql", events: ["order.confirmed"]) { secret webhook { id enabled } } }`,
    );
    const { secret, webhook } = created.body.data.createWebhook;
    expect(secret).toMatch(/^whsec_/);
    const listed = await gql(owner, "{ webhooks { id url events deliveries { edges { cursor } } } }");
    expect(listed.body.data.webhooks).toEqual([
      {
        id: webhook.id,
        url: "https://example.com/gql",
        events: ["order.confirmed"],
        deliveries: { edges: [] },
      },
    ]);
    expect((await gql(rival, "{ webhooks { id } }")).body.data.webhooks).toEqual([]);
    const stolen = await gql(rival, `mutation { deleteWebhook(id: "${webhook.id}") }`);
    expect(stolen.body.errors[0].extensions.code).toBe("NOT_FOUND");
    const loopback = await gql(
      owner,
      `mutation { createWebhook(url: "http://127.0.0.1/x", events: ["*"]) { secret } }`,
    );
    expect(loopback.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const bad = await gql(
      owner,
      `mutation { createWebhook(url: "https://example.com", events: ["nope"]) { secret } }`,
    );
    expect(bad.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const updated = await gql(
      owner,
      `mutation { updateWebhook(id: "${webhook.id}", events: ["*"]) { events } }`,
    );
    expect(updated.body.data.updateWebhook.events).toEqual(["*"]);
    expect(
      (await gql(owner, `mutation { deleteWebhook(id: "${webhook.id}") }`)).body.data.deleteWebhook,
    ).toBe(true);
  });
});
