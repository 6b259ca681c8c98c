import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { type Running, startServer } from "../src/server.js";
import { startWorker } from "../src/worker.js";
import { call, insertDrop, insertUsers, registerCreator, registerUser, type TestUser } from "./factories.js";
import { isolatedEnv } from "./harness.js";
import { PushClient, waitFor } from "./push.client.js";

/**
 * The creator's order desk, end to end on one real server with its worker (`livedrop all`):
 * the drop's creator lists, exports and sums its orders, fulfils and refunds them, and the
 * buyer hears each on the socket and in the inbox; everyone else is refused and changes nothing.
 */

let running: Running;
let worker: { stop(): Promise<void> };
let dropSchema: () => Promise<void>;
const sockets: PushClient[] = [];

beforeAll(async () => {
  const iso = await isolatedEnv();
  dropSchema = iso.dropSchema;
  running = await startServer(loadConfig({ ...iso.env, PORT: "0", HOST: "127.0.0.1" }));
  worker = await startWorker(running.infra, running.services);
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await worker?.stop();
  await running?.close();
  await dropSchema?.();
});

const app = () => running.app;
const db = () => running.infra.db;

async function order(buyer: TestUser, dropId: string, paymentMethodId?: string) {
  const r = await call(app(), "POST", "/api/orders", {
    token: buyer.token,
    headers: { "idempotency-key": randomUUID() },
    body: { dropId, quantity: 1, ...(paymentMethodId ? { paymentMethodId } : {}) },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.order as { id: string; status: string };
}

/** A creator with a live drop of 20 (price 1500), and a buyer. */
async function shop() {
  const creator = await registerCreator(app());
  const buyer = await registerUser(app(), "Ada Buyer");
  const { dropId } = await insertDrop(db(), { creatorId: creator.id, stock: 20 });
  return { creator, buyer, dropId };
}

const stock = async (dropId: string) =>
  (
    await db().query<{ available: number; reserved: number; sold: number }>(
      "select available, reserved, sold from drop_inventory where drop_id = $1",
      [dropId],
    )
  ).rows[0] ?? { available: Number.NaN, reserved: Number.NaN, sold: Number.NaN };
const statusOf = async (id: string) =>
  (await db().query<{ status: string }>("select status from orders where id = $1", [id])).rows[0]?.status;
const gql = (token: string, query: string, variables: Record<string, unknown> = {}) =>
  call(app(), "POST", "/graphql", { token, body: { query, variables } });

describe("the creator's order desk", () => {
  it("lists the drop's orders to its creator, newest first, by status, page by page", async () => {
    const { creator, buyer, dropId } = await shop();
    const paid = [];
    for (let i = 0; i < 3; i++) paid.push(await order(buyer, dropId, "pm_card_ok"));
    const pending = await order(buyer, dropId);

    const all = [];
    let after = "";
    for (;;) {
      const r = await call(app(), "GET", `/api/drops/${dropId}/orders?limit=2${after}`, {
        token: creator.token,
      });
      expect(r.status).toBe(200);
      all.push(...r.body.data.items);
      if (!r.body.data.pageInfo.hasNextPage) break;
      after = `&after=${r.body.data.pageInfo.endCursor}`;
    }
    expect(all.map((o) => o.id)).toEqual([pending.id, ...paid.map((o) => o.id).reverse()]);
    expect(all[1]).toMatchObject({
      buyer: { id: buyer.id, name: "Ada Buyer" },
      variant: null,
      shippingAddress: null,
      quantity: 1,
      totalCents: 1500,
      currency: "EUR",
      status: "confirmed",
    });

    const confirmed = await call(app(), "GET", `/api/drops/${dropId}/orders?status=confirmed`, {
      token: creator.token,
    });
    expect(confirmed.body.data.items).toHaveLength(3);
    const gq = await gql(
      creator.token,
      `query($id: ID!) { drop(id: $id) { orders(status: PENDING_PAYMENT, first: 5) { edges { node { id status total buyer { name } variant { id } } } } } }`,
      { id: dropId },
    );
    expect(gq.body.errors).toBeUndefined();
    expect(gq.body.data.drop.orders.edges).toEqual([
      {
        node: {
          id: pending.id,
          status: "PENDING_PAYMENT",
          total: 1500,
          buyer: { name: "Ada Buyer" },
          variant: null,
        },
      },
    ]);

    const tampered = await call(app(), "GET", `/api/drops/${dropId}/orders?after=bm90LWEtY3Vyc29y`, {
      token: creator.token,
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("refuses everyone but the drop's creator, on REST and GraphQL, and changes nothing", async () => {
    const { buyer, dropId } = await shop();
    const rival = await registerCreator(app());
    const paid = await order(buyer, dropId, "pm_card_ok");
    for (const who of [rival, buyer]) {
      for (const path of ["orders", "orders.csv", "sales"]) {
        const r = await call(app(), "GET", `/api/drops/${dropId}/${path}`, { token: who.token });
        expect(r.status, `${path} as ${who.name}`).toBe(403);
        expect(r.body.error.code).toBe("FORBIDDEN");
      }
      const fulfil = await call(app(), "POST", `/api/orders/${paid.id}/fulfil`, {
        token: who.token,
        body: { carrier: "DHL", trackingNumber: "X1" },
      });
      const refund = await call(app(), "POST", `/api/orders/${paid.id}/refund`, { token: who.token });
      expect([fulfil.status, refund.status]).toEqual([404, 404]);
      const list = await gql(who.token, `query($id: ID!) { drop(id: $id) { orders { edges { cursor } } } }`, {
        id: dropId,
      });
      expect(list.body.errors[0].extensions.code).toBe("FORBIDDEN");
      const sales = await gql(who.token, `query($id: ID!) { drop(id: $id) { sales { units } } }`, {
        id: dropId,
      });
      expect(sales.body.errors[0].extensions.code).toBe("FORBIDDEN");
      const mutate = await gql(who.token, `mutation($id: ID!) { a: refundOrder(id: $id) { id } }`, {
        id: paid.id,
      });
      expect(mutate.body.errors[0].extensions.code).toBe("NOT_FOUND");
    }
    expect((await call(app(), "GET", `/api/drops/${dropId}/orders`)).status).toBe(401);
    expect(await statusOf(paid.id)).toBe("confirmed");
    const events = await db().query(
      "select 1 from outbox_events where aggregate_id = $1 and type in ('order.fulfilled', 'order.refunded')",
      [paid.id],
    );
    expect(events.rowCount).toBe(0);
  });

  it("refuses bad input and a fulfilment out of turn in the envelope, writing nothing", async () => {
    const { creator, buyer, dropId } = await shop();
    const paid = await order(buyer, dropId, "pm_card_ok");
    const pending = await order(buyer, dropId);
    const fulfil = (id: string, body: unknown) =>
      call(app(), "POST", `/api/orders/${id}/fulfil`, { token: creator.token, body });
    for (const body of [
      {},
      { carrier: "DHL" },
      { carrier: "", trackingNumber: "1" },
      { carrier: "DHL", trackingNumber: "x".repeat(101) },
      { carrier: "DHL", trackingNumber: "line\nbreak" },
      { carrier: "DHL", trackingNumber: 12 },
      { carrier: "DHL", trackingNumber: "1", status: "refunded" },
    ]) {
      const r = await fulfil(paid.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
    }
    expect((await fulfil("not-a-uuid", { carrier: "DHL", trackingNumber: "1" })).status).toBe(400);
    const early = await fulfil(pending.id, { carrier: "DHL", trackingNumber: "1" });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("INVALID_STATE");
    const refundPending = await call(app(), "POST", `/api/orders/${pending.id}/refund`, {
      token: creator.token,
    });
    expect(refundPending.status).toBe(409);
    for (const q of ["status=shipped", "limit=0", "limit=101", "after=%00"]) {
      const r = await call(app(), "GET", `/api/drops/${dropId}/orders?${q}`, { token: creator.token });
      expect(r.status, q).toBe(400);
    }
    expect(
      (await call(app(), "GET", `/api/drops/${dropId}/sales?bucket=week`, { token: creator.token })).status,
    ).toBe(400);
    expect([await statusOf(paid.id), await statusOf(pending.id)]).toEqual(["confirmed", "pending_payment"]);
    const bad = await gql(
      creator.token,
      `mutation($id: ID!) { fulfilOrder(id: $id, input: { carrier: "", trackingNumber: "1" }) { id } }`,
      { id: paid.id },
    );
    expect(bad.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    expect(await statusOf(paid.id)).toBe("confirmed");
  });

  it("does not ship an order whose money is on its way back (a buyer's cancellation in flight)", async () => {
    const { creator, buyer, dropId } = await shop();
    const paid = await order(buyer, dropId, "pm_card_ok");
    // The buyer's cancellation marks the payment refunding before it calls the provider.
    await db().query("update payments set status = 'refunding' where order_id = $1", [paid.id]);
    const r = await call(app(), "POST", `/api/orders/${paid.id}/fulfil`, {
      token: creator.token,
      body: { carrier: "DHL", trackingNumber: "R1" },
    });
    expect([r.status, r.body.error?.code]).toEqual([409, "INVALID_STATE"]);
    expect(await statusOf(paid.id)).toBe("confirmed");
  });

  it("fulfils and refunds once, and the buyer hears each on the socket and in the inbox", async () => {
    const { creator, buyer, dropId } = await shop();
    const [a, b, c] = [
      await order(buyer, dropId, "pm_card_ok"),
      await order(buyer, dropId, "pm_card_ok"),
      await order(buyer, dropId, "pm_card_ok"),
    ] as [{ id: string }, { id: string }, { id: string }];
    const socket = new PushClient(running.url, buyer.token);
    sockets.push(socket);
    await socket.ready;

    const shipped = await call(app(), "POST", `/api/orders/${a.id}/fulfil`, {
      token: creator.token,
      body: { carrier: "DHL", trackingNumber: "JD014600006281230704" },
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body.data).toMatchObject({
      status: "fulfilled",
      carrier: "DHL",
      trackingNumber: "JD014600006281230704",
    });
    await socket.until(
      () => socket.of("order.fulfilled").length === 1,
      10_000,
      "order.fulfilled on the socket",
    );
    expect(socket.of("order.fulfilled")[0]?.data).toMatchObject({
      orderId: a.id,
      status: "fulfilled",
      carrier: "DHL",
      trackingNumber: "JD014600006281230704",
    });
    const again = await call(app(), "POST", `/api/orders/${a.id}/fulfil`, {
      token: creator.token,
      body: { carrier: "UPS", trackingNumber: "1Z" },
    });
    expect(again.status).toBe(409);
    // The buyer sees the shipment on their own order, and can no longer cancel it.
    const mine = await call(app(), "GET", `/api/orders/${a.id}`, { token: buyer.token });
    expect(mine.body.data).toMatchObject({ status: "fulfilled", carrier: "DHL" });
    expect((await call(app(), "PUT", `/api/orders/${a.id}/cancel`, { token: buyer.token })).status).toBe(409);

    // A shipped order's refund gives the money back; its unit stays sold.
    const before = await stock(dropId);
    const refundA = await call(app(), "POST", `/api/orders/${a.id}/refund`, { token: creator.token });
    expect(refundA.status).toBe(200);
    expect(refundA.body.data.order.status).toBe("refunded");
    expect(refundA.body.data.payment.status).toBe("refunded");
    expect(await stock(dropId)).toEqual(before);
    // An unshipped order's refund returns its unit, as a buyer's cancellation does.
    const refundB = await gql(creator.token, `mutation($id: ID!) { refundOrder(id: $id) { id status } }`, {
      id: b.id,
    });
    expect(refundB.body.data.refundOrder).toEqual({ id: b.id, status: "REFUNDED" });
    expect(await stock(dropId)).toMatchObject({ available: before.available + 1, sold: before.sold - 1 });

    // Twice at once: one refund.
    const both = await Promise.all(
      [1, 2].map(() => call(app(), "POST", `/api/orders/${c.id}/refund`, { token: creator.token })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body.error.code).toBe("INVALID_STATE");
    const later = await call(app(), "POST", `/api/orders/${c.id}/refund`, { token: creator.token });
    expect(later.status).toBe(409);
    const refunds = await db().query<{ aggregate_id: string }>(
      "select aggregate_id from outbox_events where type = 'order.refunded' and aggregate_id = any($1::uuid[])",
      [[a.id, b.id, c.id]],
    );
    expect(refunds.rows.map((r) => r.aggregate_id).sort()).toEqual([a.id, b.id, c.id].sort());
    const payments = await db().query("select status from payments where order_id = $1", [c.id]);
    expect(payments.rows).toEqual([{ status: "refunded" }]);

    await socket.until(() => socket.of("order.refunded").length === 3, 10_000, "three order.refunded");
    expect(new Set(socket.of("order.refunded").map((e) => e.data.orderId))).toEqual(
      new Set([a.id, b.id, c.id]),
    );
    await waitFor(
      async () => {
        const inbox = await call(app(), "GET", `/api/users/${buyer.id}/notifications?limit=50`, {
          token: buyer.token,
        });
        const types = inbox.body.data.items.map((n: { type: string }) => n.type);
        return (
          types.filter((t: string) => t === "order.refunded").length === 3 &&
          types.includes("order.fulfilled")
        );
      },
      10_000,
      "fulfilment and refunds in the buyer's inbox",
    );
    // Mail, as for every order event: one per event, of its own kind.
    await waitFor(
      async () => {
        const r = await db().query<{ kind: string; n: number }>(
          "select kind, count(*)::int as n from mail_queue where user_id = $1 and channel = 'email' group by kind",
          [buyer.id],
        );
        const n = Object.fromEntries(r.rows.map((x) => [x.kind, x.n]));
        return n["order.fulfilled"] === 1 && n["order.refunded"] === 3;
      },
      10_000,
      "the shipping and refund mails queued",
    );
    const check = await running.services.orders.checkInvariants();
    expect(check.problems).toEqual([]);
  });

  it("sums paid orders per hour for the sales chart, refunds left out", async () => {
    const { creator, buyer, dropId } = await shop();
    const paid = [await order(buyer, dropId, "pm_card_ok"), await order(buyer, dropId, "pm_card_ok")];
    await order(buyer, dropId);
    await call(app(), "POST", `/api/orders/${paid[0]?.id}/refund`, { token: creator.token });
    await order(buyer, dropId, "pm_card_ok");
    const r = await call(app(), "GET", `/api/drops/${dropId}/sales`, { token: creator.token });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      bucket: "hour",
      currency: "EUR",
      totals: { units: 2, revenueCents: 3000, orders: 2 },
    });
    expect(r.body.data.series).toHaveLength(1);
    expect(r.body.data.series[0]).toMatchObject({ variant: null, totals: { units: 2, revenueCents: 3000 } });
    const points = r.body.data.series[0].points;
    expect(points.reduce((n: number, p: { units: number }) => n + p.units, 0)).toBe(2);
    expect(new Date(points[0].at).getUTCMinutes()).toBe(0);
  });

  it("shows each order's size and address in the list, the CSV and the sales per variant", async () => {
    const creator = await registerCreator(app());
    const buyer = await registerUser(app(), "Sized Buyer");
    const product = await call(app(), "POST", "/api/products", {
      token: creator.token,
      body: { title: "Hoodie", priceCents: 4000, currency: "EUR" },
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    const created = await call(app(), "POST", "/api/drops", {
      token: creator.token,
      body: {
        productId: product.body.data.id,
        startsAt: new Date(Date.now() - 1_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        variants: [
          { name: "S", stock: 3 },
          { name: "L", stock: 3 },
        ],
        shipsTo: ["DE"],
        shippingFeeCents: 500,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const drop = created.body.data;
    const size = (name: string) => drop.variants.find((v: { name: string }) => v.name === name).id as string;
    const address = {
      name: "Ada Buyer",
      line1: "Hauptstr. 1",
      city: "Berlin",
      postalCode: "10115",
      country: "DE",
    };
    for (const name of ["S", "L", "L"]) {
      const r = await call(app(), "POST", "/api/orders", {
        token: buyer.token,
        headers: { "idempotency-key": randomUUID() },
        body: {
          dropId: drop.id,
          quantity: 1,
          variantId: size(name),
          shippingAddress: address,
          paymentMethodId: "pm_card_ok",
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const list = await call(app(), "GET", `/api/drops/${drop.id}/orders`, { token: creator.token });
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((o: { variant: { name: string } }) => o.variant.name).sort()).toEqual([
      "L",
      "L",
      "S",
    ]);
    expect(list.body.data.items[0]).toMatchObject({ shippingAddress: address, totalCents: 4500 });
    const csv = await call(app(), "GET", `/api/drops/${drop.id}/orders.csv`, { token: creator.token });
    const lines = String(csv.body).trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).filter((l) => l.includes("Hauptstr. 1") && l.includes("Berlin"))).toHaveLength(3);
    const sales = await call(app(), "GET", `/api/drops/${drop.id}/sales`, { token: creator.token });
    const units = Object.fromEntries(
      sales.body.data.series.map((s: { variant: { name: string }; totals: { units: number } }) => [
        s.variant?.name,
        s.totals.units,
      ]),
    );
    expect(units).toEqual({ S: 1, L: 2 });
    // The same figures over GraphQL, for the same owner only.
    const gq = await gql(
      creator.token,
      `query($id: ID!) { drop(id: $id) { sales(bucket: DAY) { bucket currency units revenueCents orders series { variant { name } totals { units revenueCents } points { at units } } } } }`,
      { id: drop.id },
    );
    expect(gq.body.errors).toBeUndefined();
    const g = gq.body.data.drop.sales;
    expect(g).toMatchObject({ bucket: "DAY", currency: "EUR", units: 3, orders: 3, revenueCents: 13_500 });
    expect(
      Object.fromEntries(
        g.series.map((x: { variant: { name: string }; totals: { units: number } }) => [
          x.variant.name,
          x.totals.units,
        ]),
      ),
    ).toEqual({ S: 1, L: 2 });
  });

  it("streams every order as CSV, one line each, quoted and defused", async () => {
    const creator = await registerCreator(app());
    const n = 3_000;
    const { dropId } = await insertDrop(db(), { creatorId: creator.id, stock: n + 1 });
    const buyers = await insertUsers(db(), 40);
    // Orders straight in the database, sold as the stock says (so `livedrop check` stays clean);
    // times in whole milliseconds as the service writes them, three orders per millisecond so
    // the keyset's id tie-break is crossed at chunk boundaries.
    await db().query(
      `insert into orders (id, user_id, drop_id, quantity, unit_price_cents, total_cents, currency, status,
         idempotency_key, created_at, updated_at, expires_at)
       select gen_random_uuid(), ($2::uuid[])[1 + i % 40], $1, 1, 1500, 1500, 'EUR', 'confirmed', 'bulk-' || i,
         date_trunc('milliseconds', now()) - (i / 3) * interval '1 millisecond', now(), now()
       from generate_series(1, $3::int) as i`,
      [dropId, buyers, n],
    );
    const [evil] = await insertUsers(db(), 1);
    const name = '=HYPERLINK("http://x"), "Bob"\nnext';
    await db().query("update users set name = $2 where id = $1", [evil, name]);
    await db().query(
      `insert into orders (id, user_id, drop_id, quantity, unit_price_cents, total_cents, currency, status,
         idempotency_key, created_at, updated_at, expires_at)
       values (gen_random_uuid(), $2, $1, 1, 1500, 1500, 'EUR', 'confirmed', 'evil', now() - interval '1 day', now(), now())`,
      [dropId, evil],
    );
    await db().query("update drop_inventory set available = 0, sold = initial where drop_id = $1", [dropId]);

    const res = await fetch(`${running.url}/api/drops/${dropId}/orders.csv`, {
      headers: { authorization: `Bearer ${creator.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await res.text();
    const records = text.split("\r\n");
    expect(records.pop()).toBe(""); // the last line ends too
    expect(records).toHaveLength(1 + n + 1);
    expect(records[0]).toMatch(
      /^order_id,created_at,status,buyer_id,buyer_name,variant_id,variant_name,quantity/,
    );
    const ids = records.slice(1).map((r) => r.split(",")[0]);
    expect(new Set(ids).size).toBe(n + 1);
    const db_ids = await db().query<{ id: string }>("select id from orders where drop_id = $1", [dropId]);
    expect(new Set(ids)).toEqual(new Set(db_ids.rows.map((r) => r.id)));
    // The oldest comes last: the buyer's name quoted, its quotes doubled, the formula defused.
    expect(records.at(-1)).toContain(`,"'=HYPERLINK(""http://x""), ""Bob""\nnext",`);
    expect(records.at(-1)).toMatch(/,1,1500,EUR,,,,,,,,,$/);
    expect((await running.services.orders.checkInvariants()).problems).toEqual([]);
  }, 60_000);
});
