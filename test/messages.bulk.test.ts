import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailSender } from "../src/modules/messages/mail.sender.js";
import { systemClock } from "../src/shared/clock.js";
import type { OutboxEvent } from "../src/shared/events.js";
import { startWorker } from "../src/worker.js";
import {
  call,
  insertCreator,
  insertUsers,
  iso,
  newDrop,
  newProduct,
  registerCreator,
  registerUser,
} from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

/**
 * A drop start to many followers is queued set-based a page at a time, picking the opted-in
 * followers by SQL; a redelivered event queues nothing twice. Driven by hand (no worker) so
 * the counts are exact.
 */
describe("drop.started to a large following", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("queues exactly the opted-in, live followers across several pages, once", async () => {
    const db = t.infra.db;
    const creatorId = await insertCreator(db);
    const followers = await insertUsers(db, 5_300); // more than one page of 5,000
    const at = new Date(Date.now() - 1_000);
    await db.query(
      `insert into follows (user_id, creator_id, created_at)
       select id, $2, $3::timestamptz - (n || ' ms')::interval from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [followers, creatorId, at],
    );
    // Every third follower opts in; one of those is then deleted, one opted in and out again.
    const optedIn = followers.filter((_, i) => i % 3 === 0);
    await db.query(
      `insert into message_preferences (user_id, email, updated_at)
       select id, '{"drop.started": true}'::jsonb, now() from unnest($1::uuid[]) as t(id)`,
      [optedIn],
    );
    const [gone, changedMind] = optedIn as [string, string];
    await db.query("update users set email = null, deleted_at = now() where id = $1", [gone]);
    await db.query(`update message_preferences set email = '{"drop.started": false}' where user_id = $1`, [
      changedMind,
    ]);

    const event = {
      id: randomUUID(),
      seq: 1,
      type: "drop.started",
      aggregateId: randomUUID(),
      createdAt: at.toISOString(),
      payload: {
        dropId: randomUUID(),
        creatorId,
        productId: randomUUID(),
        startsAt: at.toISOString(),
        endsAt: at.toISOString(),
        dueAt: at.toISOString(),
      },
    } as OutboxEvent;
    const { messages } = t.services;
    const expand = async () => {
      let pages = 0;
      while (await messages.internals.repo.expandFanout(() => false, new Date())) pages++;
      return pages;
    };
    await messages.handle(event);
    expect(await expand()).toBe(2);
    await messages.handle(event); // redelivered
    expect(await expand()).toBe(0);
    const queued = await db.query<{ n: number; users: number }>(
      "select count(*)::int as n, count(distinct user_id)::int as users from mail_queue where dedupe_key like $1",
      [`${event.id}:%`],
    );
    expect(queued.rows[0]).toEqual({ n: optedIn.length - 2, users: optedIn.length - 2 });
  });
});

describe("fan-out expansion in the worker", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("queues every page while the provider holds the first send (expansion is not paced by sending)", async () => {
    const db = t.infra.db;
    const creatorId = await insertCreator(db);
    const followers = await insertUsers(db, 5_300); // two pages
    const at = new Date(Date.now() - 1_000);
    await db.query(
      `insert into follows (user_id, creator_id, created_at)
       select id, $2, $3::timestamptz - (n || ' ms')::interval from unnest($1::uuid[]) with ordinality as t(id, n)`,
      [followers, creatorId, at],
    );
    await db.query(
      `insert into message_preferences (user_id, email, updated_at)
       select id, '{"drop.started": true}'::jsonb, now() from unnest($1::uuid[]) as t(id)`,
      [followers],
    );
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let sends = 0;
    const { messages } = t.services;
    const sender = createMailSender({
      ...messages.internals,
      mailer: {
        kind: "smtp",
        async send() {
          sends++;
          await held; // a provider that does not answer yet
          return { messageId: randomUUID() };
        },
        close: async () => {},
      },
      clock: systemClock,
      baseUrl: "http://localhost",
      settings: { ...t.infra.config.mail, ratePerSecond: 10, batchSize: 10, pollMs: 60_000 },
    });
    const event = {
      id: randomUUID(),
      seq: 1,
      type: "drop.started",
      aggregateId: randomUUID(),
      createdAt: at.toISOString(),
      payload: { dropId: randomUUID(), creatorId, productId: randomUUID(), startsAt: at.toISOString() },
    } as OutboxEvent;
    await messages.handle(event);
    sender.start();
    try {
      await waitFor(
        async () =>
          (
            await db.query("select 1 from mail_fanouts where event_id = $1 and done_at is not null", [
              event.id,
            ])
          ).rows.length === 1,
        20_000,
        "fan-out expanded",
      );
      const q = await db.query<{ n: number }>(
        "select count(*)::int as n from mail_queue where dedupe_key like $1",
        [`${event.id}:%`],
      );
      expect(q.rows[0]?.n).toBe(5_300);
      expect(sends).toBe(10); // one batch claimed, still held by the provider
    } finally {
      release();
      await sender.stop();
    }
  });
});

describe("account deletion", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("takes the account's pending mail, preferences and push subscriptions with it", async () => {
    const u = await registerUser(t.app);
    await call(t.app, "PUT", `/api/users/${u.id}/preferences`, {
      token: u.token,
      body: { email: { "drop.started": true } },
    });
    const sub = await call(t.app, "POST", `/api/users/${u.id}/push-subscriptions`, {
      token: u.token,
      body: {
        endpoint: `https://push.example.com/${randomUUID()}`,
        keys: {
          p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
          auth: "tBHItJI5svbpez7KI4CCXg",
        },
      },
    });
    expect(sub.status).toBe(201);
    await t.services.messages.enqueueTx(t.infra.db, {
      dedupeKey: randomUUID(),
      userId: u.id,
      kind: "drop.started",
      params: { dropId: randomUUID() },
    });
    const count = async (table: string) =>
      (
        await t.infra.db.query<{ n: number }>(`select count(*)::int as n from ${table} where user_id = $1`, [
          u.id,
        ])
      ).rows[0]?.n;
    expect([
      await count("mail_queue"),
      await count("message_preferences"),
      await count("push_subscriptions"),
    ]).toEqual([1, 1, 1]);
    expect((await call(t.app, "DELETE", `/api/users/${u.id}`, { token: u.token })).status).toBe(200);
    expect([
      await count("mail_queue"),
      await count("message_preferences"),
      await count("push_subscriptions"),
    ]).toEqual([0, 0, 0]);
  });
});

/** The embedded default: no mail server, mail written by the file mailer and listed on /dev/mail. */
describe("file mailer and /dev/mail", () => {
  let t: TestApp;
  let worker: { stop(): Promise<void> };
  beforeAll(async () => {
    t = await createTestApp({ env: { MAIL_POLL_MS: "50" } });
    worker = await startWorker(t.infra, t.services);
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  it("lists a receipt with the order id and serves its raw message", async () => {
    const creator = await registerCreator(t.app);
    const buyer = await registerUser(t.app);
    const productId = await newProduct(t.app, creator);
    const drop = await newDrop(t.app, creator, {
      productId,
      startsAt: iso(Date.now() - 1_000),
      endsAt: iso(Date.now() + 3_600_000),
    });
    const res = await call(t.app, "POST", "/api/orders", {
      token: buyer.token,
      body: { dropId: drop.id, quantity: 1, paymentMethodId: "pm_card_ok" },
      headers: { "idempotency-key": randomUUID() },
    });
    const orderId = res.body.data.order.id as string;
    await waitFor(
      async () => (await call(t.app, "GET", "/dev/mail")).body.includes(orderId),
      10_000,
      "listing",
    );
    const page = await call(t.app, "GET", "/dev/mail");
    expect(page.headers["content-type"]).toContain("text/html");
    const id = /href="\/dev\/mail\/([^"]+)"/.exec(page.body)?.[1] as string;
    const raw = await call(t.app, "GET", `/dev/mail/${id}`);
    expect(raw.body).toContain(`To: ${buyer.email}`);
    expect(raw.body).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect((await call(t.app, "GET", "/dev/mail/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    // Only this machine may read the mails (they hold reset links).
    const remote = await t.app.inject({ method: "GET", url: "/dev/mail", remoteAddress: "203.0.113.9" });
    expect(remote.statusCode).toBe(404);
    expect(remote.body).not.toContain(orderId);
  });

  it("has no /dev/mail in production", async () => {
    const prod = await createTestApp({ env: { NODE_ENV: "production" } });
    try {
      const res = await call(prod.app, "GET", "/dev/mail");
      expect(String(res.body)).not.toContain("file mailer");
    } finally {
      await prod.close();
    }
  });
});
