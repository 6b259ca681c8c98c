import type { LoaderMap, ResolverMap } from "../../graphql/context.js";
import { requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { CreatorBody, ListQuery } from "./follows.schemas.js";
import type { FollowsService } from "./follows.service.js";

export const followsTypeDefs = /* GraphQL */ `
  type Follower {
    id: ID!
    name: String!
    followedAt: String!
  }

  type FollowerEdge {
    node: Follower!
    cursor: String!
  }

  type FollowerConnection {
    edges: [FollowerEdge!]!
    pageInfo: PageInfo!
  }

  type FollowedCreator {
    id: ID!
    handle: String!
    displayName: String!
    followedAt: String!
  }

  type FollowingEdge {
    node: FollowedCreator!
    cursor: String!
  }

  type FollowingConnection {
    edges: [FollowingEdge!]!
    pageInfo: PageInfo!
  }

  type FollowState {
    creatorId: ID!
    following: Boolean!
  }

  extend type Creator {
    "Whether the caller follows this creator (false when anonymous)."
    meFollows: Boolean!
    followers(first: Int = 20, after: String): FollowerConnection!
  }

  extend type User {
    following(first: Int = 20, after: String): FollowingConnection!
  }

  extend type Mutation {
    follow(creatorId: ID!): FollowState!
    unfollow(creatorId: ID!): FollowState!
  }
`;

// The REST routes' schemas, compiled once.
const creatorArgs = inputOf(CreatorBody, "arguments");
const pageArgs = pageArgsOf(ListQuery);

export function createFollowsResolvers({ follows }: { follows: FollowsService }): ResolverMap {
  return {
    Creator: {
      followers: async (c: { id: string }, args) =>
        toConnection(await follows.followers(c.id, pageArgs(args))),
    },
    User: {
      following: async (u: { id: string }, args) =>
        toConnection(await follows.following(u.id, pageArgs(args))),
    },
    Mutation: {
      follow: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        const { creatorId } = creatorArgs(args);
        await follows.follow(me, creatorId);
        return { creatorId, following: true };
      },
      unfollow: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        const { creatorId } = creatorArgs(args);
        await follows.unfollow(me, creatorId);
        return { creatorId, following: false };
      },
    },
  };
}

export function createFollowsLoaders({ follows }: { follows: FollowsService }): LoaderMap {
  return {
    Creator: {
      // One query for the whole page, whatever its size.
      meFollows: async (queries, ctx) => {
        if (!ctx.userId) return queries.map(() => false);
        const followed = await follows.followedAmong(
          ctx.userId,
          queries.map((q) => q.obj.id),
        );
        return queries.map((q) => followed.has(q.obj.id));
      },
    },
  };
}
