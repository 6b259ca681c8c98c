import type { FastifyReply, FastifyRequest } from "fastify";
import { verifyCaller } from "../http/auth.js";
import { AppError } from "../shared/errors.js";
import type { Outcome } from "../shared/outcome.js";

/**
 * What every resolver receives: the caller (or null) and the request. Services are not in
 * it: each module's resolvers are made from the services they need (see GraphqlModule).
 */
export interface GqlContext {
  userId: string | null;
  /** The version of the caller's token (see src/http/auth.ts `checkToken`). */
  tokenVersion?: number;
  /**
   * A subscription's graphql-ws socket: a revoked token closes the whole connection, so no
   * later operation on it runs as a caller who signed out everywhere.
   */
  socket?: { close(code: number, reason: string): void };
  /** On a subscription's socket: the app, to re-check the token when a subscription starts. */
  app?: { checkToken(userId: string, tokenVersion: number): Promise<void> };
  /** Why a presented token was refused; operations that need a caller report it. */
  authError?: AppError;
  /** The HTTP reply and, through it, the request (a subscription's socket has only the caller). */
  reply: FastifyReply;
  /** Idempotency-Key header of the HTTP request, if any. */
  idempotencyKey: string | undefined;
  /**
   * The client address (`request.ip`, which honours TRUST_PROXY) for the per-address limits
   * the services apply, the same as REST's.
   */
  address: string | null;
  /** On a WebSocket: the connection's open subscriptions (MAX_SUBSCRIPTIONS_PER_CONNECTION). */
  subscriptions?: { open: number };
}

/**
 * The id of the HTTP request an operation came in (X-Request-Id), which the services record
 * with the events it causes, as REST's routes pass `req.id`; none on a subscription's socket.
 */
export const requestIdOf = (ctx: GqlContext): string | undefined => ctx.reply?.request.id;

export function requireCaller(ctx: GqlContext): string {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>");
  return ctx.userId;
}

/**
 * An operation's outcome (src/shared/outcome.ts) as GraphQL answers it: the value, or the
 * refusal thrown so that `extensions.code` carries its code (see formatError).
 */
export function resultOf<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
}

/** Resolve the caller from the Authorization header; a bad token is an error, none is anonymous. */
export async function callerOf(request: FastifyRequest): Promise<string | null> {
  return request.headers.authorization ? verifyCaller(request) : null;
}

/** Typed resolver maps without library-grade gymnastics. */
// biome-ignore lint/suspicious/noExplicitAny: resolvers check their arguments with the REST schemas (graphql/validate.ts).
export type Resolver<P = any> = (parent: P, args: any, ctx: GqlContext) => unknown;
export type ResolverMap = Record<string, Record<string, Resolver>>;
/** A loader query: the parent object (a page's row) and the field's arguments. */
// biome-ignore lint/suspicious/noExplicitAny: parents are the module's own output objects.
export type LoaderQuery = { obj: any; params: Record<string, unknown> };
export type LoaderMap = Record<
  string,
  Record<string, (queries: LoaderQuery[], ctx: GqlContext) => Promise<unknown[]>>
>;

/** A module's share of the schema: its types, and resolvers and loaders made from its services. */
export interface GraphqlModule {
  typeDefs: string;
  resolvers: ResolverMap;
  loaders?: LoaderMap;
}
