import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemo } from "../src/seed.js";
import { call } from "./factories.js";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("seeds products and a live, an upcoming (in about two minutes) and an ended drop, once", async () => {
  expect(await seedDemo(t.infra, t.services)).toBe(true);
  const list = async (status: string) =>
    (await call(t.app, "GET", `/api/drops?status=${status}`)).body.data.items;
  const [live, upcoming, ended] = [await list("live"), await list("upcoming"), await list("ended")];
  expect([live.length, upcoming.length, ended.length]).toEqual([1, 1, 1]);
  const startsIn = Date.parse(upcoming[0].startsAt) - Date.now();
  expect(startsIn).toBeGreaterThan(60_000);
  expect(startsIn).toBeLessThanOrEqual(120_000);
  expect(live[0].stock.available).toBe(live[0].stock.initial);
  const found = await call(t.app, "GET", "/api/products?query=vinyl");
  expect(found.body.data.items.map((p: any) => p.title)).toEqual(["Night Drive vinyl"]);
  expect(await seedDemo(t.infra, t.services)).toBe(false);
  expect((await call(t.app, "GET", "/api/products?limit=100")).body.data.items).toHaveLength(4);
});
