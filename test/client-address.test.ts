import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, windowStartClock } from "./harness.js";

/**
 * The per-address limits count the real client. Without a trusted proxy (the default) a
 * client cannot spread its requests over made-up addresses with `X-Forwarded-For`; behind a
 * proxy named in TRUST_PROXY, the address that proxy reports is the client's.
 */
const LIMIT = 20;

const register = (t: TestApp, i: number, forwardedFor: string) =>
  t.app.inject({
    method: "POST",
    url: "/api/auth/register",
    remoteAddress: "127.0.0.1",
    headers: { "x-forwarded-for": forwardedFor },
    payload: {
      name: `Bot ${i}`,
      email: `bot-${i}-${Date.now()}@example.com`,
      password: "correct horse battery",
    },
  });

describe("the client address behind X-Forwarded-For", () => {
  let direct: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    const env = { RATE_LIMITS: "on", RATE_LIMIT_REGISTER_PER_ADDRESS: String(LIMIT) };
    direct = await createTestApp({ env, clock: windowStartClock() });
    proxied = await createTestApp({ env: { ...env, TRUST_PROXY: "127.0.0.1" }, clock: windowStartClock() });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it("is not believed from a client: 45 registrations with forged addresses meet the per-address limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await register(direct, i, `203.0.113.${i}`)).statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual(Array(45 - LIMIT).fill(429));
    const refused = await register(direct, 99, "198.51.100.7");
    expect(refused.headers["retry-after"]).toBeDefined();
    expect(refused.json().error.code).toBe("RATE_LIMITED");
  });

  it("is believed from a trusted proxy: its clients are counted one by one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await register(proxied, i, `203.0.113.${i}`)).statusCode);
    expect(statuses).toEqual(Array(45).fill(201));
  });
});
