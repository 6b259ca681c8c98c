import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxEvent } from "../src/infra/outbox/index.js";
import { PushConnection, type PushSink } from "../src/modules/notifications/push.connection.js";
import { registerUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { PushClient, waitFor } from "./push.client.js";

const event = (i: number): OutboxEvent => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  seq: i,
  type: "note.n",
  aggregateId: "00000000-0000-4000-8000-000000000000",
  payload: { recipientId: "00000000-0000-4000-8000-000000000000", i },
  createdAt: new Date().toISOString(),
});

function fakeSink() {
  const s = { sent: [] as string[], unread: 0, closedWith: undefined as number | undefined };
  const sink: PushSink = {
    event: (_e, json) => {
      s.sent.push(json);
      s.unread += json.length;
    },
    control: () => {},
    buffered: () => s.unread,
    close: (code) => {
      s.closedWith = code;
    },
  };
  return { s, sink };
}

describe("a push connection's limits", () => {
  it("cuts off a client that stops reading instead of buffering without bound", () => {
    const { s, sink } = fakeSink();
    let slow = 0;
    const c = new PushConnection("u", sink, 2_000, () => slow++);
    c.release();
    for (let i = 0; i < 1_000; i++) c.deliver(event(i), JSON.stringify({ i, pad: "x".repeat(100) }));
    expect(s.closedWith).toBe(1013);
    expect(slow).toBe(1);
    expect(s.sent.length).toBeLessThan(30);
    expect(c.closed).toBe(true);
  });

  it("sends an event once, and a resume replay before events that arrived meanwhile", () => {
    const { s, sink } = fakeSink();
    const c = new PushConnection("u", sink, 1e9, () => {});
    c.deliver(event(3), "live-3");
    c.deliver(event(2), "live-2");
    c.release([event(1), event(2)]);
    c.deliver(event(3), "live-3-again");
    expect(s.sent.map((x) => (x.startsWith("{") ? JSON.parse(x).data.i : x))).toEqual([1, 2, "live-3"]);
  });
});

describe("heartbeats", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUSH_HEARTBEAT_MS: "150" } });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => t.close());

  const open = async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${t.config.internalToken}` },
    });
    const line = res.body.split("\n").find((l) => l.startsWith("push_connections "));
    return Number(line?.split(" ")[1]);
  };

  it("keeps a client that answers pings and drops one that has gone silent", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const answering = new PushClient(base, a.token);
    const silent = new PushClient(base, b.token);
    await Promise.all([answering.ready, silent.ready]);
    let pings = 0;
    answering.ws.on("ping", () => pings++);
    expect(await open()).toBe(2);
    // A client whose machine went away: its socket no longer reads, so it never answers.
    (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitFor(async () => (await open()) === 1, 5_000, "the silent client dropped");
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    await answering.close();
    silent.ws.terminate();
  });
});
