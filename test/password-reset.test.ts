import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../src/worker.js";
import { call, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { waitFor } from "./push.client.js";
import { bodyText, header, type SmtpSink, startSmtpSink } from "./smtp-sink.js";

let t: TestApp;
let sink: SmtpSink;
let worker: { stop(): Promise<void> };
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({
    env: { SMTP_URL: sink.url, PUBLIC_URL: "https://shop.example", MAIL_POLL_MS: "50" },
  });
  worker = await startWorker(t.infra, t.services);
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
  await sink?.stop();
});

const request = (email: string) => call(t.app, "POST", "/api/auth/password-reset", { body: { email } });
const confirm = (token: string, password: string) =>
  call(t.app, "POST", "/api/auth/password-reset/confirm", { body: { token, password } });

/** The token of the newest reset mail to `u` once it has `n` of them. */
async function resetToken(u: TestUser, n = 1): Promise<{ token: string; raw: string }> {
  const resets = () => sink.to(u.email).filter((m) => header(m.raw, "Subject")?.includes("Reset"));
  await waitFor(() => resets().length >= n, 10_000, "reset mail");
  const raw = resets()[n - 1]?.raw as string;
  const link = /https:\/\/shop\.example\/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(bodyText(raw));
  expect(link).not.toBeNull();
  return { token: decodeURIComponent(link?.[1] as string), raw };
}

describe("Password reset", () => {
  it("answers 202 alike for known and unknown emails, and mails only the account", async () => {
    const u = await registerUser(t.app);
    const unknown = await request(`nobody-${Date.now()}@example.com`);
    const known = await request(u.email.toUpperCase());
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    const { raw } = await resetToken(u);
    expect(header(raw, "List-Unsubscribe")).toMatch(/^<https:\/\/shop\.example\/api\/unsubscribe\?token=/);
    await t.services.passwordReset.settled();
    expect(sink.received.some((m) => m.to.some((a) => a.startsWith("nobody-")))).toBe(false);
  });

  it("sets the password once: the token then fails, old sessions end, the new password signs in", async () => {
    const u = await registerUser(t.app);
    expect((await request(u.email)).status).toBe(202);
    const { token } = await resetToken(u);
    const stored = await t.infra.db.query<{ token_hash: string }>(
      "select token_hash from password_resets r join users x on x.id = r.user_id where x.id = $1",
      [u.id],
    );
    expect(stored.rows[0]?.token_hash).not.toContain(token); // kept hashed

    expect((await call(t.app, "GET", `/api/users/${u.id}/preferences`, { token: u.token })).status).toBe(200);
    const first = await confirm(token, "a brand new password");
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ reset: true });
    const again = await confirm(token, "another new password");
    expect(again.status).toBe(400);
    // The JWT signed before the reset no longer works.
    expect((await call(t.app, "GET", `/api/users/${u.id}/preferences`, { token: u.token })).status).toBe(401);
    const login = (password: string) =>
      call(t.app, "POST", "/api/auth/login", { body: { email: u.email, password } });
    expect((await login(u.password)).status).toBe(401);
    expect((await login("a brand new password")).status).toBe(200);
    expect((await login("another new password")).status).toBe(401);
  });

  it("uses up every open link of the account with one reset; refuses expired and made-up tokens", async () => {
    const u = await registerUser(t.app);
    await request(u.email);
    const a = await resetToken(u, 1);
    await request(u.email);
    const b = await resetToken(u, 2);
    expect(a.token).not.toBe(b.token);
    expect((await confirm(b.token, "password number two")).status).toBe(200);
    expect((await confirm(a.token, "password number one")).status).toBe(400);

    const v = await registerUser(t.app);
    await request(v.email);
    const c = await resetToken(v);
    await t.infra.db.query(
      "update password_resets set expires_at = now() - interval '1 second' where user_id = $1",
      [v.id],
    );
    expect((await confirm(c.token, "too late password")).status).toBe(400);
    expect((await confirm("made-up-token", "whatever password")).status).toBe(400);
    // Spent and expired tokens do not pile up: a new request clears them, keeping the new one.
    const rows = async (id: string) =>
      (await t.infra.db.query("select used_at from password_resets where user_id = $1", [id])).rows;
    expect((await rows(u.id)).length).toBe(2);
    await request(u.email);
    await resetToken(u, 3);
    expect(await rows(u.id)).toEqual([{ used_at: null }]);
  });

  it("does not send reset mails to an address that unsubscribed from them", async () => {
    const u = await registerUser(t.app);
    await request(u.email);
    const { raw } = await resetToken(u);
    const link = new URL((header(raw, "List-Unsubscribe") ?? "").slice(1, -1));
    const res = await call(t.app, "POST", link.pathname + link.search);
    expect(res.body.data).toEqual({ unsubscribed: true, kind: "account.password_reset" });
    await request(u.email);
    await t.services.passwordReset.settled();
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.to(u.email).filter((m) => header(m.raw, "Subject")?.includes("Reset"))).toHaveLength(1);
  });
});

describe("Password reset limits", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({
      env: {
        RATE_LIMITS: "on",
        RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: "2",
        RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS: "5",
      },
    });
  });
  afterAll(() => limited.close());

  it("limits requests per email and per client address with 429, known email or not", async () => {
    const ask = (email: string) => call(limited.app, "POST", "/api/auth/password-reset", { body: { email } });
    expect((await ask("x@example.com")).status).toBe(202);
    expect((await ask("X@example.com")).status).toBe(202);
    const third = await ask("x@example.com");
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe("RATE_LIMITED");
    // Spraying many addresses from one client hits the per-address limit.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask(`spray${i}@example.com`)).status);
    expect(statuses).toContain(429);
  });
});
