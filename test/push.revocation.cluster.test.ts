import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadConfig } from "../src/config.js";
import { type Running, startServer } from "../src/server.js";
import { startWorker } from "../src/worker.js";
import { type Node, spawnNode } from "./cluster.js";
import { http, registerAt } from "./factories.js";
import { isolatedEnv, usingServices } from "./harness.js";
import { PushClient, spawnWorker, waitFor } from "./push.client.js";

/**
 * The acceptance check "a deleted account's open push socket is closed within 15 s", black
 * box. Under test:services: two `livedrop serve` processes and a `livedrop worker` on
 * PostgreSQL + Redis + NATS, the account's sockets on both, the deletion sent to one. On the
 * embedded default the database lives in one process: one server and its worker (the
 * two-servers case runs in-process in tokens.revocation.test.ts).
 */
let urls: string[] = [];
let dropSchema: () => Promise<void>;
let nodes: Node[] = [];
let running: Running | undefined;
let worker: { stop(): Promise<void> } | undefined;
const clients: PushClient[] = [];

beforeAll(async () => {
  const iso = await isolatedEnv();
  dropSchema = iso.dropSchema;
  if (usingServices()) {
    // One after the other: two first migrations at once race on `create table if not exists`.
    nodes = [await spawnNode(iso.env)];
    nodes.push(await spawnNode(iso.env));
    urls = nodes.map((n) => n.url);
    worker = await spawnWorker(iso.env);
  } else {
    running = await startServer(loadConfig({ ...iso.env, PORT: "0", HOST: "127.0.0.1" }));
    urls = [running.url];
    worker = await startWorker(running.infra, running.services);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await worker?.stop();
  await Promise.all(nodes.map((n) => n.stop()));
  await running?.close();
  await dropSchema();
}, 120_000);

const at = (i: number) => urls[i % urls.length] as string;
const socket = async (i: number, token: string) => {
  const c = new PushClient(at(i), token);
  clients.push(c);
  await c.ready;
  return c;
};

describe(`revocation across ${usingServices() ? "two server processes" : "one server process"}`, () => {
  it("closes a deleted account's sockets on every server within 15 s, and only theirs", async () => {
    const doomed = await registerAt(at(0), "Doomed");
    const bystander = await registerAt(at(1), "Bystander");
    const theirs = [await socket(0, doomed.token), await socket(1, doomed.token)];
    const others = [await socket(0, bystander.token), await socket(1, bystander.token)];

    const started = Date.now();
    expect((await http(at(1), "DELETE", `/api/users/${doomed.id}`, { token: doomed.token })).status).toBe(
      200,
    );
    for (const c of theirs) {
      const closed = await Promise.race([
        c.closed,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("still open after 15 s")), 15_000),
        ),
      ]);
      expect(closed.code).toBe(4401);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const c of others) expect(c.ws.readyState).toBe(WebSocket.OPEN);
    // Every server refuses the token from now on.
    for (let i = 0; i < urls.length; i++) {
      await waitFor(
        async () =>
          (await http(at(i), "GET", `/api/users/${doomed.id}/orders`, { token: doomed.token })).status ===
          401,
        6_000,
        `server ${i} refuses the deleted account's token`,
      );
    }
  }, 60_000);

  it("a password change on one server closes old-token sockets on the other, not the fresh token's", async () => {
    const password = "correct horse battery";
    const u = await registerAt(at(0), "Changer");
    const old = [await socket(0, u.token), await socket(1, u.token)];
    const changed = await http(at(0), "PUT", `/api/users/${u.id}`, {
      token: u.token,
      body: { password: "another long password", currentPassword: password },
    });
    expect(changed.status).toBe(200);
    const fresh = changed.data.token as string;
    const kept = [await socket(0, fresh), await socket(1, fresh)];
    for (const c of old) expect((await c.closed).code).toBe(4401);
    await new Promise((r) => setTimeout(r, 500));
    for (const c of kept) expect(c.ws.readyState).toBe(WebSocket.OPEN);
  }, 60_000);
});
