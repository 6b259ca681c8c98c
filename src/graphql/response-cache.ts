import { hash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Clock } from "../shared/clock.js";
import type { GqlContext } from "./context.js";
import { onGraphqlRoute } from "./graphql-route.js";

/** Stock inside an answer is at most this old, as on the REST read path. */
const MAX_TTL_MS = 1_000;
const READ_ONLY = /^\s*(?:#[^\n]*\n\s*)*(?:query\b|\{)/;
const WRITES = /\b(?:mutation|subscription)\s*[\w({]/;

class NotCacheable extends Error {}

/** What the cache needs from the catalog, which owns the response cache and the drop times. */
export interface GraphqlCacheDeps {
  /** Retired by every catalog write in every process; keeps each answer serialised. */
  responses: {
    get(
      name: string,
      key: string,
      load: () => Promise<{ data: unknown; ttlMs: number }>,
    ): Promise<{ json: string; etag: string }>;
  };
  /** The next moment a drop starts or ends, after which a cached answer may be wrong. */
  nextChange: () => Promise<Date | null>;
  clock: Clock;
}

/**
 * Anonymous read-only GraphQL requests are answered from the catalog's response cache, like
 * REST's hot reads: the serialised result of (query, variables), retired by every catalog
 * write in every process, at most a second old, and never past the next moment a drop
 * starts or ends. A signed-in caller's answers (meFollows, own orders) are never cached,
 * and neither is a result with errors.
 */
export function registerGraphqlResponseCache(app: FastifyInstance, deps: GraphqlCacheDeps) {
  onGraphqlRoute(app, async (request, reply) => {
    if (request.method !== "POST") return;
    if (request.headers.authorization) return;
    const body = request.body as
      | { query?: unknown; variables?: unknown; operationName?: unknown }
      | undefined;
    const query = body?.query;
    // A request carrying extensions (persisted queries) is Mercurius's to see: it registers them.
    if (typeof query !== "string" || !READ_ONLY.test(query) || WRITES.test(query)) return;
    if ((body as { extensions?: unknown }).extensions !== undefined) return;
    const variables = (body?.variables ?? undefined) as Record<string, unknown> | undefined;
    const operationName = typeof body?.operationName === "string" ? body.operationName : undefined;
    const key = `gql:${hash("sha1", JSON.stringify([query, variables ?? null, operationName ?? null]), "base64url")}`;
    let cached: { json: string; etag: string };
    try {
      cached = await deps.responses.get("graphql", key, async () => {
        const started = deps.clock.now().getTime();
        const context: Partial<GqlContext> = { userId: null, reply, address: request.ip };
        const [result, boundary] = await Promise.all([
          // reply.graphql (not app.graphql) sets up this request's loaders
          reply.graphql(query, context, variables, operationName),
          deps.nextChange(),
        ]);
        if (result.errors?.length) throw new NotCacheable();
        const ttlMs = boundary ? Math.min(MAX_TTL_MS, boundary.getTime() - started) : MAX_TTL_MS;
        return { data: { data: result.data }, ttlMs };
      });
    } catch (err) {
      if (err instanceof NotCacheable) return; // Mercurius answers it, errors and all
      throw err;
    }
    return reply
      .header("content-type", "application/json; charset=utf-8")
      .header("etag", cached.etag)
      .send(cached.json);
  });
}
