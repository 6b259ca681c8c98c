import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateNats } from "../../../scripts/local-services.js";
import { newId } from "../../shared/ids.js";
import type { Bus, BusMessage } from "./index.js";
import { createMemoryBus } from "./memory.js";
import { createNatsBus, RecentIds } from "./nats.js";

// One contract, every implementation. NATS joins when NATS_URL is set (npm run test:services).
// On NATS each bus is its own connection, as two server processes would have.
type Pair = { a: Bus; b: Bus };
const impls: [string, () => Promise<Pair>][] = [
  [
    "memory",
    async () => {
      const bus = createMemoryBus();
      return { a: bus, b: bus };
    },
  ],
];
const natsUrl = process.env.NATS_URL;
if (natsUrl) {
  impls.push([
    "nats",
    async () => {
      const ns = `t${process.pid}_${Date.now()}`;
      return { a: await createNatsBus(natsUrl, ns), b: await createNatsBus(natsUrl, ns) };
    },
  ]);
}

const waitFor = async (cond: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each(impls)("Bus contract: %s", (_name, make) => {
  let bus: Pair;
  beforeAll(async () => {
    bus = await make();
  });
  afterAll(async () => {
    await bus.a.close();
    if (bus.b !== bus.a) await bus.b.close();
  });

  it("broadcasts a message to every subscriber, with its id and data", async () => {
    const gotA: BusMessage[] = [];
    const gotB: BusMessage[] = [];
    const s1 = await bus.a.subscribe("news.one", (m) => void gotA.push(m));
    const s2 = await bus.b.subscribe("news.one", (m) => void gotB.push(m));
    const id = newId();
    await bus.a.publish("news.one", { hello: "world" }, id);
    await waitFor(() => gotA.length === 1 && gotB.length === 1);
    expect(gotB[0]).toEqual({ id, subject: "news.one", data: { hello: "world" } });
    await s1.unsubscribe();
    await s2.unsubscribe();
  });

  it("matches a trailing wildcard and not other subjects", async () => {
    const got: string[] = [];
    const sub = await bus.b.subscribe("wild.>", (m) => void got.push(m.subject));
    await bus.a.publish("wild.x.y", 1);
    await bus.a.publish("tame.x", 2);
    await bus.a.publish("wild.z", 3);
    await waitFor(() => got.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(got.sort()).toEqual(["wild.x.y", "wild.z"]);
    await sub.unsubscribe();
  });

  it("gives each message of a group to exactly one member", async () => {
    const seen: number[] = [];
    const s1 = await bus.a.subscribe("jobs.q", (m) => void seen.push(m.data as number), { group: "workers" });
    const s2 = await bus.b.subscribe("jobs.q", (m) => void seen.push(m.data as number), { group: "workers" });
    await Promise.all(Array.from({ length: 20 }, (_, i) => bus.a.publish("jobs.q", i)));
    await waitFor(() => seen.length >= 20);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await s1.unsubscribe();
    await s2.unsubscribe();
  });

  it("redelivers a message whose handler failed", async () => {
    let attempts = 0;
    const sub = await bus.b.subscribe(
      "flaky.job",
      () => {
        attempts += 1;
        if (attempts === 1) throw new Error("first try fails");
      },
      { group: "flaky" },
    );
    await bus.a.publish("flaky.job", "x");
    await waitFor(() => attempts >= 2);
    await sub.unsubscribe();
  });

  it("stops delivering after unsubscribe", async () => {
    const got: unknown[] = [];
    const sub = await bus.b.subscribe("gone.x", (m) => void got.push(m.data));
    await sub.unsubscribe();
    await bus.a.publish("gone.x", 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(got).toEqual([]);
  });
});

/** NATS only: consumer loops are supervised, so losing a consumer is a pause, not silence. */
describe.runIf(natsUrl)("NATS consumer supervision", () => {
  it("makes a deleted group consumer again and goes on delivering", async () => {
    const ns = `t${process.pid}_sup_${Date.now()}`;
    const restarts: string[] = [];
    const bus = await createNatsBus(natsUrl as string, ns, {
      onConsumerRestart: (subject) => void restarts.push(subject),
    });
    const nc = await connect({ servers: natsUrl });
    try {
      const got: number[] = [];
      const sub = await bus.subscribe("work.q", (m) => void got.push(m.data as number), { group: "g" });
      await bus.publish("work.q", 1);
      await waitFor(() => got.includes(1));
      const jsm = await jetstreamManager(nc);
      const stream = ns.toUpperCase();
      for await (const c of jsm.consumers.list(stream)) await jsm.consumers.delete(stream, c.name);
      await waitFor(() => restarts.length > 0, 15_000);
      expect(restarts[0]).toBe("work.q");
      // Made again (from new messages on): what is published now is delivered.
      const end = Date.now() + 15_000;
      for (let n = 2; !got.some((x) => x >= 2); n++) {
        if (Date.now() > end) throw new Error("nothing delivered after the consumer was deleted");
        await bus.publish("work.q", n);
        await new Promise((r) => setTimeout(r, 200));
      }
      await sub.unsubscribe();
      await jsm.streams.delete(stream).catch(() => {});
    } finally {
      await bus.close();
      await nc.close();
    }
  }, 40_000);
});

describe("RecentIds", () => {
  it("remembers the last ids added and forgets the oldest first", () => {
    const seen = new RecentIds(3);
    for (const id of ["a", "b", "c", "d"]) seen.add(id);
    expect(["a", "b", "c", "d"].map((id) => seen.has(id))).toEqual([false, true, true, true]);
    seen.add("b"); // already there: nothing forgotten
    expect(seen.has("c")).toBe(true);
  });
});

/** A private nats-server, killed and started again: a pause for the bus, not a crash. */
describe("NATS restarted under a bus", () => {
  it("a message the stream holds twice under one id (a redelivery after a failover) is handled once; a failed one is handled again", async () => {
    const server = await startPrivateNats();
    const ns = `t${process.pid}_dup`;
    const bus = await createNatsBus(server.url, ns);
    const nc = await connect({ servers: server.url });
    try {
      const handled: string[] = [];
      let failOnce = true;
      await bus.subscribe(
        "d.q",
        (m) => {
          if (m.data === "flaky" && failOnce) {
            failOnce = false;
            throw new Error("handler failed");
          }
          handled.push(m.data as string);
        },
        { group: "g" },
      );
      // Straight onto the stream, without the publish de-duplication header, as a
      // redelivery would bring it again.
      const id = newId();
      for (let i = 0; i < 2; i++) nc.publish(`${ns}.d.q`, JSON.stringify({ id, data: "twice" }));
      // Messages without an id (another writer's) are each handled: none is taken for a repeat.
      for (const data of ["no-id-1", "no-id-2"]) nc.publish(`${ns}.d.q`, JSON.stringify({ data }));
      for (const data of ["empty-id-1", "empty-id-2"]) {
        nc.publish(`${ns}.d.q`, JSON.stringify({ id: "", data }));
      }
      await bus.publish("d.q", "flaky");
      await bus.publish("d.q", "last");
      await waitFor(() => handled.includes("last") && handled.includes("flaky"), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(handled.filter((d) => d === "twice")).toHaveLength(1);
      expect(handled.filter((d) => d === "flaky")).toHaveLength(1);
      expect(handled.filter((d) => d.startsWith("no-id"))).toEqual(["no-id-1", "no-id-2"]);
      expect(handled.filter((d) => d.startsWith("empty-id"))).toEqual(["empty-id-1", "empty-id-2"]);
    } finally {
      await bus.close();
      await nc.close();
      await server.stop();
    }
  }, 30_000);

  it("subscribing while the server is down waits for it instead of failing", async () => {
    const server = await startPrivateNats();
    const restarts: string[] = [];
    const bus = await createNatsBus(server.url, `t${process.pid}_down`, {
      onConsumerRestart: (subject) => void restarts.push(subject),
    });
    try {
      await server.kill();
      const got: number[] = [];
      const subscribed = bus.subscribe("w.q", (m) => void got.push(m.data as number), { group: "workers" });
      await new Promise((r) => setTimeout(r, 1_500));
      await server.restart();
      await subscribed;
      expect(restarts).toContain("w.q"); // it did fail at first, and tried again
      const end = Date.now() + 15_000;
      for (let n = 1; got.length === 0; n++) {
        if (Date.now() > end) throw new Error("nothing delivered after subscribing");
        await bus.publish("w.q", n).catch(() => {});
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await bus.close();
      await server.stop();
    }
  }, 40_000);

  it("rides out the restart: group and broadcast subscribers hear what is published afterwards", async () => {
    const server = await startPrivateNats();
    const bus = await createNatsBus(server.url, `t${process.pid}_restart`);
    try {
      const group: number[] = [];
      const broadcast: number[] = [];
      await bus.subscribe("r.q", (m) => void group.push(m.data as number), { group: "workers" });
      await bus.subscribe("r.q", (m) => void broadcast.push(m.data as number));
      await bus.publish("r.q", 0);
      await waitFor(() => group.includes(0) && broadcast.includes(0));
      await server.kill();
      await new Promise((r) => setTimeout(r, 1_000));
      await server.restart();
      // Publishing fails until the client has reconnected; then both hear the new messages.
      const end = Date.now() + 20_000;
      for (let n = 1; !(group.some((x) => x > 0) && broadcast.some((x) => x > 0)); n++) {
        if (Date.now() > end) throw new Error(`after the restart: group ${group}, broadcast ${broadcast}`);
        await bus.publish("r.q", n).catch(() => {});
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await bus.close();
      await server.stop();
    }
  }, 40_000);
});
