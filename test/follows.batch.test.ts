import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFollowsRepository } from "../src/modules/follows/follows.repository.js";
import { call, registerCreator, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

// Follows of one creator are group-committed (one statement for a batch): every check a
// lone follow makes must hold per follower inside a batch, and the counts stay exact.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const followers = async (creatorId: string) =>
  (await call(t.app, "GET", `/api/creators/${creatorId}`)).body.data.followerCount as number;
const rows = async (creatorId: string) =>
  (
    await t.infra.db.query<{ n: number }>("select count(*)::int as n from follows where creator_id = $1", [
      creatorId,
    ])
  ).rows[0]?.n;
const deleteAccount = async (u: TestUser) =>
  expect((await call(t.app, "DELETE", `/api/users/${u.id}`, { token: u.token })).status).toBe(200);

describe("a batch of follows onto one creator", () => {
  it("checks each follower on its own: live, deleted, revoked, already following, twice at once", async () => {
    const c = await registerCreator(t.app);
    const users = await Promise.all(Array.from({ length: 40 }, () => registerUser(t.app)));
    const [gone, revoked, already, twice] = users as [TestUser, TestUser, TestUser, TestUser];
    await deleteAccount(gone);
    await t.infra.db.query("update users set token_version = token_version + 1 where id = $1", [revoked.id]);
    expect((await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: already.token })).status).toBe(
      200,
    );

    const burst = [...users, twice].map((u) =>
      call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: u.token }),
    );
    const answers = await Promise.all(burst);
    answers.forEach((res, i) => {
      const refused = i === 0 || i === 1;
      expect(res.status, `follower ${i}`).toBe(refused ? 401 : 200);
      if (refused) expect(res.body.error.code).toBe("UNAUTHENTICATED");
    });
    expect(await rows(c.id)).toBe(38);
    expect(await followers(c.id)).toBe(38);
    const repo = createFollowsRepository(t.infra.db);
    for (const u of [already, twice, users[10] as TestUser]) {
      expect((await repo.counts(u.id)).following, u.id).toBe(1);
    }
  });

  it("answers 404 to a whole burst onto an unknown creator, and counts nothing", async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => registerUser(t.app)));
    const ghost = "00000000-0000-4000-8000-000000000000";
    const answers = await Promise.all(
      users.map((u) => call(t.app, "PUT", `/api/creators/${ghost}/follow`, { token: u.token })),
    );
    expect(answers.map((r) => r.status)).toEqual(users.map(() => 404));
    expect(await rows(ghost)).toBe(0);
  });

  it("insertMany answers per follower, in order, and moves each counter once per new follow", async () => {
    const repo = createFollowsRepository(t.infra.db);
    const c = await registerCreator(t.app);
    const [a, b, gone, stale] = await Promise.all(Array.from({ length: 4 }, () => registerUser(t.app)));
    await deleteAccount(gone as TestUser);
    const now = new Date();
    await repo.insert(t.infra.db, (a as TestUser).id, c.id, now, null);
    const out = await repo.insertMany(t.infra.db, c.id, [
      { userId: (a as TestUser).id, now, tokenVersion: null },
      { userId: (b as TestUser).id, now, tokenVersion: 0 },
      { userId: (gone as TestUser).id, now, tokenVersion: null },
      { userId: (stale as TestUser).id, now, tokenVersion: -1 },
    ]);
    expect(out).toEqual([
      { active: true, found: true, created: false },
      { active: true, found: true, created: true },
      { active: false, found: true, created: false },
      { active: false, found: true, created: false },
    ]);
    expect(await repo.counts(c.id)).toEqual({ followers: 2, following: 0 });
    expect(await repo.counts((b as TestUser).id)).toEqual({ followers: 0, following: 1 });
    expect(await repo.counts((a as TestUser).id)).toEqual({ followers: 0, following: 1 });
    const missing = await repo.insertMany(t.infra.db, (b as TestUser).id, [
      { userId: (a as TestUser).id, now, tokenVersion: null },
    ]);
    expect(missing).toEqual([{ active: true, found: false, created: false }]);
  });
});
