import { createSigner } from "fast-jwt";
import type { FastifyInstance, InjectOptions } from "fastify";
import { JWT_AUDIENCE, JWT_ISSUER } from "../src/http/auth.js";
import type { Queryable } from "../src/infra/db/index.js";
import { newId } from "../src/shared/ids.js";

/**
 * Every test builder in one place: requests (in-process and over a real port), users,
 * creators, products and drops through the public API, and rows straight in the database
 * where the API would be too slow or beside the point.
 */

let n = 0;
const unique = () =>
  `${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface TestUser {
  id: string;
  token: string;
  email: string;
  password: string;
  name: string;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A builder's precondition: the answer it needs, or a failure naming what came instead. A
 * plain throw rather than vitest's expect, so the bench can import these builders too.
 */
function must(res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

/** inject() with a bearer token and a parsed JSON body. */
export async function call(
  app: FastifyInstance,
  method: InjectOptions["method"],
  url: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await app.inject({
    method,
    url,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { payload: opts.body as InjectOptions["payload"] } : {}),
  });
  let body: any;
  try {
    body = res.json();
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** fetch + JSON, for tests against real ports; `data` is the envelope's data. */
export async function http<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; data: T; headers: Headers }> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, data: body?.data, headers: res.headers };
}

export async function registerUser(app: FastifyInstance, name = "Test User"): Promise<TestUser> {
  const email = `u${unique()}@example.com`;
  const password = "correct horse battery";
  const res = await call(app, "POST", "/api/auth/register", { body: { name, email, password } });
  must(res, 201);
  return { id: res.body.data.user.id, token: res.body.data.token, email, password, name };
}

export async function registerCreator(
  app: FastifyInstance,
  handle = `c_${unique()}`,
): Promise<TestUser & { handle: string }> {
  const user = await registerUser(app, `Creator ${handle}`);
  const res = await call(app, "POST", "/api/creators", {
    token: user.token,
    body: { handle, displayName: `Creator ${handle}` },
  });
  must(res, 201);
  return { ...user, handle };
}

/** A product of `who`'s; returns its id. */
export async function newProduct(
  app: FastifyInstance,
  who: { token: string },
  body: Record<string, unknown> = { title: "Drop item", priceCents: 5000, currency: "EUR" },
): Promise<string> {
  const res = await call(app, "POST", "/api/products", { token: who.token, body });
  must(res, 201);
  return res.body.data.id as string;
}

/** A drop of `who`'s (10 in stock unless told); returns the created drop. */
export async function newDrop(app: FastifyInstance, who: { token: string }, body: Record<string, unknown>) {
  const res = await call(app, "POST", "/api/drops", {
    token: who.token,
    body: { initialStock: 10, ...body },
  });
  must(res, 201);
  return res.body.data;
}

/** Follow every page of a cursor list and return all items. */
export async function walk<T = any>(
  app: FastifyInstance,
  url: string,
  limit = 100,
  token?: string,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const sep = url.includes("?") ? "&" : "?";
    const res = await call(app, "GET", `${url}${sep}limit=${limit}${after ? `&after=${after}` : ""}`, {
      token,
    });
    must(res, 200);
    items.push(...res.body.data.items);
    if (!res.body.data.pageInfo.hasNextPage) return items;
    after = res.body.data.pageInfo.endCursor;
  }
}

/* Over a real port (servers in child processes, sockets): the same builders through fetch. */

/** A registered user on the server at `base`. */
export async function registerAt(base: string, name = "Test User"): Promise<{ id: string; token: string }> {
  const r = await http(base, "POST", "/api/auth/register", {
    body: { name, email: `u${unique()}@example.com`, password: "correct horse battery" },
  });
  must(r, 201);
  return { id: r.body.data.user.id as string, token: r.body.data.token as string };
}

/** A creator with one product, over HTTP; returns what a drop needs. */
export async function creatorWithProduct(base: string, token: string): Promise<{ productId: string }> {
  const p = await http(base, "POST", "/api/products", {
    token,
    body: { title: "Limited sneaker", priceCents: 1000, currency: "USD" },
  });
  must(p, 201);
  return { productId: p.body.data.id };
}

export async function createDrop(
  base: string,
  token: string,
  body: {
    productId: string;
    startsAt: Date;
    endsAt: Date;
    initialStock?: number;
    lowStockThreshold?: number;
  },
): Promise<{ id: string; startsAt: string }> {
  const r = await http(base, "POST", "/api/drops", {
    token,
    body: {
      productId: body.productId,
      startsAt: body.startsAt.toISOString(),
      endsAt: body.endsAt.toISOString(),
      initialStock: body.initialStock ?? 100,
      lowStockThreshold: body.lowStockThreshold ?? 0,
    },
  });
  must(r, 201);
  return r.body.data;
}

/* Straight in the database. */

/**
 * A drop straight in the database, so the orders tests do not depend on the catalog's
 * write API: a product, the drop (live around `now` unless told otherwise) and its stock.
 */
export async function insertDrop(
  db: Queryable,
  opts: {
    creatorId: string;
    stock: number;
    perUserLimit?: number | null;
    priceCents?: number;
    now?: Date;
    startsAt?: Date;
    endsAt?: Date;
  },
): Promise<{ dropId: string; productId: string }> {
  const now = opts.now ?? new Date();
  const productId = newId();
  const dropId = newId();
  await db.query(
    `insert into products (id, creator_id, title, price_cents, currency, created_at, updated_at)
     values ($1, $2, 'Test sneaker', $3, 'EUR', $4, $4)`,
    [productId, opts.creatorId, opts.priceCents ?? 1500, now],
  );
  await db.query(
    `insert into drops (id, product_id, creator_id, starts_at, ends_at, initial_stock, per_user_limit,
                        created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      dropId,
      productId,
      opts.creatorId,
      opts.startsAt ?? new Date(now.getTime() - 60_000),
      opts.endsAt ?? new Date(now.getTime() + 3_600_000),
      opts.stock,
      opts.perUserLimit ?? null,
      now,
    ],
  );
  await db.query(
    "insert into drop_inventory (drop_id, initial, available, reserved, sold) values ($1, $2, $2, 0, 0)",
    [dropId, opts.stock],
  );
  return { dropId, productId };
}

/**
 * A drop sold in variants straight in the database (as `insertDrop`, live around now): the
 * variants' rows and no inventory row, as the catalog makes them. Returns the ids by name.
 */
export async function insertVariantDrop(
  db: Queryable,
  opts: { creatorId: string; sizes: Record<string, number>; perUserLimit?: number | null; now?: Date },
): Promise<{ dropId: string; productId: string; variants: Record<string, string> }> {
  const now = opts.now ?? new Date();
  const productId = newId();
  const dropId = newId();
  const names = Object.keys(opts.sizes);
  const ids = names.map(() => newId());
  await db.query(
    `insert into products (id, creator_id, title, price_cents, currency, created_at, updated_at)
     values ($1, $2, 'Test tee', 1500, 'EUR', $3, $3)`,
    [productId, opts.creatorId, now],
  );
  await db.query(
    `insert into drops (id, product_id, creator_id, starts_at, ends_at, initial_stock, per_user_limit,
                        created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      dropId,
      productId,
      opts.creatorId,
      new Date(now.getTime() - 60_000),
      new Date(now.getTime() + 3_600_000),
      Object.values(opts.sizes).reduce((n, s) => n + s, 0),
      opts.perUserLimit ?? null,
      now,
    ],
  );
  await db.query(
    `insert into drop_variants (id, drop_id, name, position, initial, available, reserved, sold)
     select id, $1, name, pos, stock, stock, 0, 0
     from unnest($2::uuid[], $3::text[], $4::int[]) with ordinality as t(id, name, stock, pos)`,
    [dropId, ids, names, Object.values(opts.sizes)],
  );
  return { dropId, productId, variants: Object.fromEntries(names.map((n, i) => [n, ids[i] as string])) };
}

/** Users straight in the database (registration hashes passwords: too slow for hundreds). */
export async function insertUsers(db: Queryable, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  await db.query(
    `insert into users (id, name, email, password_hash, created_at, updated_at)
     select id, 'Buyer', 'buyer-' || id || '@example.com', 'x', now(), now() from unnest($1::uuid[]) as t(id)`,
    [ids],
  );
  return ids;
}

/** A creator straight in the database. */
export async function insertCreator(db: Queryable): Promise<string> {
  const [id] = await insertUsers(db, 1);
  await db.query(
    `insert into creators (id, handle, display_name, created_at, updated_at)
     values ($1, $2, 'Race creator', now(), now())`,
    [id, `c_${id!.replaceAll("-", "").slice(-20)}`],
  );
  return id!;
}

/** Bearer tokens as the server signs them (HS256 with its JWT secret). */
export function tokensFor(secret: string, userIds: string[]): string[] {
  const sign = createSigner({
    key: secret,
    algorithm: "HS256",
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    expiresIn: 3_600_000,
  });
  return userIds.map((sub) => sign({ sub }));
}
