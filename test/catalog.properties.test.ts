import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/shared/clock.js";
import { call, insertCreator, iso, newDrop, newProduct, tokensFor } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

/**
 * Keyset pagination as a property: drops scheduled while a client pages through a list
 * never make it repeat or skip a drop that was there when it started. Start times come
 * from a few minutes only, so many drops tie and the id has to break the tie.
 */
const T0 = Date.parse("2031-06-01T12:00:00.000Z");
const MIN = 60_000;
const clock = new ManualClock(T0);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const startMinute = fc.integer({ min: 1, max: 4 });

describe("cursor walks", () => {
  it("a walk over upcoming drops, with drops added between pages, has no duplicate and no gap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(startMinute, { maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(startMinute, { maxLength: 2 }), { maxLength: 5 }),
        async (initial, limit, insertsAfterPage) => {
          // A creator of its own per run, straight in the database (registering hashes a password).
          const creatorId = await insertCreator(t.infra.db);
          const [token] = tokensFor(t.config.jwtSecret, [creatorId]);
          const who = { token: token as string };
          const productId = await newProduct(t.app, who);
          const add = async (minute: number) =>
            (
              await newDrop(t.app, who, {
                productId,
                startsAt: iso(T0 + minute * MIN),
                endsAt: iso(T0 + minute * MIN + 60 * MIN),
              })
            ).id as string;
          const existing = new Set<string>();
          for (const m of initial) existing.add(await add(m));
          const added = new Set<string>();

          const seen: { id: string; startsAt: string }[] = [];
          let after = "";
          for (let page = 0; ; page++) {
            expect(page, "the walk does not end").toBeLessThan(50);
            const res = await call(
              t.app,
              "GET",
              `/api/drops?status=upcoming&creatorId=${creatorId}&limit=${limit}&after=${after}`,
            );
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            seen.push(...res.body.data.items);
            for (const m of insertsAfterPage[page] ?? []) added.add(await add(m));
            if (!res.body.data.pageInfo.hasNextPage) break;
            after = res.body.data.pageInfo.endCursor;
          }

          const ids = seen.map((d) => d.id);
          expect(new Set(ids).size, "a drop came twice").toBe(ids.length);
          expect(
            [...existing].filter((id) => !ids.includes(id)),
            "drops skipped",
          ).toEqual([]);
          expect(
            ids.filter((id) => !existing.has(id) && !added.has(id)),
            "foreign drops",
          ).toEqual([]);
          const key = (d: { id: string; startsAt: string }) => `${d.startsAt} ${d.id}`;
          const keys = seen.map(key);
          expect(keys, "the walk is in (startsAt, id) order").toEqual([...keys].sort());
        },
      ),
      { numRuns: 15 },
    );
  });
});
