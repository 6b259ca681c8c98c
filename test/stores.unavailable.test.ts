import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/infra/db/index.js";
import { call, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * A database outage as the transports answer it: REST 503 UNAVAILABLE with Retry-After in
 * the documented envelope, GraphQL extensions.code UNAVAILABLE, and the same requests work
 * once the database answers again, without a restart. The outage is the error node-postgres
 * throws when PostgreSQL restarts (57P01); test/stores.pg-restart.test.ts does it for real.
 */
let t: TestApp;
let user: TestUser;
let outage = false;

const terminated = () =>
  Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

beforeAll(async () => {
  t = await createTestApp();
  user = await registerUser(t.app);
  // The services hold this very object: its methods fail while `outage` is on.
  const db = t.infra.db as { -readonly [K in keyof Db]: Db[K] };
  const { query, tx } = db;
  db.query = ((sql: string, params?: unknown[]) =>
    outage ? Promise.reject(terminated()) : query(sql, params)) as Db["query"];
  db.tx = ((fn, opts) => (outage ? Promise.reject(terminated()) : tx(fn, opts))) as Db["tx"];
});
afterAll(() => t?.close());

describe("a database outage", () => {
  it("is 503 UNAVAILABLE with Retry-After on REST, then works again", async () => {
    outage = true;
    const down = await call(t.app, "GET", `/api/users/${user.id}`, { token: user.token });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe("UNAVAILABLE");
    expect(Number(down.headers["retry-after"])).toBeGreaterThan(0);
    const login = await call(t.app, "POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(503);
    expect(login.body.error.code).toBe("UNAVAILABLE");

    outage = false;
    const up = await call(t.app, "GET", `/api/users/${user.id}`, { token: user.token });
    expect(up.status).toBe(200);
  });

  it("is UNAVAILABLE in GraphQL's extensions.code, then works again", async () => {
    const query = { query: `query($id: ID!) { user(id: $id) { id } }`, variables: { id: user.id } };
    outage = true;
    const down = await call(t.app, "POST", "/graphql", { token: user.token, body: query });
    expect(down.body.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    outage = false;
    const up = await call(t.app, "POST", "/graphql", { token: user.token, body: query });
    expect(up.body.errors).toBeUndefined();
    expect(up.body.data.user.id).toBe(user.id);
  });
});
