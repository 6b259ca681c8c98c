import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { type Running, startServer } from "../src/server.js";
import { startWorker } from "../src/worker.js";
import { type Node, spawnNode } from "./cluster.js";
import { createDrop, creatorWithProduct, http, registerAt } from "./factories.js";
import { isolatedEnv, usingServices } from "./harness.js";
import { PushClient, spawnWorker, waitFor } from "./push.client.js";

/**
 * The acceptance scenario. Under test:services: two `livedrop serve` processes and one
 * `livedrop worker` on PostgreSQL + Redis + NATS, followers' sockets spread over both
 * servers, and the worker killed with SIGKILL. On the embedded default there is one
 * process (the database lives in it): one server, its worker stopped and started again.
 */
const FOLLOWERS = 200;
let urls: string[] = [];
let env: Record<string, string>;
let dropSchema: () => Promise<void>;
let nodes: Node[] = [];
let running: Running | undefined;
let worker: { kill(): Promise<void>; stop(): Promise<void> };
const clients: PushClient[] = [];

async function bootWorker() {
  if (usingServices()) {
    const w = await spawnWorker(env);
    return { kill: async () => w.kill9(), stop: () => w.stop() };
  }
  const r = running as Running;
  const w = await startWorker(r.infra, r.services);
  return { kill: () => w.stop(), stop: () => w.stop() };
}

beforeAll(async () => {
  const iso = await isolatedEnv();
  env = iso.env;
  dropSchema = iso.dropSchema;
  if (usingServices()) {
    // One after the other: two first migrations at once race on `create table if not exists`.
    nodes = [await spawnNode(env)];
    nodes.push(await spawnNode(env));
    urls = nodes.map((n) => n.url);
  } else {
    running = await startServer(loadConfig({ ...env, PORT: "0", HOST: "127.0.0.1" }));
    urls = [running.url];
  }
  worker = await bootWorker();
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await worker.stop();
  await Promise.all(nodes.map((n) => n.stop()));
  await running?.close();
  await dropSchema();
}, 120_000);

const urlOf = (i: number) => urls[i % urls.length] as string;

const register = (i: number) => registerAt(urlOf(i), `Fan ${i}`);

describe("push across processes", () => {
  let creator: { id: string; token: string };
  let productId: string;
  const fans: { id: string; token: string }[] = [];
  let socks: PushClient[] = [];
  const connect = async (i: number, query: Record<string, string> = {}) => {
    const c = new PushClient(urlOf(i), (fans[i] as { token: string }).token, query);
    clients.push(c);
    await c.ready;
    return c;
  };

  beforeAll(async () => {
    creator = await register(FOLLOWERS);
    const made = await http(urlOf(0), "POST", "/api/creators", {
      token: creator.token,
      body: { handle: `star_${Date.now().toString(36)}`, displayName: "Star" },
    });
    expect(made.status).toBe(201);
    ({ productId } = await creatorWithProduct(urlOf(0), creator.token));
    for (let i = 0; i < FOLLOWERS; i += 20) {
      fans.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => register(i + k)))));
    }
    await Promise.all(
      fans.map(async (f, i) => {
        const r = await http(urlOf(i), "PUT", `/api/creators/${creator.id}/follow`, { token: f.token });
        expect(r.status).toBe(200);
      }),
    );
    socks = await Promise.all(fans.map((_, i) => connect(i)));
  }, 120_000);

  const startsSoon = async (inMs: number) => {
    const startsAt = new Date(Date.now() + inMs);
    const drop = await createDrop(urlOf(0), creator.token, {
      productId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
    });
    return { ...drop, at: startsAt.getTime() };
  };

  it(`${FOLLOWERS} followers on every server get drop.started once, not before startsAt`, async () => {
    const drop = await startsSoon(2_000);
    const mine = (s: PushClient) => s.of("drop.started").filter((e) => e.data.dropId === drop.id);
    await waitFor(() => socks.every((s) => mine(s).length > 0), 30_000, "every follower");
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up
    for (const s of socks) {
      const got = mine(s);
      expect(got).toHaveLength(1);
      expect(got[0]?.at).toBeGreaterThanOrEqual(drop.at);
    }
  });

  it("the worker killed just before a start: delivered exactly once after it restarts; a resumed client gets it", async () => {
    const lastSeen = socks[1]?.events.at(-1)?.id as string;
    await socks[1]?.close();
    const drop = await startsSoon(2_500);
    await new Promise((r) => setTimeout(r, Math.max(0, drop.at - Date.now() - 500)));
    await worker.kill();
    await new Promise((r) => setTimeout(r, Math.max(0, drop.at - Date.now() + 300)));
    worker = await bootWorker();

    const live = socks.filter((_, i) => i !== 1);
    const mine = (s: PushClient) => s.of("drop.started").filter((e) => e.data.dropId === drop.id);
    await waitFor(() => live.every((s) => mine(s).length > 0), 30_000, "every follower after restart");
    const back = await connect(1, { lastEventId: lastSeen });
    await back.until(() => mine(back).length === 1, 10_000, "resumed client");
    await new Promise((r) => setTimeout(r, 1_000));
    for (const s of [...live, back]) expect(mine(s)).toHaveLength(1);
    const inOutbox = await http(urlOf(0), "GET", `/api/users/${fans[0]?.id}/notifications?limit=100`, {
      token: fans[0]?.token,
    });
    const inbox = inOutbox.body.data.items.filter(
      (n: any) => n.type === "drop.started" && n.data.dropId === drop.id,
    );
    expect(inbox).toHaveLength(1);
  });
});
