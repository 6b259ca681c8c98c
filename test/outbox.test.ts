import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { Bus, BusMessage } from "../src/infra/bus/index.js";
import type { Db } from "../src/infra/db/index.js";
import { createPgDb } from "../src/infra/db/pg.js";
import {
  createOutboxCleanup,
  createOutboxRelay,
  type OutboxEvent,
  writeDirectEvent,
  writeEvent,
} from "../src/infra/outbox/index.js";
import { notificationJobs, notificationSettings } from "../src/modules/notifications/index.js";
import { ManualClock } from "../src/shared/clock.js";
import type { CatalogueEvent, DirectEvent } from "../src/shared/events.js";
import { workerJobs } from "../src/worker.js";
import { call, registerUser } from "./factories.js";
import { createTestApp, type TestApp, usingServices } from "./harness.js";
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

let base: string | undefined;
/** The app on a real port (for push sockets), listening once for the whole file. */
const baseUrl = async () => {
  base ??= await t.app.listen({ port: 0, host: "127.0.0.1" });
  return base;
};

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
  const res = await call(t.app, "GET", "/metrics", { token: t.config.internalToken });
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

  it("backs off while the bus is down even though every commit wakes it", async () => {
    const agg = crypto.randomUUID();
    const bus = switchableBus(t.infra.bus);
    bus.down = true;
    let failures = 0;
    const relay = createOutboxRelay({
      db: t.infra.db,
      bus,
      clock: t.infra.clock,
      maxBackoffMs: 60_000,
      onError: () => failures++,
    });
    const started = Date.now();
    relay.start();
    try {
      await burst(agg, 30);
      await waitFor(() => failures > 0, 5_000, "a failed attempt");
      // Backoff doubling from 100 ms allows about log2(elapsed / 100 ms) attempts; a retry
      // per wake-up would fail about once per commit (30).
      const allowed = 3 + Math.log2(Math.max(1, (Date.now() - started) / 100));
      expect(failures).toBeLessThanOrEqual(allowed);
    } finally {
      await relay.stop();
    }
    await createOutboxRelay({ db: t.infra.db, bus: t.infra.bus, clock: t.infra.clock }).drain();
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
    const buyer = await registerUser(t.app);
    const socket = new PushClient(await baseUrl(), buyer.token);
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

/** A connection other than the app's: on PostgreSQL a separate pool, as another process would have. */
async function otherWriter(): Promise<{ db: Db; close(): Promise<void> }> {
  if (!usingServices()) return { db: t.infra.db, close: async () => {} };
  const db = createPgDb(t.config.databaseUrl ?? "", 1);
  return { db, close: () => db.close() };
}

describe("waking the relay", () => {
  it("a commit on another connection, even plain SQL, wakes a relay whose poll would not fire for a minute", async () => {
    const agg = crypto.randomUUID();
    const l = await listen(agg);
    const writer = await otherWriter();
    const relay = createOutboxRelay({
      db: t.infra.db,
      bus: t.infra.bus,
      clock: t.infra.clock,
      pollMs: 60_000,
    });
    relay.start();
    try {
      // Let its first look and its LISTEN settle; from then on only a notification wakes it.
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 3; i++) {
        await writer.db.query(
          `insert into outbox_events (type, aggregate_id, payload, created_at)
           values ('test.wake', $1, $2::jsonb, now())`,
          [agg, JSON.stringify({ i })],
        );
        await waitFor(() => l.got.length === i + 1, 10_000, `event ${i} published`);
      }
      expect(l.got.map((m) => m.data.payload.i)).toEqual([0, 1, 2]);
    } finally {
      await relay.stop();
      await writer.close();
      await l.stop();
    }
  });
});

const DAY = 24 * 3_600_000;
const RETENTION = 7 * DAY;

/** Outbox rows written directly, with chosen publication times (null: not yet published). */
async function rows(agg: string, publishedAt: (Date | null)[], createdAt: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, at] of publishedAt.entries()) {
    const r = await t.infra.db.query<{ id: string }>(
      `insert into outbox_events (type, aggregate_id, payload, created_at, published_at)
       values ('test.retention', $1, $2::jsonb, $3, $4) returning id`,
      [agg, JSON.stringify({ i }), createdAt, at],
    );
    ids.push(r.rows[0]?.id ?? "");
  }
  return ids;
}

const left = async (agg: string) =>
  (
    await t.infra.db.query<{ i: number }>(
      "select (payload->>'i')::int as i from outbox_events where aggregate_id = $1 order by seq",
      [agg],
    )
  ).rows.map((r) => r.i);

describe("outbox retention settings", () => {
  it("keeps a week by default, takes OUTBOX_RETENTION_MS, refuses nonsense, and the worker runs the cleanup", () => {
    expect(loadConfig({}).outboxRetentionMs).toBe(RETENTION);
    expect(loadConfig({ OUTBOX_RETENTION_MS: "86400000" }).outboxRetentionMs).toBe(DAY);
    expect(() => loadConfig({ OUTBOX_RETENTION_MS: "1000" })).toThrow(
      /OUTBOX_RETENTION_MS must be an integer/,
    );
    expect(workerJobs(t.infra, t.services).map((j) => j.name)).toContain("outbox-cleanup");
  });
});

// Last in the file: the clock is a week ahead, so the cleanup removes earlier tests' rows too.
describe("outbox retention", () => {
  it("deletes published rows older than the retention, batch by batch, and keeps newer and unpublished ones", async () => {
    // A week ahead, so that publication times follow seq order, as the relay makes them.
    const clock = new ManualClock(Date.now() + RETENTION + 120_000);
    const now = clock.now().getTime();
    const old = new Date(now - RETENTION - 60_000);
    const young = new Date(now - RETENTION + 60_000);
    const agg = crypto.randomUUID();
    // In seq order: old, old, an old row never published, old, then young ones.
    await rows(agg, [old, old, null, old, young, young], new Date(now - 30 * DAY));
    const deleted: number[] = [];
    const cleanup = createOutboxCleanup({
      db: t.infra.db,
      clock,
      retentionMs: RETENTION,
      batchSize: 2,
      onDeleted: (n) => deleted.push(n),
    });
    expect(await cleanup.runOnce()).toBeGreaterThanOrEqual(3);
    expect(await left(agg)).toEqual([2, 4, 5]);
    expect(deleted.every((n) => n <= 2)).toBe(true);
    // Nothing more is due: the next run deletes nothing of them.
    await cleanup.runOnce();
    expect(await left(agg)).toEqual([2, 4, 5]);
    // A day later the young ones are due too; the unpublished one still stays.
    clock.advance(DAY);
    await cleanup.runOnce();
    expect(await left(agg)).toEqual([2]);
  });

  it("a push client resumes from an event inside the retention; from a deleted one it is told to reload", async () => {
    const clock = new ManualClock();
    const buyer = await registerUser(t.app);
    const order = (i: number) => ({
      type: "order.confirmed" as const,
      aggregateId: crypto.randomUUID(),
      payload: {
        orderId: crypto.randomUUID(),
        userId: buyer.id,
        dropId: crypto.randomUUID(),
        status: "confirmed" as const,
        quantity: i,
      },
      createdAt: clock.now(),
    });
    const relay = createOutboxRelay({ db: t.infra.db, bus: t.infra.bus, clock });
    const write = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await t.infra.db.tx((q) => writeEvent(q, order(i)))).id);
      await relay.drain();
      return ids;
    };
    const [gone] = await write(2);
    clock.advance(RETENTION - DAY);
    const [kept, after] = await write(2);
    clock.advance(DAY + 60_000);
    await createOutboxCleanup({ db: t.infra.db, clock, retentionMs: RETENTION }).runOnce();

    const resumed = new PushClient(await baseUrl(), buyer.token, { lastEventId: kept ?? "" });
    const welcome = await resumed.ready;
    await resumed.until(() => resumed.of("order.confirmed").length === 1, 5_000, "the replayed event");
    expect(resumed.of("order.confirmed").map((e) => e.id)).toEqual([after]);
    expect(welcome.data).toMatchObject({ resumed: 1, complete: true });
    await resumed.close();

    const lost = new PushClient(await baseUrl(), buyer.token, { lastEventId: gone ?? "" });
    expect((await lost.ready).data).toMatchObject({ resumed: null, complete: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(lost.of("order.confirmed")).toHaveLength(0);
    await lost.close();
  });
});
