import { createHash, createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toEvent } from "../src/infra/outbox/index.js";
import { ManualClock } from "../src/shared/clock.js";
import {
  call,
  iso,
  newDrop,
  newProduct,
  registerCreator,
  registerUser,
  type TestUser,
  walk,
} from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

const MIN = 60_000;
const TTL = 300; // seconds

// Recomputed here from the spec's words, not with the module's own functions.
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (seed: string, id: string) => createHmac("sha256", seed).update(id, "utf8").digest("hex");

describe("raffles", () => {
  const clock = new ManualClock(Date.parse("2031-03-01T10:00:00.000Z"));
  let t: TestApp;
  let creator: TestUser;
  let productId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    creator = await registerCreator(t.app);
    productId = await newProduct(t.app, creator, { title: "Grail", priceCents: 20000, currency: "EUR" });
  });
  afterAll(() => t.close());

  /** A raffle drop: entries close in 30 min, it starts in 60, 4 units at 2 per buyer (2 winners). */
  const raffleDrop = async (extra: Record<string, unknown> = {}) => {
    const now = clock.now().getTime();
    const d = await newDrop(t.app, creator, {
      productId,
      access: "raffle",
      entriesCloseAt: iso(now + 30 * MIN),
      startsAt: iso(now + 60 * MIN),
      endsAt: iso(now + 120 * MIN),
      initialStock: 4,
      perUserLimit: 2,
      claimTtlSeconds: TTL,
      ...extra,
    });
    return { id: d.id as string, drop: d, closeAt: now + 30 * MIN, startsAt: now + 60 * MIN };
  };
  const entries = (u: TestUser | null, dropId: string, method: "POST" | "DELETE") =>
    call(t.app, method, `/api/drops/${dropId}/entries`, u ? { token: u.token } : {});
  const mine = (u: TestUser, dropId: string) =>
    call(t.app, "GET", `/api/drops/${dropId}/entries/me`, { token: u.token });
  const order = (u: TestUser, dropId: string, key = randomUUID(), quantity = 1) =>
    call(t.app, "POST", "/api/orders", {
      token: u.token,
      headers: { "idempotency-key": key },
      body: { dropId, quantity, paymentMethodId: "pm_card_ok" },
    });
  const outbox = async (dropId: string) =>
    (
      await t.infra.db.query<{
        seq: string;
        id: string;
        type: string;
        aggregate_id: string;
        payload: any;
        created_at: Date;
      }>("select * from outbox_events where type like 'raffle.%' and aggregate_id = $1 order by seq", [
        dropId,
      ])
    ).rows;
  const seedOf = async (dropId: string) =>
    (await t.infra.db.query<{ seed: string }>("select seed from drop_raffles where drop_id = $1", [dropId]))
      .rows[0]?.seed as string;

  it("validates the raffle settings at creation: 400 with the envelope, never a 500", async () => {
    const now = clock.now().getTime();
    const base = {
      productId,
      startsAt: iso(now + 60 * MIN),
      endsAt: iso(now + 120 * MIN),
      initialStock: 3,
    };
    for (const body of [
      { ...base, access: "raffle" }, // no entriesCloseAt
      { ...base, access: "raffle", entriesCloseAt: iso(now + 60 * MIN) }, // not before the start
      { ...base, access: "raffle", entriesCloseAt: iso(now - MIN) }, // in the past
      { ...base, access: "raffle", entriesCloseAt: "soon" },
      { ...base, access: "raffle", entriesCloseAt: iso(now + MIN), claimTtlSeconds: 0 },
      { ...base, entriesCloseAt: iso(now + MIN) }, // an open drop with raffle settings
      { ...base, access: "lottery" },
    ]) {
      const r = await call(t.app, "POST", "/api/drops", { token: creator.token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.success).toBe(false);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
    }
    const open = await newDrop(t.app, creator, base);
    expect(open.access).toBe("open");
    expect(open).not.toHaveProperty("drawCommitment");
  });

  it("is a raffle from creation or never: an edit cannot switch a drop into or out of raffle", async () => {
    const { id } = await raffleDrop();
    const now = clock.now().getTime();
    const open = await newDrop(t.app, creator, {
      productId,
      startsAt: iso(now + 60 * MIN),
      endsAt: iso(now + 120 * MIN),
      initialStock: 4,
    });
    const patch = (dropId: string, body: Record<string, unknown>) =>
      call(t.app, "PUT", `/api/drops/${dropId}`, { token: creator.token, body });
    for (const [dropId, access] of [
      [id, "open"],
      [id, "queue"],
      [open.id as string, "raffle"],
    ] as const) {
      const r = await patch(dropId, { access });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
    }
    // Nothing changed, and an open drop may still become a queue drop before its start.
    expect((await call(t.app, "GET", `/api/drops/${id}`)).body.data.access).toBe("raffle");
    const queued = await patch(open.id as string, { access: "queue" });
    expect(queued.status, JSON.stringify(queued.body)).toBe(200);
    expect(queued.body.data.access).toBe("queue");
  });

  it("publishes the commitment, never the seed, before the draw", async () => {
    const d = await raffleDrop();
    expect(d.drop).toMatchObject({ access: "raffle", entriesCloseAt: iso(d.closeAt), claimTtlSeconds: TTL });
    expect(d.drop.drawCommitment).toMatch(/^[0-9a-f]{64}$/);
    const seed = await seedOf(d.id);
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256(seed)).toBe(d.drop.drawCommitment);

    const got = await call(t.app, "GET", `/api/drops/${d.id}`);
    expect(got.body.data.drawCommitment).toBe(d.drop.drawCommitment);
    for (const url of [`/api/drops/${d.id}`, `/api/drops/${d.id}/draw`, `/api/drops/${d.id}/draw/ranking`]) {
      const r = await call(t.app, "GET", url);
      expect(JSON.stringify(r.body)).not.toContain(seed);
    }
    const draw = await call(t.app, "GET", `/api/drops/${d.id}/draw`);
    expect(draw.status).toBe(409);
    expect(draw.body.error.code).toBe("DRAW_PENDING");
    expect((await call(t.app, "GET", `/api/drops/${d.id}/draw/ranking`)).body.error.code).toBe(
      "DRAW_PENDING",
    );
    const gql = await call(t.app, "POST", "/graphql", {
      body: { query: `{ drop(id: "${d.id}") { access raffle { drawCommitment drawn draw { seed } } } }` },
    });
    expect(gql.body.data.drop).toEqual({
      access: "raffle",
      raffle: { drawCommitment: d.drop.drawCommitment, drawn: false, draw: null },
    });
  });

  it("takes one entry per account, idempotently; withdrawing works until entries close", async () => {
    const d = await raffleDrop();
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const first = await entries(a, d.id, "POST");
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ state: "entered", rank: null });
    const again = await entries(a, d.id, "POST");
    expect(again.body.data.entryId).toBe(first.body.data.entryId);
    expect((await mine(a, d.id)).body.data).toMatchObject({
      entryId: first.body.data.entryId,
      state: "entered",
    });
    const count = await t.infra.db.query("select 1 from raffle_entries where drop_id = $1", [d.id]);
    expect(count.rows).toHaveLength(1);

    // Not entered: 404; signed out: 401; another drop, an unknown one, a bad id.
    expect((await mine(b, d.id)).status).toBe(404);
    expect((await entries(null, d.id, "POST")).status).toBe(401);
    const open = await newDrop(t.app, creator, {
      productId,
      startsAt: iso(clock.now().getTime() + MIN),
      endsAt: iso(clock.now().getTime() + 2 * MIN),
    });
    const notRaffle = await entries(a, open.id, "POST");
    expect(notRaffle.status).toBe(409);
    expect(notRaffle.body.error.code).toBe("NOT_A_RAFFLE");
    expect((await entries(a, randomUUID(), "POST")).status).toBe(404);
    const bad = await call(t.app, "POST", "/api/drops/not-an-id/entries", { token: a.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_ERROR");

    // b enters and withdraws (twice: a no-op), then may enter again with a new entry.
    const bEntry = (await entries(b, d.id, "POST")).body.data.entryId;
    expect((await entries(b, d.id, "DELETE")).body.data).toEqual({ dropId: d.id, withdrawn: true });
    expect((await entries(b, d.id, "DELETE")).body.data).toEqual({ dropId: d.id, withdrawn: false });
    expect((await mine(b, d.id)).status).toBe(404);
    expect((await entries(b, d.id, "POST")).body.data.entryId).not.toBe(bEntry);

    // At entriesCloseAt: closed both ways.
    clock.set(d.closeAt);
    for (const method of ["POST", "DELETE"] as const) {
      const r = await entries(b, d.id, method);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("ENTRIES_CLOSED");
    }
    const late = await registerUser(t.app);
    expect((await entries(late, d.id, "POST")).body.error.code).toBe("ENTRIES_CLOSED");
    expect((await mine(b, d.id)).body.data.state).toBe("entered");
  });

  it("on a protected drop, entering needs a solved challenge (REST and GraphQL), each good once", async () => {
    const d = await raffleDrop({ botProtection: true });
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const solved = async () => {
      const c = (await call(t.app, "GET", "/api/challenge")).body;
      for (let n = 0; n <= c.maxnumber; n++) {
        if (sha256(c.salt + n) === c.challenge) {
          const { algorithm, challenge, salt, signature } = c;
          const json = JSON.stringify({ algorithm, challenge, number: n, salt, signature });
          return Buffer.from(json).toString("base64");
        }
      }
      throw new Error("unsolvable challenge");
    };
    const enter = (u: TestUser, solution?: string) =>
      call(t.app, "POST", `/api/drops/${d.id}/entries`, {
        token: u.token,
        ...(solution ? { headers: { "x-challenge": solution } } : {}),
      });

    const none = await enter(a);
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe("CHALLENGE_REQUIRED");
    expect((await enter(a, "bm90IGEgc29sdXRpb24=")).body.error.code).toBe("CHALLENGE_REQUIRED");
    const solution = await solved();
    const entered = await enter(a, solution);
    expect(entered.status).toBe(200);
    expect(entered.body.data.state).toBe("entered");
    // Another account cannot reuse it.
    expect((await enter(b, solution)).body.error.code).toBe("CHALLENGE_REQUIRED");
    expect((await mine(b, d.id)).status).toBe(404);

    const gql = (query: string) => call(t.app, "POST", "/graphql", { token: b.token, body: { query } });
    const refused = await gql(`mutation { enterRaffle(dropId: "${d.id}") { state } }`);
    expect(refused.body.errors[0].extensions.code).toBe("CHALLENGE_REQUIRED");
    const ok = await gql(
      `mutation { enterRaffle(dropId: "${d.id}", challenge: "${await solved()}") { state } }`,
    );
    expect(ok.body.data.enterRaffle.state).toBe("ENTERED");
  });

  it("draws once at entriesCloseAt: seed matches the commitment, ranking is HMAC order, winners its head; only winners order", async () => {
    const d = await raffleDrop();
    const users = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerUser(t.app)));
    const entryOf = new Map<string, TestUser>();
    for (const u of users) entryOf.set((await entries(u, d.id, "POST")).body.data.entryId, u);
    const stranger = await registerUser(t.app);

    // Two workers race for the draw, each by both paths.
    const jobs = [t.services.raffles.workerJob(1_000), t.services.raffles.workerJob(1_000)];
    await Promise.all(jobs.map((j) => j.runDue()));
    expect(await outbox(d.id)).toHaveLength(0); // not yet due
    clock.set(d.closeAt);
    const raced = await Promise.all(jobs.map((j) => j.drawOne(d.id)));
    expect(raced.filter(Boolean)).toHaveLength(1);
    await Promise.all(jobs.map((j) => j.runDue()));
    const events = await outbox(d.id);
    expect(events).toHaveLength(6); // one result per entrant, once
    expect(new Set(events.map((e) => e.payload.userId)).size).toBe(6);

    const draw = (await call(t.app, "GET", `/api/drops/${d.id}/draw`)).body.data;
    expect(draw).toMatchObject({
      dropId: d.id,
      drawCommitment: d.drop.drawCommitment,
      entries: 6,
      winners: 2,
    });
    expect(sha256(draw.seed)).toBe(draw.drawCommitment);

    const ranking = await walk(t.app, `/api/drops/${d.id}/draw/ranking`, 4);
    const expected = [...entryOf.keys()].sort((x, y) => (hmac(draw.seed, x) < hmac(draw.seed, y) ? -1 : 1));
    expect(ranking).toEqual(expected.map((entryId, i) => ({ rank: i + 1, entryId })));
    const [w1, w2, r3, r4] = expected.map((id) => entryOf.get(id) as TestUser) as TestUser[];
    const r3Id = expected[2] as string;
    for (const [i, id] of expected.entries()) {
      const me = (await mine(entryOf.get(id) as TestUser, d.id)).body.data;
      expect(me).toMatchObject({ entryId: id, rank: i + 1, state: i < 2 ? "won" : "lost" });
      if (i < 2) {
        expect(me.claimStartsAt).toBe(iso(d.startsAt));
        expect(me.claimExpiresAt).toBe(iso(d.startsAt + TTL * 1000));
      }
    }

    // Told on push and inbox: raffle.won for the winners, raffle.lost for the others.
    for (const row of events) await t.services.notifications.deliver(toEvent(row));
    const inbox = async (u: TestUser) =>
      (await call(t.app, "GET", `/api/users/${u.id}/notifications`, { token: u.token })).body.data.items.map(
        (n: { type: string }) => n.type,
      );
    expect(await inbox(w1 as TestUser)).toContain("raffle.won");
    expect(await inbox(r4 as TestUser)).toContain("raffle.lost");

    // Before the start nobody orders; from the start, only the winners.
    expect((await order(w1 as TestUser, d.id)).body.error.code).toBe("DROP_NOT_LIVE");
    clock.set(d.startsAt);
    for (const u of [r3, stranger] as TestUser[]) {
      const r = await order(u, d.id);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("NOT_A_WINNER");
    }
    const key = randomUUID();
    const won = await order(w1 as TestUser, d.id, key, 2);
    expect(won.status).toBe(201);
    expect(won.body.data.order.status).toBe("confirmed");
    // perUserLimit still applies; the same key answers the same order.
    expect((await order(w1 as TestUser, d.id)).body.error.code).toBe("LIMIT_EXCEEDED");
    expect((await order(w1 as TestUser, d.id, key, 2)).body.data.order.id).toBe(won.body.data.order.id);

    await jobs[0]?.runDue();
    expect((await mine(w1 as TestUser, d.id)).body.data.state).toBe("claimed");

    // w2 lets the claim run out: forfeited, and it passes to rank 3 with a fresh window.
    clock.set(d.startsAt + TTL * 1000);
    await Promise.all(jobs.map((j) => j.runDue()));
    expect((await mine(w2 as TestUser, d.id)).body.data.state).toBe("forfeited");
    const promoted = (await mine(r3 as TestUser, d.id)).body.data;
    expect(promoted).toMatchObject({
      entryId: r3Id,
      state: "won",
      claimStartsAt: iso(clock.now().getTime()),
    });
    expect((await mine(r4 as TestUser, d.id)).body.data.state).toBe("lost");
    const passed = (await outbox(d.id)).filter((e) => e.type === "raffle.won" && e.payload.entryId === r3Id);
    expect(passed).toHaveLength(1);
    expect((await order(w2 as TestUser, d.id)).body.error.code).toBe("NOT_A_WINNER");
    expect((await order(r3 as TestUser, d.id, randomUUID(), 2)).status).toBe(201);

    // After w1's claim ran out, its retry with the same key still gets its answer.
    expect((await order(w1 as TestUser, d.id, key, 2)).body.data.order.id).toBe(won.body.data.order.id);
    expect((await order(w1 as TestUser, d.id)).body.error.code).toBe("NOT_A_WINNER");
    // Nothing is drawn twice.
    await Promise.all(jobs.map((j) => j.runDue()));
    expect((await outbox(d.id)).filter((e) => e.type === "raffle.lost")).toHaveLength(4);
  });

  it("keeps a claim while the winner's reservation is pending; forfeits it once that expires unpaid", async () => {
    const d = await raffleDrop({ initialStock: 1, perUserLimit: null });
    const [a, b] = [await registerUser(t.app), await registerUser(t.app)];
    await entries(a, d.id, "POST");
    await entries(b, d.id, "POST");
    const job = t.services.raffles.workerJob(1_000);
    clock.set(d.closeAt);
    await job.runDue();
    const ranking = await walk(t.app, `/api/drops/${d.id}/draw/ranking`);
    const winner = (await mine(a, d.id)).body.data.state === "won" ? a : b;
    const next = winner === a ? b : a;
    expect(ranking[0].entryId).toBe((await mine(winner, d.id)).body.data.entryId);

    clock.set(d.startsAt);
    const reserved = await call(t.app, "POST", "/api/orders", {
      token: winner.token,
      headers: { "idempotency-key": randomUUID() },
      body: { dropId: d.id, quantity: 1 },
    });
    expect(reserved.status).toBe(201);
    expect(reserved.body.data.order.status).toBe("pending_payment");
    clock.set(d.startsAt + TTL * 1000);
    await job.runDue();
    expect((await mine(winner, d.id)).body.data.state).toBe("won");
    expect((await mine(next, d.id)).body.data.state).toBe("lost");

    // The reservation (RESERVATION_TTL_MS, 10 min) lapses unpaid: the claim is forfeited and passes down.
    clock.set(d.startsAt + 10 * MIN + 1);
    await t.services.orders.expiry.runOnce();
    const lapsed = await call(t.app, "GET", `/api/orders/${reserved.body.data.order.id}`, {
      token: winner.token,
    });
    expect(lapsed.body.data.status).toBe("expired");
    await job.runDue();
    expect((await mine(winner, d.id)).body.data.state).toBe("forfeited");
    expect((await mine(next, d.id)).body.data.state).toBe("won");
  });

  it("forgets a deleted account's entry in a raffle not drawn yet", async () => {
    const d = await raffleDrop();
    const a = await registerUser(t.app);
    await entries(a, d.id, "POST");
    expect((await call(t.app, "DELETE", `/api/users/${a.id}`, { token: a.token })).status).toBe(200);
    const left = await t.infra.db.query("select 1 from raffle_entries where user_id = $1", [a.id]);
    expect(left.rows).toEqual([]);
  });

  it("speaks GraphQL with the same rules: enter, myEntry, the draw", async () => {
    const d = await raffleDrop();
    const a = await registerUser(t.app);
    const gql = (query: string, u: TestUser | null = a) =>
      call(t.app, "POST", "/graphql", { ...(u ? { token: u.token } : {}), body: { query } });
    const entered = await gql(`mutation { enterRaffle(dropId: "${d.id}") { entryId state } }`);
    expect(entered.body.data.enterRaffle.state).toBe("ENTERED");
    const again = await gql(`mutation { enterRaffle(dropId: "${d.id}") { entryId } }`);
    expect(again.body.data.enterRaffle.entryId).toBe(entered.body.data.enterRaffle.entryId);
    const view = await gql(`{ drop(id: "${d.id}") { raffle { myEntry { state } } } }`);
    expect(view.body.data.drop.raffle.myEntry).toEqual({ state: "ENTERED" });
    const anon = await gql(`mutation { enterRaffle(dropId: "${d.id}") { entryId } }`, null);
    expect(anon.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const bad = await gql(`mutation { enterRaffle(dropId: "nope") { entryId } }`);
    expect(bad.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const pending = await gql(`{ raffleDraw(dropId: "${d.id}") { seed } }`, null);
    expect(pending.body.errors[0].extensions.code).toBe("DRAW_PENDING");

    clock.set(d.closeAt);
    const closed = await gql(`mutation { withdrawFromRaffle(dropId: "${d.id}") { withdrawn } }`);
    expect(closed.body.errors[0].extensions.code).toBe("ENTRIES_CLOSED");
    await t.services.raffles.workerJob(1_000).runDue();
    const after = await gql(
      `{ drop(id: "${d.id}") { raffle { drawn draw { seed drawCommitment entries winners }
           myEntry { state rank } ranking(first: 5) { edges { node { rank entryId } } } } } }`,
    );
    const r = after.body.data.drop.raffle;
    expect(r.drawn).toBe(true);
    expect(sha256(r.draw.seed)).toBe(r.draw.drawCommitment);
    expect(r.draw).toMatchObject({ entries: 1, winners: 1 });
    expect(r.myEntry).toEqual({ state: "WON", rank: 1 });
    expect(r.ranking.edges).toEqual([{ node: { rank: 1, entryId: entered.body.data.enterRaffle.entryId } }]);
  });
});
