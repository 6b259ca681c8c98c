import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, registerCreator, registerUser } from "./factories.js";
import { createTestApp, type TestApp, windowStartClock } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("registration and login", () => {
  it("registers a user and returns a token that authenticates", async () => {
    const res = await call(t.app, "POST", "/api/auth/register", {
      body: { name: "Ada", email: "Ada@Example.com", password: "long enough pw" },
    });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data.user).toMatchObject({ name: "Ada", email: "Ada@Example.com", isCreator: false });
    expect(res.body.data.user).not.toHaveProperty("password");
    const me = await call(t.app, "PUT", `/api/users/${res.body.data.user.id}`, {
      token: res.body.data.token,
      body: { name: "Ada L." },
    });
    expect(me.status).toBe(200);
    expect(me.body.data.name).toBe("Ada L.");
  });

  it("treats emails case-insensitively: a second account with the same email is a 409", async () => {
    await registerUser(t.app);
    const body = { name: "B", email: "dup@example.com", password: "long enough pw" };
    expect((await call(t.app, "POST", "/api/auth/register", { body })).status).toBe(201);
    const again = await call(t.app, "POST", "/api/auth/register", {
      body: { ...body, email: "DUP@example.COM" },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("EMAIL_TAKEN");
  });

  it("logs in with the right password, case-insensitive email, and rejects a wrong one", async () => {
    const u = await registerUser(t.app);
    const good = await call(t.app, "POST", "/api/auth/login", {
      body: { email: u.email.toUpperCase(), password: u.password },
    });
    expect(good.status).toBe(200);
    expect(good.body.data.user.id).toBe(u.id);
    const bad = await call(t.app, "POST", "/api/auth/login", {
      body: { email: u.email, password: "wrong password" },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("stores a scrypt hash, never the password", async () => {
    const u = await registerUser(t.app);
    const r = await t.infra.db.query<{ password_hash: string }>(
      "select password_hash from users where id = $1",
      [u.id],
    );
    expect(r.rows[0]?.password_hash).toMatch(/^scrypt\$/);
    expect(r.rows[0]?.password_hash).not.toContain(u.password);
  });

  it("rejects invalid registrations with 400 and details", async () => {
    for (const body of [
      { name: "x", email: "not-an-email", password: "long enough pw" },
      { name: "x", email: "a@b.co", password: "short" },
      { name: "", email: "a@b.co", password: "long enough pw" },
      { name: "x", email: "a@b.co" },
      { name: 5, email: "a@b.co", password: "long enough pw" },
    ]) {
      const res = await call(t.app, "POST", "/api/auth/register", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(Array.isArray(res.body.error.details)).toBe(true);
    }
  });
});

describe("profiles", () => {
  it("shows the email only to the user themself", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    expect((await call(t.app, "GET", `/api/users/${a.id}`, { token: a.token })).body.data.email).toBe(
      a.email,
    );
    const seenByB = await call(t.app, "GET", `/api/users/${a.id}`, { token: b.token });
    expect(seenByB.status).toBe(200);
    expect(seenByB.body.data).not.toHaveProperty("email");
  });

  it("forbids changing or deleting someone else", async () => {
    const a = await registerUser(t.app);
    const b = await registerUser(t.app);
    const put = await call(t.app, "PUT", `/api/users/${a.id}`, { token: b.token, body: { name: "Mallory" } });
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe("FORBIDDEN");
    expect((await call(t.app, "DELETE", `/api/users/${a.id}`, { token: b.token })).status).toBe(403);
    expect((await call(t.app, "GET", `/api/users/${a.id}`)).body.data.name).toBe(a.name);
  });

  it("requires a token to change a profile", async () => {
    const a = await registerUser(t.app);
    const res = await call(t.app, "PUT", `/api/users/${a.id}`, { body: { name: "x" } });
    expect(res.status).toBe(401);
    const forged = await call(t.app, "PUT", `/api/users/${a.id}`, {
      token: "not.a.jwt",
      body: { name: "x" },
    });
    expect(forged.status).toBe(401);
  });

  it("deleting an account anonymises it, keeps the row, frees the email and kills its tokens", async () => {
    const a = await registerUser(t.app);
    const creator = await registerCreator(t.app);
    await call(t.app, "PUT", `/api/creators/${creator.id}/follow`, { token: a.token });
    const del = await call(t.app, "DELETE", `/api/users/${a.id}`, { token: a.token });
    expect(del.status).toBe(200);
    const row = await t.infra.db.query<{ name: string; email: string | null; password_hash: string | null }>(
      "select name, email, password_hash from users where id = $1",
      [a.id],
    );
    expect(row.rows[0]).toEqual({ name: "Deleted user", email: null, password_hash: null });
    expect((await call(t.app, "GET", `/api/users/${a.id}`)).status).toBe(404);
    expect(
      (await call(t.app, "PUT", `/api/users/${a.id}`, { token: a.token, body: { name: "x" } })).status,
    ).toBe(401);
    const login = await call(t.app, "POST", "/api/auth/login", {
      body: { email: a.email, password: a.password },
    });
    expect(login.status).toBe(401);
    const again = await call(t.app, "POST", "/api/auth/register", {
      body: { name: "New", email: a.email, password: "long enough pw" },
    });
    expect(again.status).toBe(201);
    const c = await call(t.app, "GET", `/api/creators/${creator.id}`);
    expect(c.body.data.followerCount).toBe(0);
  });
});

describe("rate limits on login and register", () => {
  it("limits attempts per account and per IP with 429 in the envelope", async () => {
    const limited = await createTestApp({
      env: { RATE_LIMITS: "on", RATE_LIMIT_LOGIN_PER_ACCOUNT: "3", RATE_LIMIT_LOGIN_PER_ADDRESS: "3" },
      clock: windowStartClock(),
    });
    try {
      const attempt = (email: string, ip: string) =>
        limited.app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { email, password: "whatever pw" },
          remoteAddress: ip,
        });
      // One account from many IPs: the account's window fills.
      for (let i = 0; i < 3; i++)
        expect((await attempt("victim@example.com", `10.0.0.${i}`)).statusCode).toBe(401);
      const blocked = await attempt("victim@example.com", "10.0.0.99");
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe("RATE_LIMITED");
      expect(blocked.headers["retry-after"]).toBeDefined();
      // One IP trying many accounts: the IP's window fills.
      for (let i = 0; i < 3; i++)
        expect((await attempt(`other${i}@example.com`, "10.9.9.9")).statusCode).toBe(401);
      expect((await attempt("fresh@example.com", "10.9.9.9")).statusCode).toBe(429);
      // Someone else is unaffected.
      expect((await attempt("fresh@example.com", "10.1.1.1")).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
