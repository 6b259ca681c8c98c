import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../src/shared/clock.js";
import { solve } from "./altcha.js";
import { insertCreator, insertDrop, insertUsers, iso, newDrop, newProduct, tokensFor } from "./factories.js";
import { createTestApp, type TestApp, windowStartClock } from "./harness.js";

/**
 * The abuse limits of the fair-drop and order-desk entry points: joining a waiting room and
 * entering or withdrawing from a raffle share `entries`; reading one's ticket or entry counts
 * on `queue_reads`; a creator's fulfilments and refunds on `desk`, CSV exports on
 * `desk_exports`. Each is checked in the service, so REST and GraphQL count in one window; a
 * refusal is 429 RATE_LIMITED with Retry-After on REST and the same code on GraphQL. The
 * clock stands one second into a window: Retry-After is 59.
 */

const MIN = 60_000;
const RETRY = "59";
const LIMITS = {
  RATE_LIMITS: "on",
  RATE_LIMIT_ENTRIES_PER_ACCOUNT: "2",
  RATE_LIMIT_ENTRIES_PER_ADDRESS: "4",
  RATE_LIMIT_QUEUE_READS_PER_ACCOUNT: "3",
  RATE_LIMIT_DESK_PER_ACCOUNT: "2",
  RATE_LIMIT_DESK_EXPORTS_PER_ACCOUNT: "2",
  CHALLENGE_MAX_NUMBER: "2000",
};

let clock: ManualClock;
let t: TestApp;
let creator: { id: string; token: string };
let productId: string;
let n = 0;
/** A client address no other test used, so only the account's count matters unless told. */
const fresh = () => `10.9.${Math.floor(++n / 250)}.${n % 250}`;

type Res = { status: number; body: any; retryAfter: string | undefined; text: string };
async function req(
  method: "GET" | "POST" | "DELETE",
  url: string,
  o: { token?: string; body?: unknown; address?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: o.address ?? fresh(),
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
    ...(o.body !== undefined ? { payload: o.body as object } : {}),
  });
  let body: any;
  try {
    body = res.json();
  } catch {
    body = undefined;
  }
  const retry = res.headers["retry-after"];
  return {
    status: res.statusCode,
    body,
    retryAfter: retry === undefined ? undefined : String(retry),
    text: res.body,
  };
}
const gql = (query: string, variables: Record<string, unknown>, o: { token?: string; address?: string }) =>
  req("POST", "/graphql", { ...o, body: { query, variables } });

/** A REST refusal: 429, the envelope, Retry-After to the window's end, and which key. */
function expectRefused(r: Res, limit: string, scope = "account") {
  expect(r.status, r.text).toBe(429);
  expect(r.retryAfter).toBe(RETRY);
  expect(r.body).toMatchObject({
    success: false,
    error: { code: "RATE_LIMITED", details: { limit, scope, retryAfterSeconds: 59 } },
  });
}
/** A GraphQL refusal: the same code and details in extensions, 429 with Retry-After. */
function expectGqlRefused(r: Res, limit: string, scope = "account") {
  expect(r.status, r.text).toBe(429);
  expect(r.retryAfter).toBe(RETRY);
  expect(r.body.errors?.[0]?.extensions).toMatchObject({
    code: "RATE_LIMITED",
    details: { limit, scope, retryAfterSeconds: 59 },
  });
}

async function refusedBy(limit: string, scope: string): Promise<number> {
  const m = await t.infra.metrics.rateLimited.get();
  return m.values.find((v) => v.labels.limit === limit && v.labels.scope === scope)?.value ?? 0;
}

async function users(count: number): Promise<{ id: string; token: string }[]> {
  const ids = await insertUsers(t.infra.db, count);
  const tokens = tokensFor(t.config.jwtSecret, ids);
  return ids.map((id, i) => ({ id, token: tokens[i] as string }));
}

/** A queue drop whose waiting room is open (it starts in 5 minutes). */
async function queueDrop(extra: Record<string, unknown> = {}): Promise<string> {
  const now = clock.now().getTime();
  const d = await newDrop(t.app, creator, {
    productId,
    access: "queue",
    startsAt: iso(now + 5 * MIN),
    endsAt: iso(now + 65 * MIN),
    ...extra,
  });
  return d.id as string;
}

/** A raffle drop taking entries for 30 minutes. */
async function raffleDrop(extra: Record<string, unknown> = {}): Promise<string> {
  const now = clock.now().getTime();
  const d = await newDrop(t.app, creator, {
    productId,
    access: "raffle",
    entriesCloseAt: iso(now + 30 * MIN),
    startsAt: iso(now + 60 * MIN),
    endsAt: iso(now + 120 * MIN),
    initialStock: 4,
    claimTtlSeconds: 600,
    ...extra,
  });
  return d.id as string;
}

const JOIN = `mutation($id: ID!, $c: String) { joinQueue(dropId: $id, challenge: $c) { ticketId state } }`;
const TICKET = `query($id: ID!) { myQueueTicket(dropId: $id) { ticketId state } }`;
const ENTER = `mutation($id: ID!) { enterRaffle(dropId: $id) { entryId state } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawFromRaffle(dropId: $id) { withdrawn } }`;
const ENTRY = `query($id: ID!) { myRaffleEntry(dropId: $id) { entryId } }`;

beforeAll(async () => {
  clock = windowStartClock();
  t = await createTestApp({ clock, env: LIMITS });
  const id = await insertCreator(t.infra.db);
  creator = { id, token: tokensFor(t.config.jwtSecret, [id])[0] as string };
  productId = await newProduct(t.app, creator);
});
afterAll(() => t.close());

describe("entries: joining a waiting room, entering and withdrawing from a raffle", () => {
  it("REST joins and the GraphQL joinQueue count in one window per account", async () => {
    const [u, other] = await users(2);
    if (!u || !other) throw new Error("no users");
    const [a, b, c] = [await queueDrop(), await queueDrop(), await queueDrop()];
    const before = await refusedBy("entries", "account");
    expect((await req("POST", `/api/drops/${a}/queue`, { token: u.token })).status).toBe(200);
    expect((await req("POST", `/api/drops/${b}/queue`, { token: u.token })).status).toBe(200);
    // The third, on GraphQL, is over the account's limit: no ticket is made.
    expectGqlRefused(await gql(JOIN, { id: c }, { token: u.token }), "entries");
    expectRefused(await req("POST", `/api/drops/${c}/queue`, { token: u.token }), "entries");
    const tickets = await t.infra.db.query("select 1 from queue_tickets where drop_id = $1", [c]);
    expect(tickets.rows).toHaveLength(0);
    // A raffle entry is the same limit.
    expectRefused(
      await req("POST", `/api/drops/${await raffleDrop()}/entries`, { token: u.token }),
      "entries",
    );
    expect(await refusedBy("entries", "account")).toBe(before + 3);
    // Another account is not held back by it.
    expect((await gql(JOIN, { id: c }, { token: other.token })).body.errors).toBeUndefined();
  });

  it("joining again answers the same ticket, and counts: a script re-joining is refused", async () => {
    const [u] = await users(1);
    if (!u) throw new Error("no user");
    const d = await queueDrop();
    const first = await req("POST", `/api/drops/${d}/queue`, { token: u.token });
    const again = await req("POST", `/api/drops/${d}/queue`, { token: u.token });
    expect(again.body.data.ticketId).toBe(first.body.data.ticketId);
    expectRefused(await req("POST", `/api/drops/${d}/queue`, { token: u.token }), "entries");
  });

  it("raffle entries and withdrawals share the limit on REST and GraphQL", async () => {
    const [u] = await users(1);
    if (!u) throw new Error("no user");
    const d = await raffleDrop();
    expect((await req("POST", `/api/drops/${d}/entries`, { token: u.token })).status).toBe(200);
    expect((await gql(WITHDRAW, { id: d }, { token: u.token })).body.data).toEqual({
      withdrawFromRaffle: { withdrawn: true },
    });
    expectGqlRefused(await gql(ENTER, { id: d }, { token: u.token }), "entries");
    expectRefused(await req("DELETE", `/api/drops/${d}/entries`, { token: u.token }), "entries");
    expectRefused(await req("POST", `/api/drops/${d}/entries`, { token: u.token }), "entries");
  });

  it("counts per client address across accounts", async () => {
    const buyers = await users(5);
    const d = await raffleDrop();
    const address = fresh();
    const statuses = [];
    let last: Res | undefined;
    for (const b of buyers) {
      last = await req("POST", `/api/drops/${d}/entries`, { token: b.token, address });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expectRefused(last as Res, "entries", "address");
  });

  it("a refused join on a protected drop leaves its solution unspent", async () => {
    const [u] = await users(1);
    if (!u) throw new Error("no user");
    const [a, b, d] = [await raffleDrop(), await raffleDrop(), await queueDrop({ botProtection: true })];
    await req("POST", `/api/drops/${a}/entries`, { token: u.token });
    await req("POST", `/api/drops/${b}/entries`, { token: u.token });
    const solution = solve((await req("GET", "/api/challenge")).body);
    expectRefused(
      await req("POST", `/api/drops/${d}/queue`, { token: u.token, headers: { "x-challenge": solution } }),
      "entries",
    );
    const spent = await t.infra.db.query("select 1 from spent_challenges where user_id = $1", [u.id]);
    expect(spent.rows).toHaveLength(0);
  });
});

describe("queue_reads: one's ticket and raffle entry", () => {
  it("REST and GraphQL reads of a ticket count in one window; the join itself does not", async () => {
    const [u] = await users(1);
    if (!u) throw new Error("no user");
    const [d, r] = [await queueDrop(), await raffleDrop()];
    expect((await req("POST", `/api/drops/${d}/queue`, { token: u.token })).status).toBe(200);
    expect((await req("POST", `/api/drops/${r}/entries`, { token: u.token })).status).toBe(200);
    const before = await refusedBy("queue_reads", "account");
    expect((await req("GET", `/api/drops/${d}/queue/me`, { token: u.token })).status).toBe(200);
    expect((await gql(TICKET, { id: d }, { token: u.token })).body.errors).toBeUndefined();
    expect((await req("GET", `/api/drops/${r}/entries/me`, { token: u.token })).status).toBe(200);
    expectRefused(await req("GET", `/api/drops/${d}/queue/me`, { token: u.token }), "queue_reads");
    expectGqlRefused(await gql(TICKET, { id: d }, { token: u.token }), "queue_reads");
    expectGqlRefused(await gql(ENTRY, { id: r }, { token: u.token }), "queue_reads");
    expectRefused(await req("GET", `/api/drops/${r}/entries/me`, { token: u.token }), "queue_reads");
    expect(await refusedBy("queue_reads", "account")).toBe(before + 4);
  });
});

describe("the order desk", () => {
  /** A live drop of the creator's with `count` confirmed orders. */
  async function confirmedOrders(count: number): Promise<{ dropId: string; orderIds: string[] }> {
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 20, now: clock.now() });
    const [buyer] = await users(1);
    const orderIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await req("POST", "/api/orders", {
        token: buyer?.token,
        headers: { "idempotency-key": randomUUID() },
        body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
      });
      expect(r.status, r.text).toBe(201);
      expect(r.body.data.order.status).toBe("confirmed");
      orderIds.push(r.body.data.order.id);
    }
    return { dropId, orderIds };
  }

  it("refuses a creator's repeated CSV export", async () => {
    const { dropId } = await confirmedOrders(1);
    const before = await refusedBy("desk_exports", "account");
    for (let i = 0; i < 2; i++) {
      const r = await req("GET", `/api/drops/${dropId}/orders.csv`, { token: creator.token });
      expect(r.status, r.text).toBe(200);
      expect(r.text.split("\n").filter(Boolean)).toHaveLength(2);
    }
    expectRefused(
      await req("GET", `/api/drops/${dropId}/orders.csv`, { token: creator.token }),
      "desk_exports",
    );
    expect(await refusedBy("desk_exports", "account")).toBe(before + 1);
  });

  it("fulfilments and refunds share the desk limit on REST and GraphQL", async () => {
    const { orderIds } = await confirmedOrders(3);
    const [o1, o2, o3] = orderIds as [string, string, string];
    const fulfil = await req("POST", `/api/orders/${o1}/fulfil`, {
      token: creator.token,
      body: { carrier: "DHL", trackingNumber: "T1" },
    });
    expect(fulfil.status, fulfil.text).toBe(200);
    const refunded = await gql(
      `mutation($id: ID!) { refundOrder(id: $id) { status } }`,
      { id: o2 },
      {
        token: creator.token,
      },
    );
    expect(refunded.body.errors, refunded.text).toBeUndefined();
    expectRefused(await req("POST", `/api/orders/${o3}/refund`, { token: creator.token }), "desk");
    expectGqlRefused(
      await gql(
        `mutation($id: ID!, $i: FulfilInput!) { fulfilOrder(id: $id, input: $i) { status } }`,
        { id: o3, i: { carrier: "DHL", trackingNumber: "T3" } },
        { token: creator.token },
      ),
      "desk",
    );
    const status = await t.infra.db.query<{ status: string }>("select status from orders where id = $1", [
      o3,
    ]);
    expect(status.rows[0]?.status).toBe("confirmed");
  });
});
