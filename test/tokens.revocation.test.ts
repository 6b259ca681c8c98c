import { createSigner } from "fast-jwt";
import type { FastifyInstance } from "fastify";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { buildApp } from "../src/app.js";
import { JWT_AUDIENCE, JWT_ISSUER } from "../src/http/auth.js";
import { createPushHub } from "../src/modules/notifications/index.js";
import type { Job } from "../src/worker.js";
import { call, http, insertDrop, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { PushClient, waitFor } from "./push.client.js";

/**
 * Token revocation: a password change revokes every older token (REST, GraphQL, the follow
 * hot path), the answer's fresh token works at once on every server, and long-lived
 * connections (WebSocket /push, the SSE stream, GraphQL subscriptions) of a deleted account
 * or a revoked token end within seconds, on every server.
 *
 * "Every server": two apps over one database, cache and bus, each with its own token cache
 * and push hub, as two `serve` processes have (on test:services the bus is NATS). The
 * cluster test (push.revocation.cluster.test.ts) runs real processes.
 */
let t: TestApp;
let other: FastifyInstance;
let jobs: Job[] = [];
let baseA: string;
let baseB: string;

beforeAll(async () => {
  t = await createTestApp();
  // A second server over the same stores, with its own auth cache and push hub.
  other = await buildApp(t.infra, t.services);
  await other.ready();
  baseA = await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseB = await other.listen({ port: 0, host: "127.0.0.1" });
  const { workerJobs } = await import("../src/worker.js");
  jobs = workerJobs(t.infra, t.services); // the outbox relay publishes account.revoked
  for (const j of jobs) await j.start();
}, 60_000);
afterAll(async () => {
  for (const j of jobs.reverse()) await j.stop();
  await other.close();
  await t.close();
});

const NEW_PASSWORD = "a brand new password";
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString()) as {
    sub: string;
    tv?: number;
    iat: number;
  };
/** A token as the server would sign one, with chosen claims (`iat` in seconds). */
const signAs = (claims: { sub: string; tv?: number; iat: number }) =>
  createSigner({
    key: t.config.jwtSecret,
    algorithm: "HS256",
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    expiresIn: 3_600_000,
  })(claims);
/** A request that needs a live account and an unrevoked token. */
const inbox = (app: FastifyInstance, u: { id: string }, token: string) =>
  call(app, "GET", `/api/users/${u.id}/notifications`, { token });
const changePassword = (app: FastifyInstance, u: TestUser, token = u.token) =>
  call(app, "PUT", `/api/users/${u.id}`, {
    token,
    body: { password: NEW_PASSWORD, currentPassword: u.password },
  });

describe("a password change", () => {
  it("needs the current password, for the password and for the email, and refuses a wrong one", async () => {
    const u = await registerUser(t.app);
    const missing = await call(t.app, "PUT", `/api/users/${u.id}`, {
      token: u.token,
      body: { password: NEW_PASSWORD },
    });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe("WRONG_PASSWORD");
    const wrong = await call(t.app, "PUT", `/api/users/${u.id}`, {
      token: u.token,
      body: { password: NEW_PASSWORD, currentPassword: "not my password" },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe("WRONG_PASSWORD");
    const email = await call(t.app, "PUT", `/api/users/${u.id}`, {
      token: u.token,
      body: { email: `x${Date.now()}@example.com` },
    });
    expect(email.body.error.code).toBe("WRONG_PASSWORD");
    // Nothing changed: the old password still signs in, the token still works.
    const login = await call(t.app, "POST", "/api/auth/login", {
      body: { email: u.email, password: u.password },
    });
    expect(login.status).toBe(200);
    expect((await inbox(t.app, u, u.token)).status).toBe(200);
    // A name needs no password, and revokes nothing.
    const name = await call(t.app, "PUT", `/api/users/${u.id}`, {
      token: u.token,
      body: { name: "Renamed" },
    });
    expect(name.status).toBe(200);
    expect(name.body.data).not.toHaveProperty("token");
    expect((await inbox(t.app, u, u.token)).status).toBe(200);
    // An email with the password: changed, no token revoked.
    const newEmail = `y${Date.now()}@example.com`;
    const ok = await call(t.app, "PUT", `/api/users/${u.id}`, {
      token: u.token,
      body: { email: newEmail, currentPassword: u.password },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.email).toBe(newEmail);
    expect((await inbox(t.app, u, u.token)).status).toBe(200);
  });

  it("revokes every older token on every server, and the fresh token works at once everywhere", async () => {
    const u = await registerUser(t.app);
    const creator = await registerCreator(t.app);
    const second = (
      await call(t.app, "POST", "/api/auth/login", { body: { email: u.email, password: u.password } })
    ).body.data.token as string;
    // Server B has the account's version cached (a request a moment ago).
    expect((await inbox(other, u, u.token)).status).toBe(200);

    const changed = await changePassword(t.app, u);
    expect(changed.status).toBe(200);
    const fresh = changed.body.data.token as string;
    expect(typeof fresh).toBe("string");
    expect(changed.body.data.id).toBe(u.id);

    // The fresh token works on both servers at once (B's cache is older than it).
    expect((await inbox(t.app, u, fresh)).status).toBe(200);
    expect((await inbox(other, u, fresh)).status).toBe(200);
    // Older tokens are refused: on A at once, on B within seconds (the bus event; the cache's 5 s at worst).
    for (const old of [u.token, second]) {
      const res = await inbox(t.app, u, old);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHENTICATED");
    }
    await waitFor(
      async () => (await inbox(other, u, u.token)).status === 401,
      6_000,
      "B refuses the old token",
    );
    // The follow hot path checks the account in its own statement: the revoked token too.
    const follow = await call(t.app, "PUT", `/api/creators/${creator.id}/follow`, { token: u.token });
    expect(follow.status).toBe(401);
    expect((await call(other, "PUT", `/api/creators/${creator.id}/follow`, { token: u.token })).status).toBe(
      401,
    );
    expect((await call(other, "PUT", `/api/creators/${creator.id}/follow`, { token: fresh })).status).toBe(
      200,
    );
    // A revoked token cannot change the password again either.
    expect((await changePassword(t.app, u, u.token)).status).toBe(401);

    // The new password signs in (its token works); the old one does not.
    const oldLogin = await call(t.app, "POST", "/api/auth/login", {
      body: { email: u.email, password: u.password },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await call(t.app, "POST", "/api/auth/login", {
      body: { email: u.email, password: NEW_PASSWORD },
    });
    expect(newLogin.status).toBe(200);
    expect((await inbox(other, u, newLogin.body.data.token)).status).toBe(200);

    // The event went through the bus (published) and never became an inbox item.
    await waitFor(
      async () =>
        (
          await t.infra.db.query(
            "select 1 from outbox_events where type = 'account.revoked' and aggregate_id = $1 and published_at is not null",
            [u.id],
          )
        ).rowCount === 1,
      5_000,
      "account.revoked published",
    );
    const items = (await inbox(t.app, u, fresh)).body.data.items as { type: string }[];
    expect(items.some((i) => i.type === "account.revoked")).toBe(false);
  });

  it("tells a token signed in the same second as the change from the fresh one (iat is in whole seconds)", async () => {
    const u = await registerUser(t.app);
    const changed = await changePassword(t.app, u);
    const fresh = changed.body.data.token as string;
    const { iat, tv } = claimsOf(fresh);
    expect(tv).toBe(1);
    // The same second, the same account, the version before the change: refused. The
    // fresh token (same second, new version) works; so does a login a second later.
    const sameSecondOld = signAs({ sub: u.id, tv: 0, iat });
    const legacy = signAs({ sub: u.id, iat }); // a token from before versions: version 0
    expect((await inbox(t.app, u, sameSecondOld)).status).toBe(401);
    expect((await inbox(t.app, u, legacy)).status).toBe(401);
    expect((await inbox(t.app, u, fresh)).status).toBe(200);
    // A later token of the old version stays refused whatever its iat.
    expect((await inbox(t.app, u, signAs({ sub: u.id, tv: 0, iat: iat + 60 }))).status).toBe(401);
  });

  it("works the same over GraphQL updateMe: the current password, then a fresh token", async () => {
    const u = await registerUser(t.app);
    const gql = (query: string, token: string) => call(t.app, "POST", "/graphql", { token, body: { query } });
    const refused = await gql(
      `mutation { updateMe(input: { password: "${NEW_PASSWORD}" }) { id token } }`,
      u.token,
    );
    expect(refused.body.errors[0].extensions.code).toBe("WRONG_PASSWORD");
    const done = await gql(
      `mutation { updateMe(input: { password: "${NEW_PASSWORD}", currentPassword: "${u.password}" }) { id token } }`,
      u.token,
    );
    expect(done.body.errors).toBeUndefined();
    const fresh = done.body.data.updateMe.token as string;
    expect(claimsOf(fresh).sub).toBe(u.id);
    expect((await gql("{ me { id } }", fresh)).body.data.me.id).toBe(u.id);
    const old = await gql("{ unreadNotificationCount }", u.token);
    expect(old.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    // A name change answers no token.
    const renamed = await gql(`mutation { updateMe(input: { name: "New name" }) { name token } }`, fresh);
    expect(renamed.body.data.updateMe).toEqual({ name: "New name", token: null });
  });
});

/** An SSE stream read in the background: its text so far, and whether the server ended it. */
function openStream(base: string, token: string) {
  const s = { text: "", ended: false, status: 0 };
  const ready = fetch(`${base}/api/notifications/stream`, {
    headers: { authorization: `Bearer ${token}` },
  }).then(async (res) => {
    s.status = res.status;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const dec = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          s.text += dec.decode(value);
        }
      } catch {}
      s.ended = true;
    })();
    await waitFor(() => s.text.includes("event: welcome"), 5_000, "the stream's welcome");
  });
  return { s, ready };
}

/** A graphql-ws client with a `notifications` subscription, recording how its socket closed. */
async function openSubscription(base: string, token: string) {
  const s = { closedWith: 0, completed: false, connected: false };
  const client = createClient({
    url: `${base.replace("http", "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // the close is what this test watches (`on.closed`)
    on: {
      connected: () => {
        s.connected = true;
      },
      closed: (e) => {
        s.closedWith = (e as { code: number }).code;
      },
    },
  });
  client.subscribe(
    { query: "subscription { notifications { id type } }" },
    {
      next: () => {},
      error: () => {},
      complete: () => {
        s.completed = true;
      },
    },
  );
  await waitFor(() => s.connected, 5_000, "graphql-ws connected");
  return { s, client };
}

const onServer = (i: number) => (i % 2 === 0 ? baseA : baseB);

describe("token checks under a crowd", () => {
  it("share their queries among concurrent requests and still see a revocation made before them", async () => {
    const users = await Promise.all(Array.from({ length: 30 }, () => registerUser(t.app)));
    const crowd = async () => {
      // A fresh app each time: its token-version cache is empty, so every request asks.
      const app = await buildApp(t.infra, t.services);
      await app.ready();
      const reads = vi.spyOn(t.infra.db, "query");
      try {
        const statuses = (await Promise.all(users.map((u) => inbox(app, u, u.token)))).map((r) => r.status);
        const versionReads = reads.mock.calls.filter(([sql]) => /token_version from users/.test(sql)).length;
        return { statuses, versionReads };
      } finally {
        reads.mockRestore();
        await app.close();
      }
    };
    const first = await crowd();
    expect(first.statuses).toEqual(Array(30).fill(200));
    // One query per request before; now the asks made while one query is out share the next.
    expect(first.versionReads).toBeGreaterThan(0);
    expect(first.versionReads).toBeLessThanOrEqual(5);

    const victim = users[0] as TestUser;
    expect((await changePassword(t.app, victim)).status).toBe(200);
    const second = await crowd();
    expect(second.statuses).toEqual([401, ...Array(29).fill(200)]);
  });
});

describe("long-lived connections", () => {
  it("of a deleted account end within seconds on every server: WebSocket, SSE and GraphQL", async () => {
    const u = await registerUser(t.app);
    const sockets = [new PushClient(baseA, u.token), new PushClient(baseB, u.token)];
    await Promise.all(sockets.map((c) => c.ready));
    const streams = [openStream(baseA, u.token), openStream(baseB, u.token)];
    await Promise.all(streams.map((x) => x.ready));
    const subs = [await openSubscription(baseA, u.token), await openSubscription(baseB, u.token)];
    // Someone else's socket on each server stays open.
    const bystander = await registerUser(t.app);
    const witnesses = [new PushClient(baseA, bystander.token), new PushClient(baseB, bystander.token)];
    await Promise.all(witnesses.map((c) => c.ready));

    const started = Date.now();
    expect((await http(baseA, "DELETE", `/api/users/${u.id}`, { token: u.token })).status).toBe(200);

    for (const c of sockets) {
      const closed = await Promise.race([
        c.closed,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("socket still open")), 15_000)),
      ]);
      expect(closed.code).toBe(4401);
      expect(c.controls.at(-1)).toMatchObject({ type: "revoked", error: { code: "UNAUTHENTICATED" } });
    }
    await waitFor(() => streams.every((x) => x.s.ended), 15_000, "SSE streams ended");
    for (const x of streams) expect(x.s.text).toContain("event: revoked");
    await waitFor(() => subs.every((x) => x.s.closedWith !== 0), 15_000, "graphql-ws sockets closed");
    for (const x of subs) expect(x.s.closedWith).toBe(4401);
    expect(Date.now() - started).toBeLessThan(15_000);
    // No client ever receives the event itself.
    for (const c of [...sockets, ...witnesses])
      expect(c.events.some((e) => e.type === "account.revoked")).toBe(false);
    for (const w of witnesses) expect(w.ws.readyState).toBe(WebSocket.OPEN);
    // And none can come back with the token.
    await expect(new PushClient(baseB, u.token).ready).rejects.toThrow("HTTP 401");
    for (const w of witnesses) await w.close();
    for (const x of subs) await x.client.dispose();
  }, 30_000);

  it("with a revoked token end after a password change, but not those opened with the fresh token", async () => {
    const u = await registerUser(t.app);
    const old = [0, 1].map((i) => new PushClient(onServer(i), u.token));
    await Promise.all(old.map((c) => c.ready));
    const oldStream = openStream(baseB, u.token);
    await oldStream.ready;
    const oldSub = await openSubscription(baseB, u.token);

    const changed = await changePassword(t.app, u);
    const fresh = changed.body.data.token as string;
    // Opened with the fresh token right away, on both servers (before the event may have arrived).
    const kept = [0, 1].map((i) => new PushClient(onServer(i), fresh));
    await Promise.all(kept.map((c) => c.ready));
    const keptSub = await openSubscription(baseA, fresh);

    for (const c of old) expect((await c.closed).code).toBe(4401);
    await waitFor(() => oldStream.s.ended, 15_000, "old SSE stream ended");
    await waitFor(() => oldSub.s.closedWith === 4401, 15_000, "old graphql-ws socket closed");
    // Give a late duplicate of the event time to (wrongly) close the fresh ones.
    await new Promise((r) => setTimeout(r, 500));
    for (const c of kept) expect(c.ws.readyState).toBe(WebSocket.OPEN);
    expect(keptSub.s.closedWith).toBe(0);
    for (const c of kept) await c.close();
    await keptSub.client.dispose();
    await oldSub.client.dispose();
  }, 30_000);

  it("re-check their account now and then, in case the event was lost", async () => {
    // A third server with a short re-check, and the event never sent: the token version is
    // bumped straight in the database, as if the bus had lost the announcement.
    const third = await buildApp(
      { ...t.infra, config: { ...t.infra.config, pushRecheckMs: 200 } },
      t.services,
    );
    const base = await third.listen({ port: 0, host: "127.0.0.1" });
    try {
      const u = await registerUser(t.app);
      const gone = await registerUser(t.app);
      const revokedSocket = new PushClient(base, u.token);
      const deletedSocket = new PushClient(base, gone.token);
      await Promise.all([revokedSocket.ready, deletedSocket.ready]);
      await t.infra.db.query("update users set token_version = token_version + 1 where id = $1", [u.id]);
      await t.infra.db.query("update users set deleted_at = now() where id = $1", [gone.id]);
      expect((await revokedSocket.closed).code).toBe(4401);
      expect((await deletedSocket.closed).code).toBe(4401);
    } finally {
      await third.close();
    }
  }, 20_000);

  it("a revocation heard between the connect's check and the registration still refuses the connection", async () => {
    const hub = createPushHub({
      bus: t.infra.bus,
      metrics: t.infra.metrics,
      notifications: t.services.notifications,
      checkToken: (id, v) => t.app.checkToken(id, v),
    });
    const u = await registerUser(t.app);
    // The connect's check passed (version 0 cached); then the revocation lands and its
    // event clears the cache, before the hub registers the connection.
    await t.app.checkToken(u.id, 0);
    await t.infra.db.query("update users set token_version = token_version + 1 where id = $1", [u.id]);
    t.app.forgetAccount(u.id);
    const closes: number[] = [];
    const sink = {
      event: () => {},
      control: () => {},
      buffered: () => 0,
      close: (code: number) => closes.push(code),
    };
    const before = hub.size();
    await expect(hub.open(u.id, sink, { tokenVersion: 0 })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect(hub.size()).toBe(before);
    // With the current version it opens.
    const conn = await hub.open(u.id, sink, { tokenVersion: 1 });
    expect(hub.size()).toBe(before + 1);
    hub.close(conn);
  });

  it("a graphql-ws socket whose token was revoked cannot start a new subscription", async () => {
    const u = await registerUser(t.app);
    const idle = createClient({
      url: `${baseA.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${u.token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    await new Promise<void>((resolve) => idle.on("connected", () => resolve()));
    await changePassword(t.app, u);
    const errors: unknown[] = [];
    const got: unknown[] = [];
    idle.subscribe(
      { query: "subscription { notifications { id } }" },
      {
        next: (v) => void (v.errors ? errors.push(v.errors) : got.push(v)),
        error: (e) => errors.push(e),
        complete: () => {},
      },
    );
    await waitFor(() => errors.length > 0, 5_000, "the refusal");
    expect(got).toHaveLength(0);
    // (Subscription errors carry the message: mercurius formats them without our codes.)
    expect(JSON.stringify(errors)).toContain("revoked");
    await idle.dispose();
  });
});

describe("GraphQL dropStock", () => {
  it("refuses a drop id that is no drop, and a user's id", async () => {
    const watcher = await registerUser(t.app);
    const creator = await registerCreator(t.app);
    const { dropId } = await insertDrop(t.infra.db, { creatorId: creator.id, stock: 5 });
    const client = createClient({
      url: `${baseA.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${watcher.token}` },
      retryAttempts: 0,
    });
    const tryDrop = (id: string) =>
      new Promise<{ errors: unknown[]; data: unknown[] }>((resolve) => {
        const r = { errors: [] as unknown[], data: [] as unknown[] };
        const stop = client.subscribe(
          { query: "subscription($d: ID!) { dropStock(dropId: $d) { available } }", variables: { d: id } },
          {
            next: (v) => void (v.errors ? r.errors.push(v.errors) : r.data.push(v.data)),
            error: (e) => {
              r.errors.push(e);
              resolve(r);
            },
            complete: () => resolve(r),
          },
        );
        // A subscription that was accepted stays open: give it a moment, then report.
        setTimeout(() => {
          stop();
          resolve(r);
        }, 1_500);
      });
    for (const id of ["0190a6f2-8a4e-7c3b-9a41-5e2f0c6d7b18", watcher.id, creator.id]) {
      const r = await tryDrop(id);
      expect(JSON.stringify(r.errors), id).toContain("Drop not found");
      expect(r.data).toHaveLength(0);
    }
    // The real drop is accepted (no error within the window).
    const real = await tryDrop(dropId);
    expect(real.errors).toHaveLength(0);
    await client.dispose();
  });
});
