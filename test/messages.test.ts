import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/worker.js";
import { call, iso, newDrop, newProduct, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";
import { bodyText, header, type SmtpSink, startSmtpSink } from "./smtp-sink.js";

// Mail through a real SMTP server in this process; the worker sends the queue.
let t: TestApp;
let sink: SmtpSink;
let worker: { stop(): Promise<void> };
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({
    env: {
      SMTP_URL: sink.url,
      MAIL_FROM: "LiveDrop <no-reply@livedrop.test>",
      PUBLIC_URL: "https://shop.example",
      MAIL_POLL_MS: "50",
      MAIL_RETRY_BASE_MS: "50",
    },
  });
  worker = await startWorker(t.infra, t.services);
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
  await sink?.stop();
});

const mailsTo = (u: TestUser) => sink.to(u.email);
const waitMail = async (u: TestUser, pred: (raw: string) => boolean, what: string) => {
  await waitFor(() => mailsTo(u).some((m) => pred(m.raw)), 10_000, what);
  return mailsTo(u).find((m) => pred(m.raw))?.raw as string;
};
const unsubscribeUrl = (raw: string) => {
  const h = header(raw, "List-Unsubscribe") ?? "";
  return new URL(h.slice(1, -1));
};

async function liveDrop(creator: TestUser) {
  const productId = await newProduct(t.app, creator, { title: "Hoodie", priceCents: 5000, currency: "USD" });
  const now = Date.now();
  return newDrop(t.app, creator, {
    productId,
    startsAt: iso(now - 1_000),
    endsAt: iso(now + 3_600_000),
    initialStock: 50,
  });
}

async function buy(buyer: TestUser, dropId: string): Promise<string> {
  const res = await call(t.app, "POST", "/api/orders", {
    token: buyer.token,
    body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
    headers: { "idempotency-key": randomUUID() },
  });
  expect(res.status).toBe(201);
  return res.body.data.order?.id ?? res.body.data.id;
}

describe("Mail", () => {
  let creator: TestUser;
  beforeAll(async () => {
    creator = await registerCreator(t.app);
  });

  it("sends the buyer a receipt with the order id, text and HTML, and a one-click unsubscribe", async () => {
    const buyer = await registerUser(t.app);
    const drop = await liveDrop(creator);
    const orderId = await buy(buyer, drop.id);
    const raw = await waitMail(buyer, (r) => bodyText(r).includes(orderId), "receipt");
    expect(header(raw, "Subject")).toContain(orderId);
    expect(header(raw, "From")).toContain("no-reply@livedrop.test");
    expect(raw).toContain("text/plain");
    expect(raw).toContain("text/html");
    expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const url = unsubscribeUrl(raw);
    expect(url.origin).toBe("https://shop.example");
    expect(url.pathname).toBe("/api/unsubscribe");
  });

  it("mails a reminder to the user who asked for one, and to no one else", async () => {
    const [asker, other] = [await registerUser(t.app), await registerUser(t.app)];
    const productId = await newProduct(t.app, creator, { title: "Cap", priceCents: 2000, currency: "USD" });
    // Starts within REMINDER_LEAD_MS, so the reminder is due at once.
    const drop = await newDrop(t.app, creator, {
      productId,
      startsAt: iso(Date.now() + 120_000),
      endsAt: iso(Date.now() + 3_600_000),
      initialStock: 5,
    });
    const set = await call(t.app, "PUT", `/api/drops/${drop.id}/reminder`, { token: asker.token });
    expect(set.status).toBe(200);
    const raw = await waitMail(asker, (r) => bodyText(r).includes(drop.id), "reminder mail");
    expect(header(raw, "Subject")).toContain("starts soon");
    expect(unsubscribeUrl(raw).searchParams.get("token")).toContain("drop.reminder");
    expect(mailsTo(other).length).toBe(0);
  });

  it("mails drop.started only to followers who opted in, and stops when they opt out; receipts go on", async () => {
    const celebrity = await registerCreator(t.app);
    const [optedIn, silent] = [await registerUser(t.app), await registerUser(t.app)];
    for (const u of [optedIn, silent]) {
      expect(
        (await call(t.app, "PUT", `/api/creators/${celebrity.id}/follow`, { token: u.token })).status,
      ).toBe(200);
    }
    const on = await call(t.app, "PUT", `/api/users/${optedIn.id}/preferences`, {
      token: optedIn.token,
      body: { email: { "drop.started": true } },
    });
    expect(on.status).toBe(200);
    expect(on.body.data.email["drop.started"]).toBe(true);
    expect(on.body.data.email["order.confirmed"]).toBe(true);

    const first = await liveDrop(celebrity);
    await waitMail(optedIn, (r) => bodyText(r).includes(first.id), "drop.started mail");

    // Opt out again: the next start sends nothing, a receipt still arrives.
    const off = await call(t.app, "PUT", `/api/users/${optedIn.id}/preferences`, {
      token: optedIn.token,
      body: { email: { "drop.started": false } },
    });
    expect(off.body.data.email["drop.started"]).toBe(false);
    const second = await liveDrop(celebrity);
    const orderId = await buy(optedIn, second.id);
    await waitMail(optedIn, (r) => bodyText(r).includes(orderId), "receipt after opting out");
    // The receipt came after the second start was handled: the fan-out row exists and is done.
    await waitFor(async () => {
      const r = await t.infra.db.query<{ n: number }>(
        "select count(*)::int as n from mail_fanouts where done_at is not null and params ->> 'dropId' = $1",
        [second.id],
      );
      return r.rows[0]?.n === 1;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      mailsTo(optedIn).filter(
        (m) => bodyText(m.raw).includes(second.id) && !bodyText(m.raw).includes(orderId),
      ),
    ).toEqual([]);
    expect(mailsTo(silent)).toEqual([]);
  });

  it("turns a kind off with the one-click POST; a GET only shows a page; a forged token is a 400", async () => {
    const buyer = await registerUser(t.app);
    const drop = await liveDrop(creator);
    const orderId = await buy(buyer, drop.id);
    const raw = await waitMail(buyer, (r) => bodyText(r).includes(orderId), "receipt");
    const url = unsubscribeUrl(raw);
    const path = url.pathname + url.search;

    const page = await call(t.app, "GET", path);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const before = await call(t.app, "GET", `/api/users/${buyer.id}/preferences`, { token: buyer.token });
    expect(before.body.data.email["order.confirmed"]).toBe(true);

    // What a mail provider sends (RFC 8058): a form POST with List-Unsubscribe=One-Click.
    const res = await t.app.inject({
      method: "POST",
      url: path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual({ unsubscribed: true, kind: "order.confirmed" });
    const after = await call(t.app, "GET", `/api/users/${buyer.id}/preferences`, { token: buyer.token });
    expect(after.body.data.email["order.confirmed"]).toBe(false);
    expect(after.body.data.email["order.cancelled"]).toBe(true);

    // Tampered: another user's id, another kind, a changed signature, garbage.
    const token = url.searchParams.get("token") as string;
    const [, kind, sig] = token.split(/\.(?=[^.]*\.[^.]*$)|\.(?=[^.]*$)/) as string[];
    const other = await registerUser(t.app);
    for (const forged of [
      `${other.id}.${kind}.${sig}`,
      token.replace("order.confirmed", "order.failed"),
      `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`,
      "nonsense",
    ]) {
      const r = await call(t.app, "POST", `/api/unsubscribe?token=${encodeURIComponent(forged)}`);
      expect(r.status, forged).toBe(400);
      expect((await call(t.app, "GET", `/api/unsubscribe?token=${encodeURIComponent(forged)}`)).status).toBe(
        400,
      );
    }
    const otherPrefs = await call(t.app, "GET", `/api/users/${other.id}/preferences`, { token: other.token });
    expect(otherPrefs.body.data.email["order.confirmed"]).toBe(true);

    // Unsubscribed from receipts: the next order sends none.
    const next = await buy(buyer, drop.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsTo(buyer).some((m) => bodyText(m.raw).includes(next))).toBe(false);
  });

  it("mails the buyer when a confirmed order is cancelled and refunded", async () => {
    const buyer = await registerUser(t.app);
    const drop = await liveDrop(creator);
    const orderId = await buy(buyer, drop.id);
    const cancel = await call(t.app, "PUT", `/api/orders/${orderId}/cancel`, { token: buyer.token });
    expect(cancel.status).toBe(200);
    const raw = await waitMail(
      buyer,
      (r) => header(r, "Subject")?.includes("refunded") ?? false,
      "refund mail",
    );
    expect(header(raw, "Subject")).toBe(`Order ${orderId} was refunded`);
  });

  it("retries a mail the server refused, with backoff, and sends it once", async () => {
    const buyer = await registerUser(t.app);
    const drop = await liveDrop(creator);
    sink.reject(2);
    const orderId = await buy(buyer, drop.id);
    await waitMail(buyer, (r) => bodyText(r).includes(orderId), "retried receipt");
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsTo(buyer).filter((m) => bodyText(m.raw).includes(orderId))).toHaveLength(1);
  });
});

describe("Preferences", () => {
  it("are the caller's own: another user gets 403 reading or writing, anonymous 401", async () => {
    const [me, other] = [await registerUser(t.app), await registerUser(t.app)];
    const url = `/api/users/${me.id}/preferences`;
    expect((await call(t.app, "GET", url, { token: other.token })).status).toBe(403);
    expect(
      (await call(t.app, "PUT", url, { token: other.token, body: { email: { "drop.started": true } } }))
        .status,
    ).toBe(403);
    expect((await call(t.app, "GET", url)).status).toBe(401);
    const mine = await call(t.app, "GET", url, { token: me.token });
    expect(mine.body.data.email["drop.started"]).toBe(false);
  });

  it("refuses push endpoints inside our own network (server-side request forgery)", async () => {
    const u = await registerUser(t.app);
    const keys = {
      p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
      auth: "tBHItJI5svbpez7KI4CCXg",
    };
    for (const endpoint of [
      "https://169.254.169.254/latest",
      "https://127.0.0.1:9/push",
      "https://localhost/push",
    ]) {
      const r = await call(t.app, "POST", `/api/users/${u.id}/push-subscriptions`, {
        token: u.token,
        body: { endpoint, keys },
      });
      expect(r.status, endpoint).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
    }
  });

  it("refuses unknown event types and non-booleans, on REST and GraphQL alike", async () => {
    const me = await registerUser(t.app);
    const url = `/api/users/${me.id}/preferences`;
    for (const body of [{ email: { "drop.bogus": true } }, { email: { "drop.started": "yes" } }, {}]) {
      expect((await call(t.app, "PUT", url, { token: me.token, body })).status).toBe(400);
    }
    const gql = (query: string, variables = {}) =>
      call(t.app, "POST", "/graphql", { token: me.token, body: { query, variables } });
    const bad = await gql("mutation($e: JSON) { updatePreferences(email: $e) { email } }", {
      e: { "drop.bogus": true },
    });
    expect(bad.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const good = await gql("mutation($e: JSON) { updatePreferences(email: $e) { email webPush } }", {
      e: { "drop.started": true },
    });
    expect(good.body.data.updatePreferences.email["drop.started"]).toBe(true);
    const read = await gql("{ preferences { email } }");
    expect(read.body.data.preferences.email["drop.started"]).toBe(true);
    const anon = await call(t.app, "POST", "/graphql", { body: { query: "{ preferences { email } }" } });
    expect(anon.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
