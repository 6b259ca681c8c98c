import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * GET /api/ops/metrics: this process's key figures, for the accounts OPERATOR_EMAILS names
 * (case does not matter), and for nobody else: the figures say what the service is going
 * through (refusals, failures, lag), which is not every user's business.
 */
describe("operators' figures", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { OPERATOR_EMAILS: " Ops@Example.com , other-ops@example.com" } });
  });
  afterAll(() => t.close());

  const register = async (email: string) => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: { name: "Ops", email, password: "correct horse battery" },
    });
    expect(r.statusCode).toBe(201);
    return { token: r.json().data.token as string };
  };
  const get = (token?: string) =>
    t.app.inject({
      method: "GET",
      url: "/api/ops/metrics",
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("answers an operator with the process's figures", async () => {
    const op = await register("ops@example.com");
    await t.app.inject({ method: "GET", url: "/api/drops" });
    await t.app.inject({ method: "GET", url: "/api/drops" });
    const r = await get(op.token);
    expect(r.statusCode).toBe(200);
    const d = r.json().data;
    expect(d.requests.total).toBeGreaterThanOrEqual(2);
    expect(d.requests.p99Seconds).toBeGreaterThan(0);
    expect(d.cache.hitRatio).toBeGreaterThanOrEqual(0);
    expect(d.cache.hitRatio).toBeLessThanOrEqual(1);
    expect(d.dbPool.total).toBeGreaterThanOrEqual(1);
    expect(d).toHaveProperty("outbox.lagSeconds");
    expect(d).toHaveProperty("refusals.overloaded", 0);
  });

  it("refuses everyone else: 403 for a signed-in user, 401 without a token or with the service token", async () => {
    const user = await register("not-ops@example.com");
    const refused = await get(user.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("FORBIDDEN");
    expect(JSON.stringify(refused.json())).not.toContain("requests");
    expect((await get()).statusCode).toBe(401);
    expect((await get(t.config.internalToken)).statusCode).toBe(401);
  });
});
