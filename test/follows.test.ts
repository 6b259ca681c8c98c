import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, registerCreator, registerUser, walk } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (creatorId: string) =>
  (await call(t.app, "GET", `/api/creators/${creatorId}`)).body.data.followerCount as number;

describe("following", () => {
  it("follows and unfollows in both forms, idempotently", async () => {
    const c = await registerCreator(t.app);
    const u = await registerUser(t.app);
    const a = await call(t.app, "POST", "/api/followers", { token: u.token, body: { creatorId: c.id } });
    expect(a.status).toBe(200);
    expect(a.body.data).toEqual({ creatorId: c.id, following: true });
    expect((await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: u.token })).status).toBe(200);
    expect(await count(c.id)).toBe(1);
    expect((await call(t.app, "GET", `/api/users/${u.id}/following/${c.id}`)).status).toBe(200);

    const d = await call(t.app, "DELETE", `/api/creators/${c.id}/follow`, { token: u.token });
    expect(d.body.data).toEqual({ creatorId: c.id, following: false });
    expect(
      (await call(t.app, "DELETE", "/api/followers", { token: u.token, body: { creatorId: c.id } })).status,
    ).toBe(200);
    expect(await count(c.id)).toBe(0);
    const check = await call(t.app, "GET", `/api/users/${u.id}/following/${c.id}`);
    expect(check.status).toBe(404);
    expect(check.body.error.code).toBe("NOT_FOUND");
  });

  it("refuses self-follow, unknown creators and anonymous callers", async () => {
    const c = await registerCreator(t.app);
    const self = await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: c.token });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe("SELF_FOLLOW");
    const u = await registerUser(t.app);
    const unknown = await call(t.app, "POST", "/api/followers", {
      token: u.token,
      body: { creatorId: "01a1fcf4-53e1-7378-8dfb-fe36b8633d15" },
    });
    expect(unknown.status).toBe(404);
    const noCreator = await call(
      t.app,
      "GET",
      "/api/creators/01a1fcf4-53e1-7378-8dfb-fe36b8633d15/followers",
    );
    expect(noCreator.status).toBe(404);
    expect(noCreator.body.error.code).toBe("NOT_FOUND");
    // A user who is not a creator cannot be followed.
    expect((await call(t.app, "PUT", `/api/creators/${u.id}/follow`, { token: c.token })).status).toBe(404);
    expect((await call(t.app, "PUT", `/api/creators/${c.id}/follow`)).status).toBe(401);
    expect(await count(c.id)).toBe(0);
  });

  it("lists followers and following newest first, across pages", async () => {
    const c = await registerCreator(t.app);
    const fans = [];
    for (let i = 0; i < 5; i++) {
      const f = await registerUser(t.app, `Fan ${i}`);
      await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: f.token });
      fans.push(f);
    }
    const list = await walk(t.app, `/api/creators/${c.id}/followers`, 2);
    expect(list.map((f) => f.id)).toEqual(fans.map((f) => f.id).reverse());
    expect(list[0]).toMatchObject({ id: fans[4]?.id, name: "Fan 4" });

    const fan = fans[0]!;
    const c2 = await registerCreator(t.app);
    await call(t.app, "PUT", `/api/creators/${c2.id}/follow`, { token: fan.token });
    const following = await walk(t.app, `/api/users/${fan.id}/following`, 1);
    expect(following.map((x) => x.id)).toEqual([c2.id, c.id]);
    expect(following[0]).toMatchObject({ handle: c2.handle });
  });

  it("keeps a follower walk free of duplicates and gaps while new follows arrive", async () => {
    const c = await registerCreator(t.app);
    const existing = new Set<string>();
    // Bulk-load 100,000 followers in SQL (ms-precision timestamps, several sharing a millisecond).
    const ids = await t.infra.db.query<{ id: string }>(
      `insert into users (id, name, email, created_at, updated_at)
       select gen_random_uuid(), 'bulk ' || g, null, now(), now() from generate_series(1, 100000) g returning id`,
    );
    for (const r of ids.rows) existing.add(r.id);
    await t.infra.db.query(
      `insert into follows (user_id, creator_id, created_at)
       select id, $1, date_trunc('milliseconds', now()) - (row_number() over ()) / 3 * interval '1 millisecond'
       from users where id = any($2::uuid[])`,
      [c.id, [...existing]],
    );
    const seen: string[] = [];
    let after: string | null = null;
    let page = 0;
    for (;;) {
      const res = await call(
        t.app,
        "GET",
        `/api/creators/${c.id}/followers?limit=100${after ? `&after=${after}` : ""}`,
      );
      seen.push(...res.body.data.items.map((x: { id: string }) => x.id));
      // New followers keep arriving between pages.
      if (page++ % 50 === 0) {
        const f = await registerUser(t.app);
        await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: f.token });
      }
      if (!res.body.data.pageInfo.hasNextPage) break;
      after = res.body.data.pageInfo.endCursor;
    }
    // No duplicates, and every follower that existed before the walk was seen.
    const seenSet = new Set(seen);
    expect(seenSet.size).toBe(seen.length);
    expect([...existing].filter((id) => !seenSet.has(id))).toEqual([]);
  });

  it("refuses a follow with the token of a deleted account, and counts nothing", async () => {
    const c = await registerCreator(t.app);
    const u = await registerUser(t.app);
    expect((await call(t.app, "DELETE", `/api/users/${u.id}`, { token: u.token })).status).toBe(200);
    for (const res of [
      await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: u.token }),
      await call(t.app, "POST", "/api/followers", { token: u.token, body: { creatorId: c.id } }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHENTICATED");
    }
    expect(await count(c.id)).toBe(0);
  });

  it("rejects bad cursors and limits with 400", async () => {
    const c = await registerCreator(t.app);
    for (const q of ["after=garbage", "after=WyJ4IiwieSJd", "limit=0", "limit=101", "limit=abc"]) {
      const res = await call(t.app, "GET", `/api/creators/${c.id}/followers?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    }
  });

  it("counts exactly after a burst of concurrent follows and unfollows", async () => {
    const c = await registerCreator(t.app);
    const users = await Promise.all(Array.from({ length: 60 }, () => registerUser(t.app)));
    const ops = users.flatMap((u, i) => {
      const follow = () => call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: u.token });
      const unfollow = () => call(t.app, "DELETE", `/api/creators/${c.id}/follow`, { token: u.token });
      return i % 3 === 0 ? [follow, unfollow, follow, follow] : [follow, unfollow];
    });
    const results = await Promise.all(ops.map((op) => op()));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = await t.infra.db.query<{ n: number }>(
      "select count(*)::int as n from follows where creator_id = $1",
      [c.id],
    );
    expect(await count(c.id)).toBe(rows.rows[0]?.n);
  });
});
