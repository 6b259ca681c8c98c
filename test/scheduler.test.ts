import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScheduler } from "../src/modules/notifications/index.js";
import { ManualClock } from "../src/shared/clock.js";
import { call, iso, newDrop, newProduct, registerCreator, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";

const MIN = 60_000;
const LEAD = 5 * MIN;

describe("drop scheduler on a moved clock", () => {
  const clock = new ManualClock(Date.parse("2030-01-01T10:00:00.000Z"));
  let t: TestApp;
  let creator: TestUser;
  let productId: string;
  const schedulers = () =>
    [1, 2, 3].map(() => createScheduler({ db: t.infra.db, clock, endingSoonLeadMs: LEAD }));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    creator = await registerCreator(t.app);
    productId = await newProduct(t.app, creator, { title: "Poster", priceCents: 900, currency: "USD" });
  });
  afterAll(() => t.close());

  const dropIn = async (startInMs: number, lengthMs: number) => {
    const s = clock.now().getTime() + startInMs;
    const d = await newDrop(t.app, creator, {
      productId,
      startsAt: iso(s),
      endsAt: iso(s + lengthMs),
      initialStock: 5,
    });
    return { id: d.id as string, startsAt: s, endsAt: s + lengthMs };
  };
  const fired = async (dropId: string) =>
    (
      await t.infra.db.query<{ type: string; payload: any; created_at: Date }>(
        "select type, payload, created_at from outbox_events where aggregate_id = $1 and type in ('drop.started', 'drop.ending_soon', 'drop.ended') order by seq",
        [dropId],
      )
    ).rows;
  const runAll = (list: ReturnType<typeof schedulers>) => Promise.all(list.map((s) => s.runDue()));

  it("fires started, ending_soon and ended at their times, once across several schedulers", async () => {
    const d = await dropIn(10 * MIN, 60 * MIN);
    const many = schedulers();
    clock.set(d.startsAt - 1);
    await runAll(many);
    expect(await fired(d.id)).toEqual([]);
    clock.set(d.startsAt);
    await runAll(many);
    await runAll(many);
    expect((await fired(d.id)).map((e) => e.type)).toEqual(["drop.started"]);
    clock.set(d.endsAt - LEAD - 1);
    await runAll(many);
    expect(await fired(d.id)).toHaveLength(1);
    clock.set(d.endsAt - LEAD);
    await runAll(many);
    clock.set(d.endsAt);
    await runAll(many);
    await runAll(many);
    const events = await fired(d.id);
    expect(events.map((e) => e.type)).toEqual(["drop.started", "drop.ending_soon", "drop.ended"]);
    expect(events[0]?.payload).toMatchObject({ dropId: d.id, creatorId: creator.id });
    expect(Date.parse(events[0]?.payload.startsAt)).toBe(d.startsAt);
  });

  it("does not fire a cancelled drop's events", async () => {
    const d = await dropIn(10 * MIN, 60 * MIN);
    const c = await call(t.app, "POST", `/api/drops/${d.id}/cancel`, { token: creator.token });
    expect(c.status).toBe(200);
    clock.set(d.endsAt + 1);
    await runAll(schedulers());
    expect(await fired(d.id)).toEqual([]);
  });

  it("re-reads an edited drop's times", async () => {
    const d = await dropIn(10 * MIN, 60 * MIN);
    const later = d.startsAt + 20 * MIN;
    const e = await call(t.app, "PUT", `/api/drops/${d.id}`, {
      token: creator.token,
      body: { startsAt: new Date(later).toISOString() },
    });
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    const s = schedulers();
    clock.set(d.startsAt);
    await runAll(s);
    expect(await fired(d.id)).toEqual([]);
    clock.set(later);
    await runAll(s);
    const events = await fired(d.id);
    expect(events.map((x) => x.type)).toEqual(["drop.started"]);
    expect(Date.parse(events[0]?.payload.startsAt)).toBe(later);
  });

  it("after downtime a missed event fires once when a scheduler starts", async () => {
    const d = await dropIn(10 * MIN, 120 * MIN);
    clock.set(d.startsAt + 30 * MIN); // nobody was running at startsAt
    const booted = createScheduler({ db: t.infra.db, clock, endingSoonLeadMs: LEAD });
    await booted.start();
    await booted.stop();
    await runAll(schedulers());
    const events = await fired(d.id);
    expect(events.map((x) => x.type)).toEqual(["drop.started"]);
    expect(events[0]?.created_at.getTime()).toBe(d.startsAt + 30 * MIN);
  });
});

describe("drop scheduler on real time", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("arms on the catalog's bus message alone and fires drop.started once, not before startsAt", async () => {
    // No periodic re-scan in this test: only the catalog's bus message can arm the timer.
    const scheduler = createScheduler({
      db: t.infra.db,
      clock: t.infra.clock,
      bus: t.infra.bus,
      endingSoonLeadMs: LEAD,
      rescanMs: 3_600_000,
    });
    await scheduler.start();
    try {
      const creator = await registerCreator(t.app);
      const productId = await newProduct(t.app, creator, { title: "Cap", priceCents: 900, currency: "USD" });
      const startsAt = Date.now() + 600;
      const d = await newDrop(t.app, creator, {
        productId,
        startsAt: iso(startsAt),
        endsAt: iso(startsAt + 3_600_000),
        initialStock: 5,
      });
      const started = async () =>
        (
          await t.infra.db.query<{ created_at: Date }>(
            "select created_at from outbox_events where aggregate_id = $1 and type = 'drop.started'",
            [d.id],
          )
        ).rows.map((r) => r.created_at.getTime());
      // Far below rescanMs: only the scan the bus message started can have fired it.
      await waitFor(async () => (await started()).length > 0, 10_000, "drop.started");
      await new Promise((r) => setTimeout(r, 300)); // room for a second firing to show up
      const fired = await started();
      expect(fired).toHaveLength(1);
      expect(fired[0]).toBeGreaterThanOrEqual(startsAt);
    } finally {
      await scheduler.stop();
    }
  });
});
