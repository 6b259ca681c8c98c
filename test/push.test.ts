import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { writeEvent } from "../src/infra/outbox/index.js";
import { type Running, startServer } from "../src/server.js";
import { startWorker } from "../src/worker.js";
import {
  createDrop,
  creatorWithProduct,
  http,
  registerCreator,
  registerUser,
  type TestUser,
} from "./factories.js";
import { isolatedEnv } from "./harness.js";
import { PushClient, waitFor } from "./push.client.js";

// One real server on a real port with its worker in the same process (`livedrop all`).
let running: Running;
let worker: { stop(): Promise<void> };
let dropSchema: () => Promise<void>;
let base: string;
const clients: PushClient[] = [];
const connect = async (token: string, query: Record<string, string> = {}) => {
  const c = new PushClient(base, token, query);
  clients.push(c);
  await c.ready;
  return c;
};

beforeAll(async () => {
  const iso = await isolatedEnv();
  dropSchema = iso.dropSchema;
  running = await startServer(loadConfig({ ...iso.env, PORT: "0", HOST: "127.0.0.1" }));
  worker = await startWorker(running.infra, running.services);
  base = running.url;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await worker.stop();
  await running.close();
  await dropSchema();
});

const internalSend = (userId: string, type: string, payload: Record<string, unknown> = {}) =>
  http(base, "POST", "/internal/notifications/send", {
    token: running.infra.config.internalToken,
    body: { userId, type, payload },
  });

async function creatorAndFollowers(n: number) {
  const creator = await registerCreator(running.app);
  const followers: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    const u = await registerUser(running.app);
    const f = await http(base, "PUT", `/api/creators/${creator.id}/follow`, { token: u.token });
    expect(f.status).toBe(200);
    followers.push(u);
  }
  const { productId } = await creatorWithProduct(base, creator.token);
  return { creator, followers, productId };
}

describe("push over WebSocket", () => {
  it("delivers drop.started once to every connected follower, not before startsAt", async () => {
    const { creator, followers, productId } = await creatorAndFollowers(5);
    const outsider = await registerUser(running.app);
    const socks = await Promise.all(followers.map((f) => connect(f.token)));
    const other = await connect(outsider.token);
    const startsAt = new Date(Date.now() + 1_200);
    const drop = await createDrop(base, creator.token, {
      productId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60_000),
    });
    await waitFor(
      () => socks.every((s) => s.of("drop.started").length > 0),
      10_000,
      "drop.started everywhere",
    );
    await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
    const ids = new Set<string>();
    for (const s of socks) {
      const got = s.of("drop.started");
      expect(got).toHaveLength(1);
      expect(got[0]?.data.dropId).toBe(drop.id);
      expect(got[0]?.data.creatorId).toBe(creator.id);
      expect(got[0]?.at).toBeGreaterThanOrEqual(startsAt.getTime());
      ids.add(got[0]?.id ?? "");
    }
    expect(ids.size).toBe(1);
    expect(other.of("drop.started")).toHaveLength(0);
    const metrics = await (
      await fetch(`${base}/metrics`, {
        headers: { authorization: `Bearer ${running.infra.config.internalToken}` },
      })
    ).text();
    expect(metrics).toMatch(/^scheduler_fire_delay_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^push_events_total [1-9]/m);
  });

  it("a connected socket hears a creator it follows after connecting, and stops after unfollowing", async () => {
    const creator = await registerCreator(running.app);
    const { productId } = await creatorWithProduct(base, creator.token);
    const fan = await registerUser(running.app);
    const sock = await connect(fan.token);
    expect((await http(base, "PUT", `/api/creators/${creator.id}/follow`, { token: fan.token })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 200)); // the follow news crosses the bus
    const first = await createDrop(base, creator.token, {
      productId,
      startsAt: new Date(Date.now() + 500),
      endsAt: new Date(Date.now() + 60_000),
    });
    await sock.until(() => sock.of("drop.started").length === 1, 10_000, "drop.started after following");
    expect(sock.of("drop.started")[0]?.data.dropId).toBe(first.id);

    expect(
      (await http(base, "DELETE", `/api/creators/${creator.id}/follow`, { token: fan.token })).status,
    ).toBe(200);
    // A follower connected before the second drop shows when it has started (connected
    // first: on a slow day registering could outlast the drop's start, and a socket that
    // connects after an event does not get it without a resume id).
    const witness = await registerUser(running.app);
    await http(base, "PUT", `/api/creators/${creator.id}/follow`, { token: witness.token });
    const w = await connect(witness.token);
    await new Promise((r) => setTimeout(r, 200)); // the follow and unfollow news cross the bus
    const second = await createDrop(base, creator.token, {
      productId,
      startsAt: new Date(Date.now() + 300),
      endsAt: new Date(Date.now() + 60_000),
    });
    await w.until(() => w.of("drop.started").some((e) => e.data.dropId === second.id), 10_000, "witness");
    expect(sock.of("drop.started").map((e) => e.data.dropId)).toEqual([first.id]);
  });

  it("a client disconnected across the start gets the event when it resumes from its last id", async () => {
    const { creator, followers, productId } = await creatorAndFollowers(2);
    const [away, stays] = followers as [TestUser, TestUser];
    const first = await connect(away.token);
    const sent = await internalSend(away.id, "note.hello", { n: 1 });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await first.until(() => first.of("note.hello").length === 1, 5_000, "note");
    const lastId = first.events.at(-1)?.id as string;
    await first.close();

    const witness = await connect(stays.token);
    const startsAt = new Date(Date.now() + 500);
    await createDrop(base, creator.token, {
      productId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60_000),
    });
    await witness.until(() => witness.of("drop.started").length === 1, 10_000, "witness");

    const back = await connect(away.token, { lastEventId: lastId });
    await back.until(() => back.of("drop.started").length === 1, 5_000, "replayed drop.started");
    const welcome = back.controls.find((c) => c.type === "welcome");
    expect(welcome?.data.resumed).toBeGreaterThanOrEqual(1);
    expect(welcome?.data.complete).toBe(true);
    expect(back.of("note.hello")).toHaveLength(0); // nothing at or before the last id comes again
    await new Promise((r) => setTimeout(r, 200));
    expect(back.of("drop.started")).toHaveLength(1);
  });

  it("sends order events to the buyer only", async () => {
    const buyer = await registerUser(running.app);
    const other = await registerUser(running.app);
    const b = await connect(buyer.token);
    const o = await connect(other.token);
    const orderId = crypto.randomUUID();
    await running.infra.db.tx((q) =>
      writeEvent(q, {
        type: "order.confirmed",
        aggregateId: orderId,
        payload: { orderId, userId: buyer.id, dropId: crypto.randomUUID(), status: "confirmed", quantity: 1 },
        createdAt: new Date(),
      }),
    );
    await b.until(() => b.of("order.confirmed").length === 1, 5_000, "order event");
    expect(b.of("order.confirmed")[0]?.data.orderId).toBe(orderId);
    await waitFor(
      async () => {
        const inbox = await http(base, "GET", `/api/users/${buyer.id}/notifications`, { token: buyer.token });
        return inbox.body.data.items.some(
          (n: any) => n.type === "order.confirmed" && n.data.orderId === orderId,
        );
      },
      5_000,
      "order in the buyer's inbox",
    );
    expect(o.of("order.confirmed")).toHaveLength(0);
  });

  it("refuses another user's channel, at connect and by message, and a missing token", async () => {
    const me = await registerUser(running.app);
    const them = await registerUser(running.app);
    const c = await connect(me.token);
    c.send({ type: "subscribe", channel: `user:${them.id}` });
    c.send({ type: "subscribe", channel: `user:${me.id}` });
    await c.until(() => c.controls.filter((m) => m.type !== "welcome").length >= 2, 5_000, "answers");
    const [refused, accepted] = c.controls.filter((m) => m.type !== "welcome");
    expect(refused).toMatchObject({ type: "error", error: { code: "FORBIDDEN" } });
    expect(accepted).toMatchObject({ type: "subscribed", data: { channel: `user:${me.id}` } });

    // Their notification never reaches me.
    await internalSend(them.id, "note.private");
    const theirs = await connect(them.token);
    await internalSend(them.id, "note.private");
    await theirs.until(() => theirs.of("note.private").length === 1, 5_000, "their note");
    expect(c.of("note.private")).toHaveLength(0);

    const atConnect = new PushClient(base, me.token, { subscribe: `user:${them.id}` });
    clients.push(atConnect);
    await expect(atConnect.ready).rejects.toThrow("closed 1008");
    const closed = await atConnect.closed;
    expect(closed.code).toBe(1008);
    expect(atConnect.controls[0]).toMatchObject({ type: "error", error: { code: "FORBIDDEN" } });

    const anon = new PushClient(base, "not-a-token");
    await expect(anon.ready).rejects.toThrow("HTTP 401");
  });

  it("a drop channel must name a drop: resuming with drop:<another user's id> replays nothing of theirs", async () => {
    const me = await registerUser(running.app);
    const them = await registerUser(running.app);
    const first = await internalSend(them.id, "note.secret", { pin: 1234 });
    expect(first.status).toBe(201);
    await internalSend(them.id, "note.secret", { pin: 5678 });
    const since = first.body.data.eventId as string;

    // On connect, with an old event id: refused outright, nothing replayed.
    const spy = new PushClient(base, me.token, { subscribe: `drop:${them.id}`, lastEventId: since });
    clients.push(spy);
    await expect(spy.ready).rejects.toThrow("closed 1008");
    expect(spy.controls[0]).toMatchObject({ type: "error", error: { code: "NOT_FOUND" } });
    expect(spy.of("note.secret")).toHaveLength(0);

    // By message, on an open socket: refused too.
    const c = await connect(me.token);
    c.send({ type: "subscribe", channel: `drop:${them.id}` });
    await c.until(() => c.controls.some((m) => m.type === "error"), 5_000, "refusal");
    expect(c.controls.find((m) => m.type === "error")).toMatchObject({ error: { code: "NOT_FOUND" } });

    // The SSE stream refuses it before streaming anything.
    const sse = await fetch(
      `${base}/api/notifications/stream?subscribe=drop:${them.id}&lastEventId=${since}`,
      { headers: { authorization: `Bearer ${me.token}` } },
    );
    expect(sse.status).toBe(404);
    expect(((await sse.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect(c.of("note.secret")).toHaveLength(0);
  });

  it("coalesces a burst of stock.changed on a drop channel, in order, newest last", async () => {
    const viewer = await registerUser(running.app);
    const creator = await registerCreator(running.app);
    const { productId } = await creatorWithProduct(base, creator.token);
    const { id: dropId } = await createDrop(base, creator.token, {
      productId,
      startsAt: new Date(Date.now() + 3_600_000),
      endsAt: new Date(Date.now() + 7_200_000),
    });
    const c = await connect(viewer.token);
    c.send({ type: "subscribe", channel: `drop:${dropId}` });
    await c.until(() => c.controls.some((m) => m.type === "subscribed"), 5_000, "subscribed");
    // One transaction: the 30 snapshots reach the hub together however slow the machine is,
    // so without coalescing every one of them would be sent.
    await running.infra.db.tx(async (q) => {
      for (let i = 1; i <= 30; i++) {
        await writeEvent(q, {
          type: "stock.changed",
          aggregateId: dropId,
          payload: { dropId, available: 100 - i, reserved: 0, sold: i, initial: 100 },
          createdAt: new Date(),
        });
      }
    });
    await c.until(() => c.of("stock.changed").at(-1)?.data.sold === 30, 10_000, "final snapshot");
    await new Promise((r) => setTimeout(r, 500)); // room for a stray snapshot after the newest
    const sold = c.of("stock.changed").map((e) => e.data.sold as number);
    expect(sold.at(-1)).toBe(30);
    expect(sold).toEqual([...sold].sort((a, b) => a - b));
    expect(new Set(sold).size).toBe(sold.length);
    expect(sold.length).toBeLessThanOrEqual(10);

    c.send({ type: "unsubscribe", channel: `drop:${dropId}` });
    await c.until(() => c.controls.some((m) => m.type === "unsubscribed"), 5_000, "unsubscribed");
    const witness = await connect(viewer.token, { subscribe: `drop:${dropId}` });
    await running.infra.db.tx((q) =>
      writeEvent(q, {
        type: "stock.low",
        aggregateId: dropId,
        payload: { dropId, available: 1, reserved: 0, sold: 9, initial: 10 },
        createdAt: new Date(),
      }),
    );
    await witness.until(() => witness.of("stock.low").length === 1, 5_000, "stock.low on the drop channel");
    await new Promise((r) => setTimeout(r, 200));
    expect(c.of("stock.low")).toHaveLength(0);
  });
});

describe("Server-Sent Events fallback", () => {
  async function openStream(token: string, headers: Record<string, string> = {}) {
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
      signal: ctrl.signal,
    });
    const frames: { id?: string; event?: string; data?: any }[] = [];
    const reader = res.body?.getReader();
    let buf = "";
    void (async () => {
      for (;;) {
        const chunk = await reader?.read().catch(() => undefined);
        if (!chunk || chunk.done) return;
        buf += new TextDecoder().decode(chunk.value);
        let cut = buf.indexOf("\n\n");
        while (cut >= 0) {
          const frame: { id?: string; event?: string; data?: any } = {};
          for (const line of buf.slice(0, cut).split("\n")) {
            if (line.startsWith("id: ")) frame.id = line.slice(4);
            if (line.startsWith("event: ")) frame.event = line.slice(7);
            if (line.startsWith("data: ")) frame.data = JSON.parse(line.slice(6));
          }
          if (frame.event) frames.push(frame);
          buf = buf.slice(cut + 2);
          cut = buf.indexOf("\n\n");
        }
      }
    })();
    return { res, frames, close: () => ctrl.abort() };
  }

  it("streams the user's events and resumes from Last-Event-ID", async () => {
    const u = await registerUser(running.app);
    const s1 = await openStream(u.token);
    expect(s1.res.status).toBe(200);
    expect(s1.res.headers.get("content-type")).toContain("text/event-stream");
    // It is hijacked from Fastify, and still carries the security headers and its request id.
    expect(s1.res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(s1.res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(s1.res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => s1.frames.some((f) => f.event === "welcome"), 5_000, "welcome");
    await internalSend(u.id, "note.one");
    await waitFor(() => s1.frames.some((f) => f.event === "note.one"), 5_000, "note.one");
    const lastId = s1.frames.find((f) => f.event === "note.one")?.id as string;
    s1.close();
    await internalSend(u.id, "note.two");
    const s2 = await openStream(u.token, { "last-event-id": lastId });
    await waitFor(() => s2.frames.some((f) => f.event === "note.two"), 5_000, "note.two on resume");
    expect(s2.frames.filter((f) => f.event === "note.one")).toHaveLength(0);
    s2.close();

    const anon = await fetch(`${base}/api/notifications/stream`);
    expect(anon.status).toBe(401);
  });
});
