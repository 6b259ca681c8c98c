import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bus, BusMessage } from "../src/infra/bus/index.js";
import {
  createOutboxRelay,
  type OutboxEvent,
  writeDirectEvent,
  writeEvent,
} from "../src/infra/outbox/index.js";
import { notificationJobs, notificationSettings } from "../src/modules/notifications/index.js";
import type { CatalogueEvent, DirectEvent } from "../src/shared/events.js";
import { call, registerUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { PushClient, waitFor } from "./push.client.js";

/** The real bus (NATS under test:services) behind a switch that makes publishing fail, as when NATS is down. */
function switchableBus(inner: Bus): Bus & { down: boolean } {
  const b = {
    down: false,
    kind: inner.kind,
    async publish(subject: string, data: unknown, id?: string) {
      if (b.down) throw new Error("bus unavailable");
      return inner.publish(subject, data, id);
    },
    subscribe: inner.subscribe.bind(inner),
    ping: inner.ping.bind(inner),
    close: inner.close.bind(inner),
  };
  return b;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Listen to published events of one aggregate (tests share a bus namespace per app). */
async function listen<E extends OutboxEvent = DirectEvent>(aggregateId: string) {
  const got: BusMessage<E>[] = [];
  const sub = await t.infra.bus.subscribe("events.>", (m) => {
    const msg = m as BusMessage<E>;
    if (msg.data.aggregateId === aggregateId) got.push(msg);
  });
  return { got, stop: () => sub.unsubscribe() };
}

const burst = async (aggregateId: string, n: number) => {
  for (let i = 0; i < n; i++) {
    await t.infra.db.tx((q) =>
      writeDirectEvent(q, {
        type: "test.burst",
        aggregateId,
        payload: { recipientId: aggregateId, i },
        createdAt: new Date(),
      }),
    );
  }
};

const metric = async (name: string) => {
  const res = await call(t.app, "GET", "/metrics");
  const line = String(res.body)
    .split("\n")
    .find((l) => l.startsWith(`${name} `));
  return Number(line?.split(" ")[1]);
};

describe("outbox relay", () => {
  it("publishes committed events in order, with the event id as the message id, and marks them", async () => {
    const agg = crypto.randomUUID();
    const l = await listen(agg);
    await burst(agg, 20);
    // A rolled-back transaction's event is never published.
    await t.infra.db
      .tx(async (q) => {
        await writeDirectEvent(q, {
          type: "test.burst",
          aggregateId: agg,
          payload: { recipientId: agg, i: -1 },
          createdAt: new Date(),
        });
        throw new Error("roll back");
      })
      .catch(() => {});
    const relay = createOutboxRelay({ db: t.infra.db, bus: t.infra.bus, clock: t.infra.clock });
    await relay.drain();
    await waitFor(() => l.got.length >= 20, 5_000, "20 events");
    await new Promise((r) => setTimeout(r, 100));
    expect(l.got.map((m) => m.data.payload.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const m of l.got) expect(m.id).toBe(m.data.id);
    const left = await t.infra.db.query<{ n: number }>(
      "select count(*)::int as n from outbox_events where aggregate_id = $1 and published_at is null",
      [agg],
    );
    expect(left.rows[0]?.n).toBe(0);
    await l.stop();
  });

  it("keeps events in the outbox while the bus is down and sends them all once it is back", async () => {
    const agg = crypto.randomUUID();
    const l = await listen(agg);
    const bus = switchableBus(t.infra.bus);
    bus.down = true;
    const relay = createOutboxRelay({
      db: t.infra.db,
      bus,
      clock: t.infra.clock,
      pollMs: 10,
      maxBackoffMs: 200,
    });
    relay.start();
    try {
      await burst(agg, 30);
      await new Promise((r) => setTimeout(r, 500));
      expect(l.got).toHaveLength(0);
      expect(await metric("outbox_unpublished_events")).toBeGreaterThanOrEqual(30);
      expect(await metric("outbox_lag_seconds")).toBeGreaterThan(0);
      bus.down = false;
      await waitFor(() => new Set(l.got.map((m) => m.id)).size === 30, 5_000, "all 30 after recovery");
      expect(l.got.map((m) => m.data.payload.i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      await waitFor(async () => (await metric("outbox_unpublished_events")) === 0, 5_000, "outbox drained");
    } finally {
      await relay.stop();
      await l.stop();
    }
  });

  it("several relays share the outbox without losing an event", async () => {
    const agg = crypto.randomUUID();
    const l = await listen(agg);
    const relays = [1, 2, 3].map(() =>
      createOutboxRelay({ db: t.infra.db, bus: t.infra.bus, clock: t.infra.clock, pollMs: 5, batchSize: 7 }),
    );
    for (const r of relays) r.start();
    try {
      await Promise.all([burst(agg, 40), burst(agg, 40)]);
      await waitFor(() => new Set(l.got.map((m) => m.id)).size === 80, 10_000, "80 events");
    } finally {
      for (const r of relays) await r.stop();
      await l.stop();
    }
  });

  it("coalesces a batch's stock.changed per drop to the newest", async () => {
    const drop = crypto.randomUUID();
    const l = await listen<CatalogueEvent<"stock.changed" | "stock.low">>(drop);
    const stock = (sold: number) => ({ dropId: drop, available: 10 - sold, reserved: 0, sold, initial: 10 });
    for (let sold = 1; sold <= 5; sold++) {
      await t.infra.db.tx((q) =>
        writeEvent(q, {
          type: "stock.changed",
          aggregateId: drop,
          payload: stock(sold),
          createdAt: new Date(),
        }),
      );
    }
    await t.infra.db.tx((q) =>
      writeEvent(q, { type: "stock.low", aggregateId: drop, payload: stock(8), createdAt: new Date() }),
    );
    await createOutboxRelay({ db: t.infra.db, bus: t.infra.bus, clock: t.infra.clock }).drain();
    await waitFor(() => l.got.length >= 2, 5_000, "events");
    await new Promise((r) => setTimeout(r, 100));
    expect(l.got.map((m) => [m.data.type, m.data.payload.sold])).toEqual([
      ["stock.changed", 5],
      ["stock.low", 8],
    ]);
    await l.stop();
  });
});

describe("a bus outage end to end", () => {
  it("a burst of order events written while the bus is down reaches the buyer's socket and inbox once it is back", async () => {
    const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const buyer = await registerUser(t.app);
    const socket = new PushClient(base, buyer.token);
    await socket.ready;
    const bus = switchableBus(t.infra.bus);
    bus.down = true;
    const jobs = notificationJobs(
      { ...t.infra, bus },
      t.services.notifications,
      notificationSettings(t.config),
    );
    for (const j of jobs) await j.start();
    try {
      const orders = Array.from({ length: 25 }, () => crypto.randomUUID());
      await Promise.all(
        orders.map((orderId) =>
          t.infra.db.tx((q) =>
            writeEvent(q, {
              type: "order.confirmed",
              aggregateId: orderId,
              payload: {
                orderId,
                userId: buyer.id,
                dropId: crypto.randomUUID(),
                status: "confirmed",
                quantity: 1,
              },
              createdAt: new Date(),
            }),
          ),
        ),
      );
      await new Promise((r) => setTimeout(r, 600));
      expect(socket.of("order.confirmed")).toHaveLength(0);
      bus.down = false;
      await socket.until(() => socket.of("order.confirmed").length === 25, 10_000, "every order event");
      expect(new Set(socket.of("order.confirmed").map((e) => e.data.orderId))).toEqual(new Set(orders));
      await waitFor(
        async () => {
          const inbox = await call(t.app, "GET", `/api/users/${buyer.id}/notifications?limit=100`, {
            token: buyer.token,
          });
          return inbox.body.data.items.filter((n: any) => n.type === "order.confirmed").length === 25;
        },
        10_000,
        "every order in the inbox",
      );
    } finally {
      for (const j of [...jobs].reverse()) await j.stop();
      await socket.close();
    }
  });
});
