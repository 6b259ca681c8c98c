import { timingSafeEqual } from "node:crypto";
import jwt from "@fastify/jwt";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../shared/errors.js";

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
}

/**
 * Bearer JWTs for users, a separate static service token for /internal. A user token is
 * never accepted where the service token is required, and the other way round.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { secret: string; expiresIn: string }) => {
    await app.register(jwt, { secret: opts.secret, sign: { expiresIn: opts.expiresIn } });
    app.decorateRequest("userId", null);
  },
  { name: "auth" },
);

export async function requireUser(request: FastifyRequest): Promise<void> {
  if (!request.headers.authorization) {
    throw new AppError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>");
  }
  try {
    const payload = await request.jwtVerify<{ sub: string }>();
    request.userId = payload.sub;
  } catch {
    throw new AppError("UNAUTHENTICATED", "Invalid or expired token");
  }
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

export function requireServiceToken(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length === 0) throw new AppError("UNAUTHENTICATED", "Service token required");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError("FORBIDDEN", "Internal API: a service token is required");
    }
  };
}
