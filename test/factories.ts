import type { FastifyInstance, InjectOptions } from "fastify";
import { expect } from "vitest";

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

export async function registerUser(app: FastifyInstance, name = "Test User"): Promise<TestUser> {
  const email = `u${unique()}@example.com`;
  const password = "correct horse battery";
  const res = await call(app, "POST", "/api/auth/register", { body: { name, email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
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
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...user, handle };
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
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.data.items);
    if (!res.body.data.pageInfo.hasNextPage) return items;
    after = res.body.data.pageInfo.endCursor;
  }
}
