import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, registerCreator, registerUser, walk } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("creators", () => {
  it("makes the caller a creator, once, with a unique handle (case-insensitive)", async () => {
    const u = await registerUser(t.app);
    const res = await call(t.app, "POST", "/api/creators", {
      token: u.token,
      body: { handle: "Sunny_Side", displayName: "Sunny", bio: "hi" },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ id: u.id, handle: "Sunny_Side", displayName: "Sunny", bio: "hi" });
    expect((await call(t.app, "GET", `/api/users/${u.id}`)).body.data.isCreator).toBe(true);

    const twice = await call(t.app, "POST", "/api/creators", {
      token: u.token,
      body: { handle: "another", displayName: "Sunny" },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("ALREADY_CREATOR");

    const other = await registerUser(t.app);
    const taken = await call(t.app, "POST", "/api/creators", {
      token: other.token,
      body: { handle: "sunny_side", displayName: "Copycat" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("HANDLE_TAKEN");
  });

  it("rejects a bad handle and an anonymous caller", async () => {
    const u = await registerUser(t.app);
    const bad = await call(t.app, "POST", "/api/creators", {
      token: u.token,
      body: { handle: "no spaces!", displayName: "x" },
    });
    expect(bad.status).toBe(400);
    expect(
      (await call(t.app, "POST", "/api/creators", { body: { handle: "abc", displayName: "x" } })).status,
    ).toBe(401);
  });

  it("shows a creator with follower and following counts, 404 for unknown ids", async () => {
    const c = await registerCreator(t.app);
    const other = await registerCreator(t.app);
    const fans = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    for (const f of fans) await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: f.token });
    await call(t.app, "PUT", `/api/creators/${other.id}/follow`, { token: c.token });
    const res = await call(t.app, "GET", `/api/creators/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: c.id, handle: c.handle, followerCount: 3, followingCount: 1 });
    const missing = await call(t.app, "GET", "/api/creators/01a1fcf4-53e1-7378-8dfb-fe36b8633d15");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
    // A plain user is not a creator.
    expect((await call(t.app, "GET", `/api/creators/${fans[0]?.id}`)).status).toBe(404);
  });

  it("searches creators by handle or name prefix and pages through all of them", async () => {
    const tag = `zq${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await registerCreator(t.app, `${tag}_${i}`));
    const found = await walk(t.app, `/api/creators?query=${tag.slice(0, 6)}`, 3);
    expect(found.map((c) => c.id).sort()).toEqual(made.map((c) => c.id).sort());
    // newest first
    expect(found[0].id).toBe(made[6]?.id);
    const none = await call(t.app, "GET", "/api/creators?query=zzzznothingmatches");
    expect(none.body.data.items).toEqual([]);
    expect(none.body.data.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
