import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";
import { ACTORS, type Actor, buildWorld, type Outcome, ROUTES, tokenOf } from "./route-table.js";

/**
 * The authorization matrix: every operation of the published OpenAPI document, tried as
 * each kind of caller against the table below of what each may do. A documented route
 * without a row fails the suite, so a new route cannot ship without someone deciding who
 * may call it; a row without a route fails too, so the table cannot rot.
 *
 * The table and the callers are in test/route-table.ts. The owner goes last, so a destructive owner action cannot hide what the
 * others were allowed to do, and each operation gets a world of its own.
 */

describe("authorization matrix", () => {
  let t: TestApp;
  let base: string;
  let doc: { paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMITS: "off" } });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    doc = t.app.swagger() as never;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );

  it("has a row for every documented operation, and none for an operation that is gone", () => {
    const documented = operations();
    expect(documented.length).toBeGreaterThan(40);
    expect(
      documented.filter((op) => !ROUTES[op]),
      "documented operations without a row: decide who may call them",
    ).toEqual([]);
    expect(Object.keys(ROUTES).filter((op) => !documented.includes(op))).toEqual([]);
  });

  /** An SSE answer: its status, and its body only when it is not the stream. */
  async function streamStatus(url: string, token: string | undefined) {
    const ctl = new AbortController();
    const res = await fetch(base + url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: ctl.signal,
    });
    const isStream = res.headers.get("content-type")?.startsWith("text/event-stream");
    const body = isStream ? undefined : await res.json();
    ctl.abort();
    return { status: res.status, body };
  }

  const matches = (outcome: Outcome, status: number) => {
    switch (outcome) {
      case "2xx":
        return status >= 200 && status < 300;
      case "4xx":
        return status >= 400 && status < 500 && status !== 401 && status !== 403;
      default:
        return status === Number(outcome);
    }
  };

  it("lets each caller do exactly what its row says, refusing in the error envelope", async () => {
    const misses: string[] = [];
    for (const op of operations()) {
      const row = ROUTES[op];
      if (!row) continue; // reported by the test above
      const [method, path] = op.split(" ") as [string, string];
      const expected = Object.fromEntries(
        (["anonymous", "other", "owner", "creator", "service"] as const).map((a, i) => [
          a,
          row.expect.split(" ")[i] as Outcome,
        ]),
      ) as Record<Actor, Outcome>;
      const w = await buildWorld(t);
      const url = row.url?.(w) ?? path;
      for (const actor of ACTORS) {
        const token = tokenOf(t, actor, row, w);
        const res = row.stream
          ? await streamStatus(url, token)
          : await call(t.app, method as "GET", url, {
              token,
              ...(row.body ? { body: row.body(w) } : {}),
              ...(row.idempotent ? { headers: { "idempotency-key": randomUUID() } } : {}),
            });
        const want = expected[actor];
        if (!matches(want, res.status)) {
          misses.push(`${op} as ${actor}: expected ${want}, got ${res.status} ${JSON.stringify(res.body)}`);
        } else if (res.status >= 400 && op !== "POST /graphql" && op !== "GET /graphql") {
          expect(res.body, `${op} as ${actor}`).toMatchObject({
            success: false,
            error: { code: expect.any(String), message: expect.any(String) },
          });
        }
      }
    }
    expect(misses).toEqual([]);
  }, 120_000);
});
