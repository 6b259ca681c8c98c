import { timingSafeEqual } from "node:crypto";
import jwt from "@fastify/jwt";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { LRUCache } from "lru-cache";
import { AppError } from "../shared/errors.js";
import { isUuid } from "../shared/ids.js";

declare module "@fastify/jwt" {
  interface FastifyJWT {
    payload: { sub: string };
    user: { sub: string };
  }
}

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated user's id, set by `requireUser` / `optionalUser`. */
    userId: string | null;
  }
  interface FastifyInstance {
    /** Whether a token's account still exists; a deleted account's tokens stop working. */
    accountActive(id: string): Promise<boolean>;
    /** Forget a cached live account at once (after this process deleted it). */
    forgetAccount(id: string): void;
  }
}

/** Who issues user tokens, and for whom: checked on every token. */
export const JWT_ISSUER = "livedrop";
export const JWT_AUDIENCE = "livedrop-api";

export interface AuthOptions {
  secret: string;
  expiresIn: string;
  isActive: (userId: string) => Promise<boolean>;
}

/**
 * Bearer JWTs for users, a separate static service token for /internal. A user token is
 * never accepted where the service token is required, and the other way round.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthOptions) => {
    // Verified tokens are cached (LRU, bounded by each token's exp): a buyer's retries and a
    // page's many requests skip the HMAC after the first.
    // The algorithm is pinned (no `none`, no key confusion) and tokens name who issued them
    // and for whom, so a token minted for another service with the same secret is refused.
    await app.register(jwt, {
      secret: opts.secret,
      sign: { algorithm: "HS256", iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: opts.expiresIn },
      verify: {
        algorithms: ["HS256"],
        allowedIss: JWT_ISSUER,
        allowedAud: JWT_AUDIENCE,
        requiredClaims: ["iss", "aud", "sub"],
        cache: 50_000,
        cacheTTL: 60_000,
      },
    });
    app.decorateRequest("userId", null);
    // Remember live accounts briefly so a token costs no query on most requests; a deleted
    // account's tokens stop working within that time in every process.
    const active = new LRUCache<string, true>({ max: 100_000, ttl: 5_000 });
    app.decorate("accountActive", async (id: string) => {
      // A well-signed token can still carry any subject: only a UUID names an account.
      if (typeof id !== "string" || !isUuid(id)) return false;
      if (active.has(id)) return true;
      const ok = await opts.isActive(id);
      if (ok) active.set(id, true);
      else active.delete(id);
      return ok;
    });
    app.decorate("forgetAccount", (id: string) => {
      active.delete(id);
    });
  },
  { name: "auth" },
);

/** The account behind the request's bearer token; throws UNAUTHENTICATED for a bad or dead one. */
export async function verifyCaller(request: FastifyRequest, checkAccount = true): Promise<string> {
  if (!request.headers.authorization) {
    throw new AppError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>");
  }
  let sub: unknown;
  try {
    sub = (await request.jwtVerify<{ sub: string }>()).sub;
  } catch {
    throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
  }
  // Signed by us but naming no account (a number, junk, a NUL): never reaches a query.
  if (typeof sub !== "string" || !isUuid(sub))
    throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
  if (checkAccount && !(await request.server.accountActive(sub))) {
    throw new AppError("UNAUTHENTICATED", "This account no longer exists");
  }
  return sub;
}

export async function requireUser(request: FastifyRequest): Promise<void> {
  request.userId = await verifyCaller(request);
}

/**
 * Verifies the token but leaves the "does this account still exist" check to the route's
 * own statement: for hot writes (a celebrity's follow burst) that check in the same round
 * trip. The service must refuse a deleted account itself.
 */
export async function requireToken(request: FastifyRequest): Promise<void> {
  request.userId = await verifyCaller(request, false);
}

/** Like requireUser, but an anonymous request passes with userId null. A bad token is still a 401. */
export async function optionalUser(request: FastifyRequest): Promise<void> {
  if (request.headers.authorization) await requireUser(request);
}

/** The id of the signed-in user; use after requireUser. */
export function userOf(request: FastifyRequest): string {
  if (!request.userId) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return request.userId;
}

/** The hooks made by requireServiceToken, so the OpenAPI document can tell their routes apart. */
const serviceTokenHooks = new WeakSet<object>();
export const isServiceTokenHook = (hook: unknown): boolean =>
  typeof hook === "function" && serviceTokenHooks.has(hook);

export function requireServiceToken(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  const hook = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length === 0) throw new AppError("UNAUTHENTICATED", "Service token required");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError("FORBIDDEN", "A service token is required");
    }
  };
  serviceTokenHooks.add(hook);
  return hook;
}
