import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_COST } from "../src/graphql/index.js";
import { call, registerCreator, registerUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const gql = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  call(t.app, "POST", "/graphql", { body: { query, variables }, token });

// The seed's operation, verbatim.
const CREATOR = `query Creator($creatorId: ID!) {
  creator(id: $creatorId) {
    id handle name
    meFollows
    followers(first: 20) {
      edges { node { id name } cursor }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

describe("GraphQL: people and follows", () => {
  it("runs the seed's Creator query with meFollows for the caller and false when anonymous", async () => {
    const c = await registerCreator(t.app);
    const fans = [];
    for (let i = 0; i < 3; i++) fans.push(await registerUser(t.app, `Fan ${i}`));
    for (const f of fans) await call(t.app, "PUT", `/api/creators/${c.id}/follow`, { token: f.token });

    const asFan = await gql(CREATOR, { creatorId: c.id }, fans[0]?.token);
    expect(asFan.status).toBe(200);
    expect(asFan.body.errors).toBeUndefined();
    const creator = asFan.body.data.creator;
    expect(creator).toMatchObject({
      id: c.id,
      handle: c.handle,
      name: `Creator ${c.handle}`,
      meFollows: true,
    });
    expect(creator.followers.edges.map((e: any) => e.node.name)).toEqual(["Fan 2", "Fan 1", "Fan 0"]);
    expect(creator.followers.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: creator.followers.edges[2].cursor,
    });

    const anon = await gql(CREATOR, { creatorId: c.id });
    expect(anon.body.data.creator.meFollows).toBe(false);
    const stranger = await registerUser(t.app);
    expect((await gql(CREATOR, { creatorId: c.id }, stranger.token)).body.data.creator.meFollows).toBe(false);
  });

  it("pages followers with edge cursors and follows through mutations", async () => {
    const c = await registerCreator(t.app);
    const fans = [];
    for (let i = 0; i < 5; i++) fans.push(await registerUser(t.app, `F${i}`));
    for (const f of fans) {
      const r = await gql(
        `mutation($id: ID!) { follow(creatorId: $id) { following } }`,
        { id: c.id },
        f.token,
      );
      expect(r.body.data.follow.following).toBe(true);
    }
    const q = `query($id: ID!, $after: String) { creator(id: $id) { followerCount followers(first: 2, after: $after) {
      edges { node { name } cursor } pageInfo { hasNextPage endCursor } } } }`;
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r = await gql(q, { id: c.id, after });
      const conn = r.body.data.creator.followers;
      names.push(...conn.edges.map((e: any) => e.node.name));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(names).toEqual(["F4", "F3", "F2", "F1", "F0"]);
    const count = await gql(`query($id: ID!) { creator(id: $id) { followerCount } }`, { id: c.id });
    expect(count.body.data.creator.followerCount).toBe(5);
  });

  it("carries the REST error codes in extensions.code", async () => {
    const c = await registerCreator(t.app);
    const self = await gql(
      `mutation($id: ID!) { follow(creatorId: $id) { following } }`,
      { id: c.id },
      c.token,
    );
    expect(self.body.errors[0].extensions.code).toBe("SELF_FOLLOW");
    const anon = await gql(`mutation($id: ID!) { follow(creatorId: $id) { following } }`, { id: c.id });
    expect(anon.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const badToken = await gql(
      `mutation($id: ID!) { follow(creatorId: $id) { following } }`,
      { id: c.id },
      "x.y.z",
    );
    expect(badToken.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("registers, logs in and answers me", async () => {
    const email = `gql${Date.now()}@example.com`;
    const reg = await gql(
      `mutation($input: RegisterInput!) { register(input: $input) { token user { id email } } }`,
      { input: { name: "G", email, password: "long enough pw" } },
    );
    expect(reg.body.data.register.user.email).toBe(email);
    const login = await gql(`mutation { login(email: "${email}", password: "long enough pw") { token } }`);
    const me = await gql("{ me { id name } }", {}, login.body.data.login.token);
    expect(me.body.data.me).toEqual({ id: reg.body.data.register.user.id, name: "G" });
    expect((await gql("{ me { id } }")).body.data.me).toBeNull();
  });

  it("rejects an expensive query with a clear error, and stays up", async () => {
    const costly = await gql(
      "{ creators(first: 100) { edges { node { followers(first: 100) { edges { node { id name } } } } } } }",
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect(costly.body.errors[0].message).toContain(String(MAX_COST));
    const cheap = await gql(
      "{ creators(first: 5) { edges { node { followers(first: 5) { edges { node { id } } } } } } }",
    );
    expect(cheap.status).toBe(200);
    expect((await gql("{ ok }")).body.data.ok).toBe(true);
  });

  it("answers a syntax error with a 400 and a message", async () => {
    const bad = await gql("{ creators( ");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(bad.body.errors[0].message).toMatch(/Syntax Error/);
  });
});

describe("GraphQL: editing a creator profile", () => {
  const UPDATE = `mutation($input: UpdateCreatorInput!) { updateCreator(input: $input) { id handle displayName bio } }`;

  it("edits the caller's own profile under REST's schema and rules", async () => {
    const creator = await registerCreator(t.app);
    const fan = await registerUser(t.app);
    const other = await registerCreator(t.app);

    const done = await gql(UPDATE, { input: { displayName: "Nova Prime", bio: "New bio" } }, creator.token);
    expect(done.body.errors).toBeUndefined();
    expect(done.body.data.updateCreator).toMatchObject({
      id: creator.id,
      displayName: "Nova Prime",
      bio: "New bio",
    });
    const shown = await call(t.app, "GET", `/api/creators/${creator.id}`);
    expect(shown.body.data.displayName).toBe("Nova Prime");

    // The same refusals as PUT /api/creators/me.
    const code = async (input: Record<string, unknown>, token?: string) =>
      (await gql(UPDATE, { input }, token)).body.errors?.[0]?.extensions?.code;
    expect(await code({}, creator.token)).toBe("VALIDATION_ERROR");
    expect(await code({ displayName: "" }, creator.token)).toBe("VALIDATION_ERROR");
    expect(await code({ handle: other.handle }, creator.token)).toBe("HANDLE_TAKEN");
    expect(await code({ bio: "x" }, fan.token)).toBe("NOT_FOUND");
    expect(await code({ bio: "x" })).toBe("UNAUTHENTICATED");
  });
});
