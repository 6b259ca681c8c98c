import type { LoaderMap, ResolverMap } from "../../graphql/context.js";
import { requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { CreatorBody, ListQuery } from "./follows.schemas.js";
import type { FollowsService } from "./follows.service.js";

export const followsTypeDefs = /* GraphQL */ `
  "A user who follows a creator."
  type Follower {
    "The follower's user id."
    id: ID!
    "The follower's display name."
    name: String!
    "When they followed (ISO 8601)."
    followedAt: String!
  }

  "A follower in a list, with its cursor."
  type FollowerEdge {
    "The follower."
    node: Follower!
    "Pass as after to continue after this follower."
    cursor: String!
  }

  "A page of followers."
  type FollowerConnection {
    "The followers of this page."
    edges: [FollowerEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "A creator a user follows."
  type FollowedCreator {
    "The creator's id."
    id: ID!
    "The creator's handle."
    handle: String!
    "The creator's display name."
    displayName: String!
    "When the user followed (ISO 8601)."
    followedAt: String!
  }

  "A followed creator in a list, with its cursor."
  type FollowingEdge {
    "The followed creator."
    node: FollowedCreator!
    "Pass as after to continue after this creator."
    cursor: String!
  }

  "A page of followed creators."
  type FollowingConnection {
    "The followed creators of this page."
    edges: [FollowingEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "Whether the caller follows a creator after a follow or unfollow."
  type FollowState {
    "The creator."
    creatorId: ID!
    "True after follow, false after unfollow."
    following: Boolean!
  }

  extend type Creator {
    "Whether the caller follows this creator (false when anonymous)."
    meFollows: Boolean!
    "The creator's followers, newest first."
    followers(first: Int = 20, after: String): FollowerConnection!
  }

  extend type User {
    "Creators this user follows, newest follow first."
    following(first: Int = 20, after: String): FollowingConnection!
  }

  extend type Mutation {
    "Follow a creator; following twice is a no-op (NOT_FOUND, SELF_FOLLOW)."
    follow(creatorId: ID!): FollowState!
    "Unfollow a creator; unfollowing twice is a no-op."
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
        await follows.follow(me, creatorId, ctx.address);
        return { creatorId, following: true };
      },
      unfollow: async (_p, args, ctx) => {
        const me = requireCaller(ctx);
        const { creatorId } = creatorArgs(args);
        await follows.unfollow(me, creatorId, ctx.address);
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
