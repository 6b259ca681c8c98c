import type { FastifyInstance } from "fastify";
import { GraphQLError } from "graphql";
import mercurius from "mercurius";
import { unavailableError } from "../infra/db/unavailable.js";
import { AppError } from "../shared/errors.js";
import { callerOf, type GqlContext, type GraphqlModule } from "./context.js";
import { costLimitRule } from "./limits.js";
import { type GraphqlCacheDeps, registerGraphqlResponseCache } from "./response-cache.js";

export const MAX_DEPTH = 8;
export const MAX_COST = 5_000;

const baseTypeDefs = /* GraphQL */ `
  "Reads. Lists are cursor connections: first (1-100) and after (an endCursor)."
  type Query {
    "Liveness of the GraphQL endpoint."
    ok: Boolean!
  }
  "Writes; each refusal carries the REST error code in extensions.code."
  type Mutation {
    "Always true: the root of the mutation type."
    ok: Boolean!
  }
`;

function merge<T extends Record<string, Record<string, unknown>>>(parts: (T | undefined)[]): T {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part ?? {})) out[type] = { ...out[type], ...fields };
  }
  return out as T;
}

/** Map a resolver error to `extensions.code`, the same codes as REST; 5xx details stay in the log. */
function formatError(err: GraphQLError, log: FastifyInstance["log"]) {
  const raw = err.originalError as (Error & { code?: string }) | undefined;
  // A database outage is UNAVAILABLE (retry later), as on REST.
  const original = unavailableError(raw) ?? raw;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: err.path,
      locations: err.locations,
      extensions: { code: original.code, details: original.details },
    };
  }
  // Mercurius's own request errors (persisted query not found, ...) are the client's to see.
  const mercuriusCode =
    typeof original?.code === "string" && original.code.startsWith("MER_ERR_GQL_") ? original.code : "";
  if (mercuriusCode) {
    const code =
      mercuriusCode === "MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND" ? "PERSISTED_QUERY_NOT_FOUND" : "BAD_REQUEST";
    return { message: err.message, path: err.path, locations: err.locations, extensions: { code } };
  }
  if (!original || original instanceof GraphQLError || err.extensions?.code) {
    return {
      message: err.message,
      path: err.path,
      locations: err.locations,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", ...err.extensions },
    };
  }
  log.error({ err: original }, "graphql resolver failed");
  return {
    message: "Something went wrong on our side",
    path: err.path,
    locations: err.locations,
    extensions: { code: "INTERNAL" },
  };
}

/**
 * /graphql on the same server: each module's resolvers are made from the same services
 * REST routes get (see src/app.ts); loaders batch per request so a page costs a fixed
 * number of queries. The context carries the caller and the request, nothing else.
 */
export async function registerGraphql(
  app: FastifyInstance,
  opts: { modules: GraphqlModule[]; cache: GraphqlCacheDeps; development: boolean },
): Promise<void> {
  registerGraphqlResponseCache(app, opts.cache);
  const { modules } = opts;
  await app.register(mercurius, {
    schema: [baseTypeDefs, ...modules.map((m) => m.typeDefs)].join("\n"),
    resolvers: merge([
      { Query: { ok: () => true }, Mutation: { ok: () => true } },
      ...modules.map((m) => m.resolvers),
    ]) as never,
    loaders: merge(modules.map((m) => m.loaders)) as never,
    graphiql: opts.development,
    jit: 1,
    queryDepth: MAX_DEPTH,
    validationRules: [costLimitRule(MAX_COST)],
    persistedQueryProvider: mercurius.persistedQueryDefaults.automatic(5_000),
    // graphql-ws over the app's WebSocket server; the token comes in connection_init.
    subscription: {
      onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
        const raw = payload?.authorization ?? payload?.Authorization ?? payload?.token;
        const token = typeof raw === "string" ? raw.replace(/^Bearer\s+/i, "") : undefined;
        if (!token) return { userId: null };
        try {
          const { sub } = app.jwt.verify<{ sub: string }>(token);
          if (!(await app.accountActive(sub))) return false;
          return { userId: sub };
        } catch {
          return false; // a bad token refuses the connection
        }
      },
    },
    context: async (request, reply): Promise<GqlContext> => {
      const caller = await callerOf(request).then(
        (userId) => ({ userId, authError: undefined }),
        (authError: AppError) => ({ userId: null, authError }),
      );
      return {
        ...caller,
        reply,
        idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      };
    },
    errorFormatter: (execution, ctx) => {
      void ctx;
      // Mercurius wraps rejected documents in one error that lists the real ones.
      const flat = execution.errors.flatMap((e) => {
        const inner = (e.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(inner) ? (inner as GraphQLError[]) : [e];
      });
      const errors = flat.map((e) => formatError(e, app.log));
      // Errors while executing travel in a 200 beside the data; a document that was rejected
      // before running (syntax, validation, depth, cost) is a 400.
      const rejected = execution.data == null && flat.every((e) => !e.path);
      return { statusCode: rejected ? 400 : 200, response: { data: execution.data ?? null, errors } };
    },
  });
}
