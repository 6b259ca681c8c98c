import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra, type Infra } from "../src/infra/index.js";
import { createServices } from "../src/services.js";
import { startCluster } from "./cluster.js";
import { http, insertCreator, insertUsers, tokensFor } from "./factories.js";
import { usingServices } from "./harness.js";

/**
 * A real race on sizes: 300 buyers at once (real HTTP requests, over two server processes on
 * PostgreSQL, the one in-process server on the embedded database) order sizes S/M/L of
 * stock 3/5/2, a third of them racing for each size. Each size sells exactly its stock,
 * every size keeps available + reserved + sold = stock, the checker finds nothing, and an
 * order that names no size is a 400.
 */
const SIZES = { S: 3, M: 5, L: 2 } as const;
const BUYERS = 300;

type Cluster = Awaited<ReturnType<typeof startCluster>>;
let cluster: Cluster;
let admin: Infra;
let ownAdmin = false;

beforeAll(async () => {
  cluster = await startCluster(usingServices() ? 2 : 1);
  if ("running" in cluster && cluster.running) admin = cluster.running.infra;
  else {
    admin = await createInfra(loadConfig(cluster.env), { migrate: false });
    ownAdmin = true;
  }
}, 120_000);
afterAll(async () => {
  if (ownAdmin) await closeInfra(admin);
  await cluster?.close();
});

it("sells each size exactly its stock to 300 racing buyers and keeps every invariant per size", async () => {
  const db = admin.db;
  const urls = cluster.urls;
  const creatorId = await insertCreator(db);
  const [creatorToken] = tokensFor(admin.config.jwtSecret, [creatorId]);
  const product = await http(urls[0]!, "POST", "/api/products", {
    token: creatorToken,
    body: { title: "Race tee", priceCents: 2500, currency: "EUR" },
  });
  expect(product.status).toBe(201);
  const created = await http(urls[0]!, "POST", "/api/drops", {
    token: creatorToken,
    body: {
      productId: product.data.id,
      startsAt: new Date(Date.now() - 1_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      variants: Object.entries(SIZES).map(([name, stock]) => ({ name, stock })),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const dropId = created.data.id as string;
  const variants = created.data.variants as { id: string; name: keyof typeof SIZES }[];
  const names = variants.map((v) => v.name);

  const users = await insertUsers(db, BUYERS);
  const tokens = tokensFor(admin.config.jwtSecret, users);
  // Released before the race starts, all at once: every request is in flight together.
  let go!: () => void;
  const start = new Promise<void>((r) => {
    go = r;
  });
  const attempts = users.map(async (_, i) => {
    const v = variants[i % variants.length]!;
    // A quarter reserve without paying: reserved counts toward the stock as sold does.
    const pay = i % 4 === 0 ? {} : { paymentMethodId: "pm_card_ok" };
    await start;
    const r = await http(urls[i % urls.length]!, "POST", "/api/orders", {
      token: tokens[i],
      body: { dropId, variantId: v.id, quantity: 1, ...pay },
      headers: { "idempotency-key": randomUUID() },
    });
    return { size: v.name, status: r.status, code: r.body?.error?.code as string | undefined };
  });
  go();
  const answers = await Promise.all(attempts);

  for (const name of names) {
    const mine = answers.filter((a) => a.size === name);
    expect(mine.filter((a) => a.status === 201).length, name).toBe(SIZES[name]);
    expect(
      mine.filter((a) => a.status !== 201).every((a) => a.status === 409 && a.code === "SOLD_OUT"),
      name,
    ).toBe(true);
  }

  const rows = await db.query<{
    name: string;
    initial: number;
    available: number;
    reserved: number;
    sold: number;
  }>(
    "select name, initial, available, reserved, sold from drop_variants where drop_id = $1 order by position",
    [dropId],
  );
  for (const r of rows.rows) {
    expect(r.initial).toBe(SIZES[r.name as keyof typeof SIZES]);
    expect(r.available).toBe(0);
    expect(r.available + r.reserved + r.sold).toBe(r.initial);
  }
  const perSize = await db.query<{ name: string; n: number }>(
    `select v.name, sum(o.quantity)::int as n from orders o join drop_variants v on v.id = o.variant_id
     where o.drop_id = $1 and o.status in ('pending_payment', 'confirmed') group by v.name`,
    [dropId],
  );
  expect(Object.fromEntries(perSize.rows.map((r) => [r.name, r.n]))).toEqual(SIZES);

  const report = await createServices(admin).orders.checkInvariants();
  expect(report.problems).toEqual([]);

  const noSize = await http(urls[0]!, "POST", "/api/orders", {
    token: tokens[0],
    body: { dropId, quantity: 1 },
    headers: { "idempotency-key": randomUUID() },
  });
  expect(noSize.status).toBe(400);
  expect(noSize.body.error.code).toBe("VALIDATION_ERROR");

  const drop = await http(urls[0]!, "GET", `/api/drops/${dropId}`);
  expect(drop.data.soldOut).toBe(true);
  expect(drop.data.stock).toMatchObject({ initial: 10, available: 0 });
}, 180_000);
