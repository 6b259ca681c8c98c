import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_AUDIENCE, JWT_ISSUER } from "../src/http/auth.js";
import { createTestApp, type TestApp } from "./harness.js";
import { ACTORS, buildWorld, ROUTES, tokenOf, type World } from "./route-table.js";

/**
 * The OpenAPI-driven bad-input run: every documented operation, starting from a valid
 * request on fresh fixtures (test/route-table.ts), is sent malformed bodies, hostile strings
 * in every field, path parameter and query parameter, and bad tokens. Whatever comes in, the
 * answer is never a 5xx, every 4xx is the error envelope, and a refused write leaves the
 * database as it was (stock, counts, rows). Runs on PostgreSQL too (npm run test:services),
 * where a NUL byte in a text column is an error of its own.
 */

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: unknown;
  security?: Record<string, unknown>[];
}

/** Strings that have broken someone's server somewhere. */
const HOSTILE = [
  "' OR '1'='1",
  "'; drop table users; --",
  "\u0000",
  "a\u0000b",
  "\\u0000",
  "😀".repeat(2000),
  "\ud800",
  "../../../etc/passwd",
  "%00",
  "#{7*7}{{7*7}}\u0024{7*7}",
  "<script>alert(1)</script>",
  "A".repeat(10_000),
  " ",
  "",
];
/** Values of the wrong type for any field. */
const WRONG = [null, true, 0, -1, 1e308, 1.5, [], [1, "x"], {}, { nested: { deep: [1, { a: null }] } }];
/** Path parameters that are not the UUIDs the routes take (and one that names nothing). */
const BAD_IDS = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "' OR 1=1 --",
  "%00",
  "..",
  "..%2F..%2Fetc%2Fpasswd",
  "A".repeat(300),
  encodeURIComponent("😀"),
  randomUUID(),
  randomUUID().toUpperCase(),
];
const BAD_QUERY = ["", "-1", "0", "abc", "1e400", "%00", "' OR 1=1 --", "A".repeat(3000), "😀", "null"];

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("bad input on every documented operation", () => {
  let t: TestApp;
  let base: string;
  let doc: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: "off" } });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    doc = t.app.swagger() as never;
  });
  afterAll(() => t.close());

  /** Every user token that must not pass: signed wrong, for someone else, or no JWT at all. */
  function badUserTokens(userId: string): Record<string, string> {
    const sign = (header: object, claims: object, secret = t.config.jwtSecret, alg = "sha256") => {
      const body = `${b64(header)}.${b64(claims)}`;
      return `${body}.${createHmac(alg, secret).update(body).digest("base64url")}`;
    };
    const hs = { alg: "HS256", typ: "JWT" };
    const now = Math.floor(Date.now() / 1000);
    const ok = { sub: userId, iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now };
    return {
      garbage: "garbage",
      "three dots": "a.b.c",
      huge: "x".repeat(8_000),
      expired: sign(hs, { ...ok, iat: now - 7200, exp: now - 3600 }),
      "not yet valid": sign(hs, { ...ok, nbf: now + 3600 }),
      "wrong signature": sign(hs, ok, "another-secret-another-secret-another"),
      "alg none": `${b64({ alg: "none", typ: "JWT" })}.${b64(ok)}.`,
      "alg HS512": sign({ alg: "HS512", typ: "JWT" }, ok, t.config.jwtSecret, "sha512"),
      "wrong issuer": sign(hs, { ...ok, iss: "someone-else" }),
      "wrong audience": sign(hs, { ...ok, aud: "another-api" }),
      "no subject": sign(hs, { iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now }),
      "subject not a uuid": sign(hs, { ...ok, sub: "' OR 1=1 --" }),
      "subject with NUL": sign(hs, { ...ok, sub: "a\u0000b" }),
      "subject a number": sign(hs, { ...ok, sub: 42 }),
      "subject an object": sign(hs, { ...ok, sub: { id: userId } }),
      "subject nobody": sign(hs, { ...ok, sub: randomUUID() }),
    };
  }

  interface Try {
    what: string;
    url: string;
    token?: string;
    /** Raw authorization header (wins over token). */
    authorization?: string;
    headers?: Record<string, string>;
    /** Raw payload text, sent as is. */
    raw?: string;
    contentType?: string;
  }

  /** The state a refused write must not touch. */
  async function snapshot(): Promise<string> {
    const tables = [
      "users",
      "creators",
      "follows",
      "follow_counters",
      "products",
      "drops",
      "drop_inventory",
      "drop_user_quota",
      "orders",
      "payments",
      "notifications",
      "inbox_read_marks",
    ];
    const sql = `select ${tables
      .map(
        (tb) =>
          `(select count(*) || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') from ${tb} x) as ${tb}`,
      )
      .join(", ")}`;
    const r = await t.infra.db.query<Record<string, string>>(sql);
    return JSON.stringify(r.rows[0]);
  }

  async function send(method: string, stream: boolean, x: Try) {
    const headers: Record<string, string> = { ...x.headers };
    if (x.authorization !== undefined) headers.authorization = x.authorization;
    else if (x.token) headers.authorization = `Bearer ${x.token}`;
    if (x.raw !== undefined) headers["content-type"] = x.contentType ?? "application/json";
    if (stream) {
      const ctl = new AbortController();
      const res = await fetch(base + x.url, { method, headers, signal: ctl.signal });
      const isStream = res.headers.get("content-type")?.startsWith("text/event-stream");
      const text = isStream ? "" : await res.text();
      ctl.abort();
      return { status: res.status, text, type: res.headers.get("content-type") ?? "" };
    }
    const res = await t.app.inject({
      method: method as "GET",
      url: x.url,
      headers,
      ...(x.raw !== undefined ? { payload: x.raw } : {}),
    });
    return { status: res.statusCode, text: res.body, type: String(res.headers["content-type"] ?? "") };
  }

  /** The bad requests for one operation, each a small change of its valid request. */
  function tries(op: string, o: Operation, w: World): Try[] {
    const [, path] = op.split(" ") as [string, string];
    const row = ROUTES[op];
    if (!row) throw new Error(`${op} has no row in test/route-table.ts`);
    // The caller who may do it, so hostile values get past authentication to the code.
    const actor =
      ACTORS.find(
        (a) =>
          a !== "anonymous" &&
          row.expect.split(" ")[["anonymous", "other", "owner", "creator", "service"].indexOf(a)] === "2xx",
      ) ?? "owner";
    const token = tokenOf(t, actor, row, w);
    const url = row.url?.(w) ?? path;
    const [pathname = "", query = ""] = url.split("?");
    const idem = (): Record<string, string> => (row.idempotent ? { "idempotency-key": randomUUID() } : {});
    const valid = row.body?.(w);
    const out: Try[] = [];
    const json = (v: unknown) => JSON.stringify(v);

    if (o.requestBody) {
      const bodyTry = (what: string, raw: string, contentType?: string): Try => ({
        what: `body ${what}`,
        url,
        token,
        raw,
        contentType,
        headers: idem(),
      });
      const fields =
        valid && typeof valid === "object" && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
      out.push(
        bodyTry("not JSON", "{not json"),
        bodyTry("truncated", json(fields).slice(0, -1) || "{"),
        bodyTry("null", "null"),
        bodyTry("array", "[]"),
        bodyTry("array of the valid body", json([fields])),
        bodyTry("number", "123"),
        bodyTry("string", '"x"'),
        bodyTry("empty object", "{}"),
        bodyTry("deep nesting", `${"[".repeat(3000)}${"]".repeat(3000)}`),
        bodyTry("deep object", `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`),
        bodyTry("__proto__ key", `{"__proto__":{"isAdmin":true},${json(fields).slice(1)}`.replace(",}", "}")),
        bodyTry(
          "constructor.prototype key",
          json({ ...fields, constructor: { prototype: { isAdmin: true } } }),
        ),
        bodyTry("unknown key", json({ ...fields, isAdmin: true })),
        bodyTry("too large", json({ ...fields, pad: "x".repeat(200_000) })),
        bodyTry("as text/plain", json(fields), "text/plain"),
        bodyTry("as a form", "a=b&c=d", "application/x-www-form-urlencoded"),
        bodyTry("as XML", "<a>1</a>", "application/xml"),
        bodyTry("NUL in JSON text", `{"x":"\u0000"}`),
      );
      for (const key of Object.keys(fields)) {
        const { [key]: _gone, ...missing } = fields;
        out.push(bodyTry(`without ${key}`, json(missing)));
        for (const v of [...WRONG, ...HOSTILE]) {
          out.push(bodyTry(`${key}=${json(v).slice(0, 40)}`, json({ ...fields, [key]: v })));
        }
        // Hostile keys inside an object field (GraphQL variables, notification payloads).
        out.push(
          bodyTry(
            `${key} with hostile keys`,
            json({ ...fields, [key]: { "\u0000": 1, "a\u0000": "\u0000", __proto__x: 1 } }),
          ),
        );
      }
    }

    // Path parameters: swap each for something that is not its UUID.
    const template = path.split("/");
    const concrete = pathname.split("/");
    template.forEach((seg, i) => {
      if (!seg.startsWith("{")) return;
      for (const bad of BAD_IDS) {
        const segs = [...concrete];
        segs[i] = bad;
        out.push({
          what: `path ${seg}=${bad.slice(0, 40)}`,
          url: segs.join("/") + (query ? `?${query}` : ""),
          token,
          headers: idem(),
          ...(valid !== undefined ? { raw: json(valid) } : {}),
        });
      }
    });

    // Query parameters: junk in each, and each twice.
    for (const p of (o.parameters ?? []).filter((p) => p.in === "query")) {
      const params = new URLSearchParams(query);
      for (const bad of [...BAD_QUERY, "\u0000", b64({ x: "\u0000" }), b64([1, 2, 3])]) {
        const q = new URLSearchParams(params);
        q.set(p.name, bad);
        out.push({ what: `query ${p.name}=${bad.slice(0, 40)}`, url: `${pathname}?${q}`, token });
      }
      const q = new URLSearchParams(params);
      q.append(p.name, "1");
      q.append(p.name, "2");
      out.push({ what: `query ${p.name} twice`, url: `${pathname}?${q}`, token });
    }

    // Header parameters (Idempotency-Key): junk values.
    for (const p of (o.parameters ?? []).filter((p) => p.in === "header")) {
      for (const bad of ["", " ", "A".repeat(5000), "' OR 1=1 --", "%00"]) {
        out.push({
          what: `header ${p.name}=${bad.slice(0, 40)}`,
          url,
          token,
          headers: { [p.name]: bad },
          ...(valid !== undefined ? { raw: json(valid) } : {}),
        });
      }
    }

    // Tokens: every bad one, the other kind of good one, and other schemes.
    if ((o.security ?? []).some((s) => Object.keys(s).length > 0)) {
      const withBody = valid !== undefined ? { raw: json(valid) } : {};
      const service = (o.security ?? []).some((s) => "serviceToken" in s);
      const bad: Record<string, string> = {
        ...badUserTokens(w.buyer.id),
        "empty bearer": "",
        ...(service ? { "a user token": w.buyer.token } : { "the service token": t.config.internalToken }),
      };
      for (const [what, tok] of Object.entries(bad)) {
        out.push({
          what: `token ${what}`,
          url,
          authorization: `Bearer ${tok}`,
          headers: idem(),
          ...withBody,
        });
      }
      for (const auth of [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "bearer  ",
        `Token ${token ?? ""}`,
        `Bearer ${token} extra`,
      ]) {
        out.push({
          what: `authorization "${auth.slice(0, 20)}"`,
          url,
          authorization: auth,
          headers: idem(),
          ...withBody,
        });
      }
    }
    return out;
  }

  const isEnvelope = (v: unknown) => {
    const e = v as { success?: unknown; error?: { code?: unknown; message?: unknown } };
    return e?.success === false && typeof e.error?.code === "string" && typeof e.error?.message === "string";
  };

  it("never answers 5xx, refuses every 4xx in the envelope and leaves no partial write", async () => {
    const problems: string[] = [];
    let sent = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [m, o] of Object.entries(ops)) {
        const method = m.toUpperCase();
        const op = `${method} ${path}`;
        const row = ROUTES[op];
        if (!row) {
          problems.push(`${op}: no row in test/route-table.ts`);
          continue;
        }
        const w = await buildWorld(t);
        const graphql = path === "/graphql";
        const writes = method !== "GET";
        let before = writes ? await snapshot() : "";
        for (const x of tries(op, o, w)) {
          sent++;
          const res = await send(method, Boolean(row.stream), x);
          const where = `${op} ${x.what} (${x.url.slice(0, 80)})`;
          let body: any;
          try {
            body = JSON.parse(res.text);
          } catch {
            body = undefined;
          }
          // A junk path the API routes do not match can land on the shop's pages (HTML; a 503
          // where the web app is not built): not an API answer.
          if (res.type.startsWith("text/html")) continue;
          if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
          else if (res.status >= 400 && !(isEnvelope(body) || (graphql && Array.isArray(body?.errors)))) {
            problems.push(`${where}: ${res.status} not in the envelope: ${res.text.slice(0, 200)}`);
          }
          if (graphql && body?.errors?.some((e: any) => e?.extensions?.code === "INTERNAL")) {
            problems.push(`${where}: GraphQL INTERNAL error ${res.text.slice(0, 200)}`);
          }
          if (writes) {
            const after = await snapshot();
            // A declined charge (402) is recorded by design: the refusal is the outcome.
            if (res.status >= 400 && res.status !== 402 && after !== before) {
              problems.push(`${where}: refused with ${res.status} but the database changed`);
            }
            before = after;
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(3000);
    expect(problems).toEqual([]);
  }, 600_000);
});
