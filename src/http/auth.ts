import { timingSafeEqual } from "node:crypto";
import jwt from "@fastify/jwt";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { LRUCache } from "lru-cache";
import { AppError } from "../shared/errors.js";
import { isUuid } from "../shared/ids.js";

declare module "@fastify/jwt" {
  interface FastifyJWT {
    /** `tv`: the account's token version at signing (absent on tokens from before versions: 0). */
    payload: { sub: string; tv?: number };
    user: { sub: string; tv?: number };
  }
}

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated user's id, set by `requireUser` / `optionalUser`. */
    userId: string | null;
    /** The token version the caller's token was signed with (see `checkToken`). */
    tokenVersion: number;
  }
  interface FastifyInstance {
    /** A user token for the account at its current token version. */
    signToken(userId: string, tokenVersion: number): string;
    /**
     * Refuse (UNAUTHENTICATED) a verified token whose account is deleted or whose version
     * was revoked (a password change). Cached per account for at most 5 s.
     */
    checkToken(userId: string, tokenVersion: number): Promise<void>;
    /** Forget a cached account at once (deleted or revoked here, or announced on the bus). */
    forgetAccount(id: string): void;
    /** Claims of Authorization headers this app verified (see verifyCaller). */
    verifiedTokens: LRUCache<string, Claims>;
  }
}

interface Claims {
  sub: string;
  tv?: number;
  exp?: number;
}

/** Who issues user tokens, and for whom: checked on every token. */
export const JWT_ISSUER = "livedrop";
export const JWT_AUDIENCE = "livedrop-api";

export interface AuthOptions {
  secret: string;
  expiresIn: string;
  /** The account's current token version; null when it is deleted or unknown. */
  tokenVersion: (userId: string) => Promise<number | null>;
}

/** The version a verified token was signed with. */
export const versionOf = (claims: { tv?: unknown }): number =>
  typeof claims.tv === "number" && Number.isInteger(claims.tv) ? claims.tv : 0;

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
    // The exact Authorization headers this app verified, with their claims: the same bytes
    // verify the same way until the token expires, and a buyer's retries or a fan's session
    // repeat them. @fastify/jwt's own cache still hashes and decodes the token through its
    // callback chain (about a sixth of a sold-out answer's CPU, issue 16). Per app, because
    // each app has its own secret; bounded, and an entry never outlives its token's exp.
    app.decorate("verifiedTokens", new LRUCache<string, Claims>({ max: 50_000, ttl: 60_000 }));
    app.decorateRequest("userId", null);
    app.decorateRequest("tokenVersion", 0);
    app.decorate("signToken", (userId: string, tokenVersion: number) =>
      app.jwt.sign({ sub: userId, tv: tokenVersion }),
    );
    // Remember live accounts' token versions briefly so a token costs no query on most
    // requests; a deletion or revocation elsewhere reaches this cache within that time (at
    // once when the bus announces it: `account.revoked` calls forgetAccount).
    const versions = new LRUCache<string, number>({ max: 100_000, ttl: 5_000 });
    const read = async (id: string): Promise<number | null> => {
      const v = await opts.tokenVersion(id);
      if (v === null) versions.delete(id);
      else versions.set(id, v);
      return v;
    };
    app.decorate("checkToken", async (id: string, tv: number) => {
      // A well-signed token can still carry any subject: only a UUID names an account.
      if (typeof id !== "string" || !isUuid(id)) {
        throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
      }
      let current = versions.get(id) ?? (await read(id));
      // A token newer than the cached version is the fresh token of a change made in another
      // process within the cache's lifetime: read again rather than refuse it.
      if (current !== null && tv > current) current = await read(id);
      if (current === null) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
      if (tv !== current) {
        throw new AppError("UNAUTHENTICATED", "This token was revoked (the password changed): sign in again");
      }
    });
    app.decorate("forgetAccount", (id: string) => {
      versions.delete(id);
    });
  },
  { name: "auth" },
);

/** The account behind the request's bearer token; throws UNAUTHENTICATED for a bad or dead one. */
export async function verifyCaller(request: FastifyRequest, checkAccount = true): Promise<string> {
  if (!request.headers.authorization) {
    throw new AppError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>");
  }
  const header = request.headers.authorization;
  const verified = request.server.verifiedTokens;
  let claims = verified.get(header);
  if (claims?.exp !== undefined && claims.exp * 1000 <= Date.now()) claims = undefined;
  if (!claims) {
    try {
      claims = await request.jwtVerify<Claims>();
    } catch {
      throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
    }
    verified.set(header, claims);
  }
  // Signed by us but naming no account (a number, junk, a NUL): never reaches a query.
  if (typeof claims.sub !== "string" || !isUuid(claims.sub))
    throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
  request.tokenVersion = versionOf(claims);
  if (checkAccount) await request.server.checkToken(claims.sub, request.tokenVersion);
  return claims.sub;
}

export async function requireUser(request: FastifyRequest): Promise<void> {
  request.userId = await verifyCaller(request);
}

/**
 * Verifies the token but leaves the "does this account still exist, and is this token not
 * revoked" check to the route's own statement: for hot writes (a celebrity's follow burst)
 * that check in the same round trip. The service must refuse a deleted account and a token
 * older than the account's version (`request.tokenVersion`) itself.
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
