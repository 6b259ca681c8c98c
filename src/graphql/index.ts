import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type DocumentNode, GraphQLError, getOperationAST, Kind, parse } from "graphql";
import mercurius from "mercurius";
import type { WebSocket } from "ws";
import { verifyCaller, versionOf } from "../http/auth.js";
import { markRefused, refuseMarked, shedding } from "../http/overload.js";
import { unavailableError } from "../infra/db/unavailable.js";
import { AppError } from "../shared/errors.js";
import { isUuid } from "../shared/ids.js";
import type { RateLimits } from "../shared/rate-limit.js";
import { callerOf, type GqlContext, type GraphqlModule } from "./context.js";
import { onGraphqlRoute } from "./graphql-route.js";
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
  // The HTTP layer's refusals of the request itself (malformed JSON, too large, wrong type).
  const http = original as (Error & { code?: string; statusCode?: number }) | undefined;
  if (http?.code?.startsWith("FST_ERR_") && http.statusCode && http.statusCode < 500) {
    const code =
      http.statusCode === 413
        ? "PAYLOAD_TOO_LARGE"
        : http.statusCode === 415
          ? "UNSUPPORTED_MEDIA_TYPE"
          : "VALIDATION_ERROR";
    return { message: http.message, extensions: { code } };
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

/** A WebSocket closed by a limit: an application close code (4000-4999) and the error code. */
export const WS_RATE_LIMITED = 4429;

/**
 * Every GraphQL request is one operation (batching is off) and counts against the `graphql`
 * limit per address and, with a token, per account; a refusal is a GraphQL error with code
 * RATE_LIMITED, status 429 and Retry-After. It runs before the response cache, so cached
 * answers count too. A WebSocket upgrade on /graphql counts as a new connection per address
 * instead (refused with a 429 before the upgrade); its account is known at connection_init.
 */
function registerOperationLimits(app: FastifyInstance, limits: RateLimits) {
  if (!limits.enabled) return;
  const refuse = (reply: FastifyReply, err: AppError) => {
    const details = err.details as { retryAfterSeconds: number };
    return reply
      .status(429)
      .header("retry-after", String(details.retryAfterSeconds))
      .send({ data: null, errors: [{ message: err.message, extensions: { code: err.code, details } }] });
  };
  onGraphqlRoute(app, async (request, reply) => {
    // Let past admission control only to place an order: its own limit counts it.
    if (shedding(request)) return;
    if (request.ws) {
      await limits.check("connections", { account: null, address: request.ip });
      return;
    }
    // A bad token is the operation's own 401 later; it counts per address only.
    const account = request.headers.authorization
      ? await verifyCaller(request, false).catch(() => null)
      : null;
    try {
      await limits.check("graphql", { account, address: request.ip });
    } catch (err) {
      if (err instanceof AppError && err.code === "RATE_LIMITED") return refuse(reply, err);
      throw err;
    }
  });
}

/**
 * Past capacity, as on REST (src/http/overload.ts, `overloadInHandler`): while a sold-out
 * drop is known, /graphql requests are let through admission control marked, and only a
 * mutation that does nothing but `placeOrder` goes on (the order service answers the
 * sold-out drop's buyers and sheds the rest); anything else is refused here, first, with
 * admission control's own 503.
 */
function registerOrderShedding(app: FastifyInstance, overloadInHandler: (() => boolean) | undefined) {
  if (!overloadInHandler) return;
  app.addHook("onRoute", (route) => {
    if (route.url === "/graphql") route.config = { ...route.config, overloadInHandler };
  });
  onGraphqlRoute(app, async (request, reply) => {
    if (shedding(request) && !onlyPlacesOrders(request)) return refuseMarked(request, reply);
  });
}

/** Whether the request is a POSTed mutation whose every top-level field is `placeOrder`. */
function onlyPlacesOrders(request: FastifyRequest): boolean {
  const body = request.body as { query?: unknown; operationName?: unknown } | undefined;
  if (request.method !== "POST" || typeof body?.query !== "string") return false;
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch {
    return false;
  }
  const op = getOperationAST(
    document,
    typeof body.operationName === "string" ? body.operationName : undefined,
  );
  return (
    op?.operation === "mutation" &&
    op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === "placeOrder")
  );
}

/**
 * /graphql on the same server: each module's resolvers are made from the same services
 * REST routes get (see src/app.ts); loaders batch per request so a page costs a fixed
 * number of queries. The context carries the caller and the request, nothing else.
 */
export async function registerGraphql(
  app: FastifyInstance,
  opts: {
    modules: GraphqlModule[];
    cache: GraphqlCacheDeps;
    development: boolean;
    limits: RateLimits;
    /** As REST's order route: past capacity, orders are let in while a sold-out drop is known. */
    overloadInHandler?: () => boolean;
  },
): Promise<void> {
  const { modules, limits } = opts;
  registerOrderShedding(app, opts.overloadInHandler);
  registerOperationLimits(app, limits); // before the response cache: cached answers count too
  registerGraphqlResponseCache(app, opts.cache);
  // On GET, an operationName that names no operation of the document crashes mercurius (it
  // reads the operation it did not find, even for a cached document): refused first.
  onGraphqlRoute(app, async (request) => {
    if (request.method !== "GET") return;
    const { query, operationName } = request.query as { query?: unknown; operationName?: unknown };
    if (typeof operationName !== "string" || typeof query !== "string") return;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return; // mercurius answers the syntax error
    }
    if (!getOperationAST(document, operationName)) {
      throw new AppError("VALIDATION_ERROR", `The document has no operation named "${operationName}"`);
    }
  });
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
      // Per WebSocket: the client address, and the open subscriptions of the connection (one
      // object every subscription's context shares: Mercurius copies the context shallowly).
      // (and the socket itself: a revocation of its token ends its subscriptions).
      context: (socket: unknown, request: FastifyRequest) => ({
        socket,
        address: request.ip,
        subscriptions: { open: 0 },
      }),
      // Mercurius calls this as a method of the connection, which holds the socket: a limit
      // closes it with a code that says why, instead of the generic "Forbidden".
      onConnect: async function (
        this: { socket?: WebSocket } | undefined,
        { payload }: { payload?: Record<string, unknown> },
      ) {
        const raw = payload?.authorization ?? payload?.Authorization ?? payload?.token;
        const token = typeof raw === "string" ? raw.replace(/^Bearer\s+/i, "") : undefined;
        if (!token) return { userId: null };
        let sub: string;
        let tokenVersion: number;
        try {
          const claims = app.jwt.verify<{ sub: string; tv?: number }>(token);
          // Signed by us but naming no account (a number, junk, a NUL): never reaches a query.
          if (typeof claims.sub !== "string" || !isUuid(claims.sub)) return false;
          tokenVersion = versionOf(claims);
          await app.checkToken(claims.sub, tokenVersion);
          sub = claims.sub;
        } catch {
          return false; // a bad, revoked or dead account's token refuses the connection
        }
        try {
          await limits.check("connections", { account: sub, address: null });
          // The version stays with the socket: a later revocation ends its subscriptions.
          return { userId: sub, tokenVersion, releaseSocket: limits.sockets.acquire(sub) };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          this?.socket?.close(WS_RATE_LIMITED, `${err.code}: ${err.message}`.slice(0, 120));
          return false;
        }
      },
      onDisconnect: (ctx) => (ctx as { releaseSocket?: () => void }).releaseSocket?.(),
    },
    context: async (request, reply): Promise<GqlContext> => {
      const caller = await callerOf(request).then(
        (userId) => ({ userId, tokenVersion: request.tokenVersion, authError: undefined }),
        (authError: AppError) => ({ userId: null, authError }),
      );
      return {
        ...caller,
        reply,
        idempotencyKey: request.headers["idempotency-key"] as string | undefined,
        address: request.ip,
      };
    },
    errorFormatter: (execution, ctx) => {
      // Mercurius wraps rejected documents in one error that lists the real ones.
      const flat = execution.errors.flatMap((e) => {
        const inner = (e.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(inner) ? (inner as GraphQLError[]) : [e];
      });
      const errors = flat.map((e) => formatError(e, app.log));
      // The order queue's refusal paces the connection, as on REST (src/http/overload.ts).
      const reply = (ctx as { reply?: FastifyReply } | undefined)?.reply;
      if (reply && errors.some((e) => e.extensions.code === "OVERLOADED")) markRefused(reply.request);
      // Errors while executing travel in a 200 beside the data; a document that was rejected
      // before running (syntax, validation, depth, cost) is a 400.
      const rejected = execution.data == null && flat.every((e) => !e.path);
      // An operation that a limit refused outright is a 429 with Retry-After, as on REST, and
      // one refused for capacity (the order queue, or shed past capacity) a 503.
      const refusedWhole = errors.find(
        (e) => e.extensions.code === "RATE_LIMITED" || e.extensions.code === "OVERLOADED",
      );
      if (refusedWhole && execution.data == null) {
        const retry = (refusedWhole.extensions as { details?: { retryAfterSeconds?: number } }).details
          ?.retryAfterSeconds;
        if (retry) reply?.header("retry-after", String(retry));
        const statusCode = refusedWhole.extensions.code === "RATE_LIMITED" ? 429 : 503;
        return { statusCode, response: { data: null, errors } };
      }
      return { statusCode: rejected ? 400 : 200, response: { data: execution.data ?? null, errors } };
    },
  });
  // Mercurius takes a source that does not parse as GraphQL for a JSON-encoded AST, and runs
  // any JSON ("-1", "null") as one: the client's mistake, refused before validation.
  app.graphql.addHook("preValidation", async (_schema, document: DocumentNode) => {
    if (document?.kind !== Kind.DOCUMENT || !Array.isArray(document.definitions)) {
      throw new AppError("VALIDATION_ERROR", "The query is not a GraphQL document");
    }
  });
}
