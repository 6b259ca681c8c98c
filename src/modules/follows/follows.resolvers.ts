import { firstOf, type LoaderMap, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { toConnection } from "../../shared/cursor.js";

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

export const followsResolvers: ResolverMap = {
  Creator: {
    followers: async (c: { id: string }, { first, after }, ctx) =>
      toConnection(await ctx.services.follows.followers(c.id, { limit: firstOf(first), after })),
  },
  User: {
    following: async (u: { id: string }, { first, after }, ctx) =>
      toConnection(await ctx.services.follows.following(u.id, { limit: firstOf(first), after })),
  },
  Mutation: {
    follow: async (_p, { creatorId }, ctx) => {
      await ctx.services.follows.follow(requireCaller(ctx), creatorId);
      return { creatorId, following: true };
    },
    unfollow: async (_p, { creatorId }, ctx) => {
      await ctx.services.follows.unfollow(requireCaller(ctx), creatorId);
      return { creatorId, following: false };
    },
  },
};

export const followsLoaders: LoaderMap = {
  Creator: {
    // One query for the whole page, whatever its size.
    meFollows: async (queries, ctx) => {
      if (!ctx.userId) return queries.map(() => false);
      const followed = await ctx.services.follows.followedAmong(
        ctx.userId,
        queries.map((q) => q.obj.id),
      );
      return queries.map((q) => followed.has(q.obj.id));
    },
  },
};
