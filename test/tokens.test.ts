import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_AUDIENCE, JWT_ISSUER } from "../src/http/auth.js";
import { call, registerUser, type TestUser } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/** User tokens pin their algorithm and name their issuer and audience; anything else is refused. */

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  user = await registerUser(t.app);
});
afterAll(() => t.close());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const hs256 = (header: object, claims: object, secret: string) => {
  const body = `${b64(header)}.${b64(claims)}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
};
const me = (token: string) => call(t.app, "GET", `/api/users/${user.id}/orders`, { token });
const now = () => Math.floor(Date.now() / 1000);

describe("user tokens", () => {
  it("are issued with HS256, the issuer and the audience, and accepted", async () => {
    const [header, claims] = user.token
      .split(".")
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    expect(header.alg).toBe("HS256");
    expect(claims).toMatchObject({ sub: user.id, iss: JWT_ISSUER, aud: JWT_AUDIENCE });
    expect((await me(user.token)).status).toBe(200);
  });

  it("are refused without our issuer and audience, even signed with the right secret", async () => {
    const secret = t.config.jwtSecret;
    const bare = hs256({ alg: "HS256", typ: "JWT" }, { sub: user.id, iat: now() }, secret);
    const otherAudience = hs256(
      { alg: "HS256", typ: "JWT" },
      { sub: user.id, iat: now(), iss: JWT_ISSUER, aud: "another-service" },
      secret,
    );
    for (const token of [bare, otherAudience]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHENTICATED");
    }
  });

  it("are refused with another algorithm, `none` included", async () => {
    const claims = { sub: user.id, iat: now(), iss: JWT_ISSUER, aud: JWT_AUDIENCE };
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    const hs512 = (() => {
      const body = `${b64({ alg: "HS512", typ: "JWT" })}.${b64(claims)}`;
      return `${body}.${createHmac("sha512", t.config.jwtSecret).update(body).digest("base64url")}`;
    })();
    for (const token of [none, hs512]) expect((await me(token)).status).toBe(401);
  });
});
