import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { solve } from "./altcha.js";
import {
  call,
  insertUsers,
  iso,
  newDrop,
  newProduct,
  registerCreator,
  registerUser,
  type TestUser,
  tokensFor,
} from "./factories.js";
import { createTestApp, type TestApp, usingServices } from "./harness.js";

const MIN = 60_000;
const T0 = Date.parse("2031-03-01T12:00:00.000Z");
const clock = new ManualClock(T0);
let t: TestApp;
let creator: TestUser;
let productId: string;

beforeAll(async () => {
  t = await createTestApp({ clock, env: { CHALLENGE_MAX_NUMBER: "5000" } });
  creator = await registerCreator(t.app);
  productId = await newProduct(t.app, creator);
});
afterAll(() => t.close());

type Buyer = { id: string; token: string };
const order = (u: Buyer, dropId: string, headers: Record<string, string> = {}, key = randomUUID()) =>
  call(t.app, "POST", "/api/orders", {
    token: u.token,
    body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
    headers: { "idempotency-key": key, ...headers },
  });
const join = (u: Buyer, dropId: string, headers: Record<string, string> = {}) =>
  call(t.app, "POST", `/api/drops/${dropId}/queue`, { token: u.token, headers });
const ticket = (u: Buyer, dropId: string) =>
  call(t.app, "GET", `/api/drops/${dropId}/queue/me`, { token: u.token });
const gql = (query: string, variables: Record<string, unknown>, token?: string, headers = {}) =>
  call(t.app, "POST", "/graphql", { body: { query, variables }, token, headers });

/** A drop starting `inMs` from the clock's now, an hour long. */
const dropIn = async (inMs: number, extra: Record<string, unknown> = {}) =>
  (await newDrop(t.app, creator, {
    productId,
    startsAt: iso(clock.now().getTime() + inMs),
    endsAt: iso(clock.now().getTime() + inMs + 60 * MIN),
    ...extra,
  })) as { id: string; startsAt: string; [k: string]: unknown };

const solved = async () => solve((await call(t.app, "GET", "/api/challenge")).body);

const worker = () => t.services.fair.workerJob(1_000);
const events = async (type: string, dropId: string) =>
  (
    await t.infra.db.query<{ payload: any }>(
      "select payload from outbox_events where type = $1 and payload->>'dropId' = $2 order by seq",
      [type, dropId],
    )
  ).rows.map((r) => r.payload);

describe("drop settings", () => {
  it("defaults to open, 50 a second, 2-minute passes, no bot protection; edited before the start", async () => {
    clock.set(T0);
    const d = await dropIn(60 * MIN);
    expect(d).toMatchObject({
      access: "open",
      admitPerSecond: 50,
      passTtlSeconds: 120,
      botProtection: false,
    });
    const edited = await call(t.app, "PUT", `/api/drops/${d.id}`, {
      token: creator.token,
      body: { access: "queue", admitPerSecond: 5, passTtlSeconds: 30, botProtection: true },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({
      access: "queue",
      admitPerSecond: 5,
      passTtlSeconds: 30,
      botProtection: true,
    });
    const read = await gql(
      "query($id: ID!) { drop(id: $id) { access admitPerSecond passTtlSeconds botProtection } }",
      {
        id: d.id,
      },
    );
    expect(read.body.data.drop).toEqual({
      access: "queue",
      admitPerSecond: 5,
      passTtlSeconds: 30,
      botProtection: true,
    });
  });

  it("refuses raffles (not built yet) and bad values with a 400 on both transports", async () => {
    clock.set(T0);
    const start = iso(T0 + 60 * MIN);
    const end = iso(T0 + 120 * MIN);
    for (const bad of [
      { access: "raffle" },
      { admitPerSecond: 0 },
      { passTtlSeconds: 1 },
      { botProtection: "yes" },
    ]) {
      const r = await call(t.app, "POST", "/api/drops", {
        token: creator.token,
        body: { productId, startsAt: start, endsAt: end, initialStock: 1, ...bad },
      });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_ERROR");
    }
    const g = await gql(
      "mutation($i: DropInput!) { createDrop(input: $i) { id } }",
      { i: { productId, startsAt: start, endsAt: end, initialStock: 1, access: "raffle" } },
      creator.token,
    );
    expect(g.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
  });
});

describe("bot defence", () => {
  it("answers a bare ALTCHA challenge, never cached", async () => {
    const r = await call(t.app, "GET", "/api/challenge");
    expect(r.status).toBe(200);
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(Object.keys(r.body).sort()).toEqual(["algorithm", "challenge", "maxnumber", "salt", "signature"]);
    expect(r.body).toMatchObject({ algorithm: "SHA-256", maxnumber: 5000 });
  });

  it("on a protected drop: no solution, a wrong, forged or expired one is CHALLENGE_REQUIRED; a solved one orders once", async () => {
    clock.set(T0);
    const d = await dropIn(MIN, { botProtection: true, initialStock: 10 });
    clock.set(T0 + 2 * MIN);
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);

    const refused = async (headers: Record<string, string>, who: Buyer = a) => {
      const r = await order(who, d.id, headers);
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.error.code).toBe("CHALLENGE_REQUIRED");
    };
    await refused({});
    await refused({ "x-challenge": "not base64 json" });
    await refused({ "x-challenge": Buffer.from("[1,2]").toString("base64") });
    const c = (await call(t.app, "GET", "/api/challenge")).body;
    const good = JSON.parse(Buffer.from(solve(c), "base64").toString());
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");
    await refused({ "x-challenge": enc({ ...good, number: good.number + 1 }) });
    await refused({ "x-challenge": enc({ ...good, algorithm: "SHA-1" }) });
    await refused({ "x-challenge": enc({ ...good, signature: "0".repeat(64) }) });
    await refused({ "x-challenge": enc({ ...good, number: "1e999" }) });

    const key = randomUUID();
    const first = await order(a, d.id, { "x-challenge": enc(good) }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // The same request retried (same key, same solution) gets its answer again...
    const again = await order(a, d.id, { "x-challenge": enc(good) }, key);
    expect(again.status).toBe(201);
    expect(again.body.data.order.id).toBe(first.body.data.order.id);
    // ...but the solution buys nothing else, for anyone.
    await refused({ "x-challenge": enc(good) });
    await refused({ "x-challenge": enc(good) }, b);

    // A challenge older than 5 minutes is refused even if solved.
    const old = await solved();
    clock.advance(6 * MIN);
    await refused({ "x-challenge": old });
    expect((await order(b, d.id, { "x-challenge": await solved() })).status).toBe(201);
  });

  it("GraphQL takes the solution as an argument or the same header, with the same rule", async () => {
    clock.set(T0);
    const d = await dropIn(MIN, { botProtection: true });
    clock.set(T0 + 2 * MIN);
    const a = await registerUser(t.app);
    const place = (input: Record<string, unknown>, headers = {}) =>
      gql(
        "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id status } } }",
        { i: { dropId: d.id, quantity: 1, idempotencyKey: randomUUID(), ...input } },
        a.token,
        headers,
      );
    expect((await place({})).body.errors[0].extensions.code).toBe("CHALLENGE_REQUIRED");
    const s = await solved();
    expect((await place({ challenge: s })).body.data.placeOrder.order.status).toBe("PENDING_PAYMENT");
    expect((await place({ challenge: s })).body.errors[0].extensions.code).toBe("CHALLENGE_REQUIRED");
    const viaHeader = await place({}, { "x-challenge": await solved() });
    expect(viaHeader.body.data.placeOrder.order.status).toBe("PENDING_PAYMENT");
    const fresh = await gql("mutation { newChallenge { algorithm maxnumber } }", {});
    expect(fresh.body.data.newChallenge).toEqual({ algorithm: "SHA-256", maxnumber: 5000 });
  });

  it("an open unprotected drop needs neither", async () => {
    clock.set(T0);
    const d = await dropIn(MIN);
    clock.set(T0 + 2 * MIN);
    expect((await order(await registerUser(t.app), d.id)).status).toBe(201);
  });
});

describe("waiting room", () => {
  it("draws the early joiners' order at the start, puts later ones behind, admits in order, passes buy once", async () => {
    clock.set(T0);
    const d = await dropIn(60 * MIN, {
      access: "queue",
      admitPerSecond: 50,
      passTtlSeconds: 60,
      initialStock: 1000,
    });
    const startsAt = Date.parse(d.startsAt);
    const ids = await insertUsers(t.infra.db, 200);
    const buyers = tokensFor(t.config.jwtSecret, ids).map((token, i) => ({ id: ids[i]!, token }));

    // Without a pass nobody orders (the drop is not live yet either: check once it is).
    const tooEarly = await join(buyers[0]!, d.id);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.code).toBe("QUEUE_NOT_OPEN");

    clock.set(startsAt - 15 * MIN);
    const tickets: string[] = [];
    for (const b of buyers) {
      const r = await join(b, d.id);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.data).toMatchObject({ state: "waiting", position: null, ahead: null, etaSeconds: null });
      tickets.push(r.body.data.ticketId);
      clock.advance(1_000);
    }
    // One ticket per account: joining again answers the same one.
    const twice = await join(buyers[7]!, d.id);
    expect(twice.body.data.ticketId).toBe(tickets[7]);

    clock.set(startsAt);
    const late = await registerUser(t.app);
    const lateTicket = await join(late, d.id);
    expect(lateTicket.body.data).toMatchObject({ state: "waiting", position: 201, ahead: 201 - 1 });

    // Positions 1..200, no gaps, no repeats, not the order of arrival.
    const positions: number[] = [];
    for (const b of buyers) positions.push((await ticket(b, d.id)).body.data.position);
    expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(positions).not.toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    // Two workers at once admit the first second's 50 exactly once.
    const [w1, w2] = [worker(), worker()];
    await Promise.all([w1.runDue(), w2.runDue()]);
    const admitted = await events("queue.admitted", d.id);
    expect(admitted).toHaveLength(50);
    expect(admitted.map((p) => p.position).sort((x: number, y: number) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const byPos = new Map(positions.map((p, i) => [p, buyers[i]!]));
    const first = byPos.get(1)!;
    const firstTicket = (await ticket(first, d.id)).body.data;
    expect(firstTicket).toMatchObject({ state: "admitted", ahead: 0, retryAfterMs: null });
    expect(Date.parse(firstTicket.passExpiresAt)).toBe(startsAt + 60_000);
    const hundredth = (await ticket(byPos.get(100)!, d.id)).body.data;
    expect(hundredth).toMatchObject({ state: "waiting", position: 100, ahead: 49, etaSeconds: 1 });

    // Without a pass: PASS_REQUIRED; someone else's or a made-up one: PASS_INVALID.
    const none = await order(first, d.id);
    expect([none.status, none.body.error.code]).toEqual([403, "PASS_REQUIRED"]);
    const second = byPos.get(2)!;
    const stolen = await order(second, d.id, { "x-drop-pass": firstTicket.pass });
    expect([stolen.status, stolen.body.error.code]).toEqual([403, "PASS_INVALID"]);
    const forged = await order(first, d.id, { "x-drop-pass": `${firstTicket.ticketId}.AAAA` });
    expect(forged.body.error.code).toBe("PASS_INVALID");
    const waiting = await ticket(byPos.get(60)!, d.id);
    expect(waiting.body.data.pass).toBeUndefined();

    // The admitted buyer orders once with the pass; a retry of that request replays, a new one is PASS_USED.
    const key = randomUUID();
    const bought = await order(first, d.id, { "x-drop-pass": firstTicket.pass }, key);
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);
    const replay = await order(first, d.id, { "x-drop-pass": firstTicket.pass }, key);
    expect(replay.body.data.order.id).toBe(bought.body.data.order.id);
    const reuse = await order(first, d.id, { "x-drop-pass": firstTicket.pass });
    expect([reuse.status, reuse.body.error.code]).toEqual([403, "PASS_USED"]);
    expect((await ticket(first, d.id)).body.data.state).toBe("used");

    // The pass in the body works too; a declined payment gives the pass back.
    const secondPass = (await ticket(second, d.id)).body.data.pass;
    const declined = await call(t.app, "POST", "/api/orders", {
      token: second.token,
      body: { dropId: d.id, quantity: 1, paymentMethodId: "pm_card_declined", pass: secondPass },
      headers: { "idempotency-key": randomUUID() },
    });
    expect(declined.status).toBe(402);
    expect((await order(second, d.id, { "x-drop-pass": secondPass })).status).toBe(201);

    // The next second admits the next 50; an unused pass expires after passTtlSeconds.
    clock.set(startsAt + 1_000);
    await w1.runDue();
    expect(await events("queue.admitted", d.id)).toHaveLength(100);
    expect((await ticket(byPos.get(100)!, d.id)).body.data.state).toBe("admitted");
    clock.set(startsAt + 61_000);
    const third = byPos.get(3)!;
    expect((await ticket(third, d.id)).body.data.state).toBe("expired");
    const expired = await order(third, d.id, { "x-drop-pass": (await ticket(third, d.id)).body.data.pass });
    expect([expired.status, expired.body.error.code]).toEqual([403, "PASS_EXPIRED"]);
  });

  it("a crowd joining after the start: one ticket per account, the next places without a gap or repeat, joined in shared transactions", async () => {
    clock.set(T0);
    const d = await dropIn(10 * MIN, { access: "queue", initialStock: 1000 });
    const ids = await insertUsers(t.infra.db, 170);
    const users = tokensFor(t.config.jwtSecret, ids).map((token, i) => ({ id: ids[i]!, token }));
    const [early, crowd] = [users.slice(0, 20), users.slice(20)];
    for (const b of early) expect((await join(b, d.id)).status).toBe(200);
    clock.set(Date.parse(d.startsAt));
    // Count the transactions the joins make: one each (and a draw each) before, now one per batch.
    const db = t.infra.db;
    const tx = db.tx.bind(db);
    let txs = 0;
    db.tx = ((fn: never, opts: never) => {
      txs++;
      return tx(fn, opts);
    }) as typeof db.tx;
    let answers: Awaited<ReturnType<typeof join>>[];
    try {
      // Every account of the crowd at once, each twice (a double click).
      answers = await Promise.all(crowd.flatMap((b) => [join(b, d.id), join(b, d.id)]));
    } finally {
      db.tx = tx;
    }
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    for (let i = 0; i < crowd.length; i++) {
      expect(answers[2 * i]!.body.data.ticketId).toBe(answers[2 * i + 1]!.body.data.ticketId);
    }
    const positions = crowd.map((_, i) => answers[2 * i]!.body.data.position as number);
    expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: 150 }, (_, i) => 21 + i));
    const room = await db.query<{ last_position: string; n: number }>(
      `select r.last_position, (select count(*)::int from queue_tickets where drop_id = r.drop_id) as n
         from queue_rooms r where r.drop_id = $1`,
      [d.id],
    );
    expect([Number(room.rows[0]!.last_position), room.rows[0]!.n]).toEqual([170, 170]);
    expect(txs).toBeLessThan(60);
  });

  it("closes every waiting ticket at once when the drop sells out, and tells their holders", async () => {
    clock.set(T0);
    const d = await dropIn(10 * MIN, { access: "queue", admitPerSecond: 2, initialStock: 2 });
    const startsAt = Date.parse(d.startsAt);
    const ids = await insertUsers(t.infra.db, 6);
    const buyers = tokensFor(t.config.jwtSecret, ids).map((token, i) => ({ id: ids[i]!, token }));
    for (const b of buyers) expect((await join(b, d.id)).status).toBe(200);
    clock.set(startsAt);
    await worker().runDue();
    const admittedNow = [];
    for (const b of buyers) {
      const tk = (await ticket(b, d.id)).body.data;
      if (tk.state === "admitted") admittedNow.push({ b, pass: tk.pass as string });
    }
    expect(admittedNow).toHaveLength(2);
    for (const { b, pass } of admittedNow) {
      expect((await order(b, d.id, { "x-drop-pass": pass })).status).toBe(201);
    }
    clock.set(startsAt + 1_000);
    await worker().runDue();
    const states = await Promise.all(buyers.map(async (b) => (await ticket(b, d.id)).body.data.state));
    expect(states.sort()).toEqual(["closed", "closed", "closed", "closed", "used", "used"]);
    const closed = await events("queue.closed", d.id);
    expect(closed).toHaveLength(4);
    expect(closed[0]).toMatchObject({ dropId: d.id, reason: "sold_out" });
    // Nobody new gets in; a ticket holder still reads their ticket.
    const lateComer = await join(await registerUser(t.app), d.id);
    expect([lateComer.status, lateComer.body.error.code]).toEqual([409, "QUEUE_CLOSED"]);
  });

  it("a protected queue needs a solution to join; GraphQL joins and orders with the pass", async () => {
    clock.set(T0);
    const d = await dropIn(5 * MIN, { access: "queue", botProtection: true, initialStock: 5 });
    const a = await registerUser(t.app);
    const refused = await join(a, d.id);
    expect([refused.status, refused.body.error.code]).toEqual([403, "CHALLENGE_REQUIRED"]);
    const s = await solved();
    const joined = await gql(
      "mutation($d: ID!, $c: String) { joinQueue(dropId: $d, challenge: $c) { ticketId state position } }",
      { d: d.id, c: s },
      a.token,
    );
    expect(joined.body.data.joinQueue).toMatchObject({ state: "waiting", position: null });
    // The same solution joins the same queue again (same ticket); it is good for nothing else.
    expect((await join(a, d.id, { "x-challenge": s })).body.data.ticketId).toBe(
      joined.body.data.joinQueue.ticketId,
    );
    clock.set(Date.parse(d.startsAt));
    await worker().runDue();
    const mine = await gql(
      "query($d: ID!) { myQueueTicket(dropId: $d) { state position ahead pass } }",
      { d: d.id },
      a.token,
    );
    expect(mine.body.data.myQueueTicket).toMatchObject({ state: "admitted", position: 1, ahead: 0 });
    const pass = mine.body.data.myQueueTicket.pass;
    const place = (extra: Record<string, unknown>) =>
      gql(
        "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { status } } }",
        {
          i: {
            dropId: d.id,
            quantity: 1,
            idempotencyKey: randomUUID(),
            paymentMethodId: "pm_card_ok",
            ...extra,
          },
        },
        a.token,
      );
    expect((await place({ pass, challenge: s })).body.errors[0].extensions.code).toBe("CHALLENGE_REQUIRED");
    expect((await place({ challenge: await solved() })).body.errors[0].extensions.code).toBe("PASS_REQUIRED");
    expect((await place({ pass, challenge: await solved() })).body.data.placeOrder.order.status).toBe(
      "CONFIRMED",
    );
    expect((await place({ pass, challenge: await solved() })).body.errors[0].extensions.code).toBe(
      "PASS_USED",
    );
  });

  it("answers 4xx, never 500, for an open drop, an unknown drop, no ticket, a bad id", async () => {
    clock.set(T0);
    const open = await dropIn(5 * MIN);
    const a = await registerUser(t.app);
    expect((await join(a, open.id)).body.error.code).toBe("INVALID_STATE");
    expect((await join(a, randomUUID())).status).toBe(404);
    const q = await dropIn(5 * MIN, { access: "queue" });
    expect((await ticket(a, q.id)).status).toBe(404);
    expect((await call(t.app, "POST", "/api/drops/nope/queue", { token: a.token })).status).toBe(400);
    expect((await call(t.app, "POST", `/api/drops/${q.id}/queue`)).status).toBe(401);
    const huge = await join(a, q.id, { "x-challenge": "x".repeat(5000) });
    expect(huge.status).toBe(400);
  });
});

// PGlite has one connection: a second transaction waits instead of meeting a held lock.
describe.skipIf(!usingServices())("the draw on PostgreSQL", () => {
  it("never makes a request wait behind a draw in progress: 503 with Retry-After at once", async () => {
    clock.set(T0);
    const d = await dropIn(10 * MIN, { access: "queue" });
    const [id] = await insertUsers(t.infra.db, 1);
    const [token] = tokensFor(t.config.jwtSecret, [id as string]);
    const buyer = { id: id as string, token: token as string };
    expect((await join(buyer, d.id)).status).toBe(200);
    clock.set(Date.parse(d.startsAt));
    // A draw in progress holds the room's row; the buyer's poll must not queue behind it.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const drawing = t.infra.db.tx(async (q) => {
      await q.query("select 1 from queue_rooms where drop_id = $1 for update", [d.id]);
      locked();
      await held;
    });
    try {
      await isLocked;
      const started = Date.now();
      const r = await ticket(buyer, d.id);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect([r.status, r.body.error?.code]).toEqual([503, "UNAVAILABLE"]);
      expect(r.headers["retry-after"]).toBe("1");
    } finally {
      release();
      await drawing;
    }
    // Once it is free, the same poll draws (a small room) and answers a place.
    const after = await ticket(buyer, d.id);
    expect([after.status, after.body.data.position]).toEqual([200, 1]);
  });
});
