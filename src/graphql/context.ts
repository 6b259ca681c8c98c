import type { FastifyReply, FastifyRequest } from "fastify";
import type { Services } from "../app.js";
import { verifyCaller } from "../http/auth.js";
import { AppError } from "../shared/errors.js";

/** What every resolver receives: the caller (or null) and the module services. */
export interface GqlContext {
  userId: string | null;
  /** Why a presented token was refused; operations that need a caller report it. */
  authError?: AppError;
  services: Services;
  reply: FastifyReply;
  /** Idempotency-Key header of the HTTP request, if any. */
  idempotencyKey: string | undefined;
}

export function requireCaller(ctx: GqlContext): string {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.userId) throw new AppError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>");
  return ctx.userId;
}

/** Resolve the caller from the Authorization header; a bad token is an error, none is anonymous. */
export async function callerOf(request: FastifyRequest): Promise<string | null> {
  return request.headers.authorization ? verifyCaller(request) : null;
}

/** Relay `first` (default 20, at most 100), as the REST `limit`. */
export function firstOf(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new AppError("VALIDATION_ERROR", "`first` must be between 1 and 100", { first });
  }
  return n;
}

/** Typed resolver maps without library-grade gymnastics. */
// biome-ignore lint/suspicious/noExplicitAny: GraphQL arguments are validated by the schema.
export type Resolver<P = any> = (parent: P, args: any, ctx: GqlContext) => unknown;
export type ResolverMap = Record<string, Record<string, Resolver>>;
/** A loader query: the parent object (a page's row) and the field's arguments. */
// biome-ignore lint/suspicious/noExplicitAny: parents are the module's own output objects.
export type LoaderQuery = { obj: any; params: Record<string, unknown> };
export type LoaderMap = Record<
  string,
  Record<string, (queries: LoaderQuery[], ctx: GqlContext) => Promise<unknown[]>>
>;
