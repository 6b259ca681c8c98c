import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireToken, requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { forbidden } from "../../shared/errors.js";
import { IdParams, PageOf, Uuid } from "../../shared/schemas.js";
import { CreatorBody, Follower, Following, FollowState, ListQuery } from "./follows.schemas.js";
import type { FollowsService } from "./follows.service.js";

/** The caller, who may also name themself in the body (seed 003); naming anyone else is a 403. */
function callerNamed(req: FastifyRequest<{ Body: CreatorBody }>): string {
  const caller = userOf(req);
  if (req.body.userId !== undefined && req.body.userId !== caller) {
    throw forbidden("You can only follow or unfollow as yourself");
  }
  return caller;
}

export const followsRoutes: FastifyPluginAsyncTypebox<{ follows: FollowsService }> = async (
  app,
  { follows },
) => {
  const tags = ["follows"];
  // requireToken left the account check to the follow statement: it gets the token's version.
  const follow = async (req: FastifyRequest, userId: string, creatorId: string) => {
    await follows.follow(userId, creatorId, req.ip, req.tokenVersion);
    return ok({ creatorId, following: true });
  };
  const unfollow = async (userId: string, creatorId: string, address: string) => {
    await follows.unfollow(userId, creatorId, address);
    return ok({ creatorId, following: false });
  };
  const state = { 200: Envelope(FollowState), ...errors("NOT_FOUND") };

  app.post(
    "/api/followers",
    {
      preHandler: requireToken, // the follow statement checks the account
      schema: {
        tags,
        operationId: "follow",
        summary: "Follow a creator (seed form; `userId`, when sent, must be the caller)",
        body: CreatorBody,
        response: {
          ...state,
          ...errors("FORBIDDEN", "NOT_FOUND", "SELF_FOLLOW", "RATE_LIMITED", "OVERLOADED"),
        },
      },
    },
    async (req) => follow(req, callerNamed(req), req.body.creatorId),
  );
  app.delete(
    "/api/followers",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "unfollow",
        summary: "Unfollow a creator (seed form; `userId`, when sent, must be the caller)",
        body: CreatorBody,
        response: { ...state, ...errors("FORBIDDEN", "RATE_LIMITED") },
      },
    },
    async (req) => unfollow(callerNamed(req), req.body.creatorId, req.ip),
  );
  app.put(
    "/api/creators/:id/follow",
    {
      preHandler: requireToken, // the follow statement checks the account
      schema: {
        tags,
        operationId: "followCreator",
        summary: "Follow the creator in the path",
        params: IdParams,
        response: { ...state, ...errors("NOT_FOUND", "SELF_FOLLOW", "RATE_LIMITED", "OVERLOADED") },
      },
    },
    async (req) => follow(req, userOf(req), req.params.id),
  );
  app.delete(
    "/api/creators/:id/follow",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "unfollowCreator",
        summary: "Unfollow the creator in the path",
        params: IdParams,
        response: { ...state, ...errors("RATE_LIMITED") },
      },
    },
    async (req) => unfollow(userOf(req), req.params.id, req.ip),
  );

  app.get(
    "/api/creators/:id/followers",
    {
      schema: {
        tags,
        operationId: "listFollowers",
        summary: "A creator's followers, newest first",
        params: IdParams,
        querystring: ListQuery,
        response: { 200: Envelope(PageOf(Follower)), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await follows.followers(req.params.id, req.query)),
  );
  app.get(
    "/api/users/:id/following",
    {
      schema: {
        tags,
        operationId: "listFollowing",
        summary: "Creators a user follows, newest first",
        params: IdParams,
        querystring: ListQuery,
        response: { 200: Envelope(PageOf(Following)), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await follows.following(req.params.id, req.query)),
  );
  app.get(
    "/api/users/:id/following/:creatorId",
    {
      schema: {
        tags,
        operationId: "getFollow",
        summary: "Whether the user follows the creator: 200, or 404 when not",
        params: Type.Object({ id: Uuid, creatorId: Uuid }),
        response: {
          200: Envelope(
            Type.Object({ following: Type.Boolean(), followedAt: Type.String({ format: "date-time" }) }),
          ),
          ...errors("NOT_FOUND"),
        },
      },
    },
    async (req) => ok(await follows.isFollowing(req.params.id, req.params.creatorId)),
  );
};
