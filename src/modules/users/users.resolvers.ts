import {
  firstOf,
  type GqlContext,
  type LoaderMap,
  type ResolverMap,
  requireCaller,
} from "../../graphql/context.js";
import { toConnection } from "../../shared/cursor.js";

export const usersTypeDefs = /* GraphQL */ `
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type User {
    id: ID!
    name: String!
    "Only for the caller themself."
    email: String
    isCreator: Boolean!
    createdAt: String!
  }

  type Creator {
    id: ID!
    handle: String!
    "The creator's display name."
    name: String!
    displayName: String!
    bio: String!
    createdAt: String!
    followerCount: Int!
    followingCount: Int!
  }

  type CreatorEdge {
    node: Creator!
    cursor: String!
  }

  type CreatorConnection {
    edges: [CreatorEdge!]!
    pageInfo: PageInfo!
  }

  type AuthPayload {
    user: User!
    token: String!
  }

  input RegisterInput {
    name: String!
    email: String!
    password: String!
  }

  input UpdateMeInput {
    name: String
    email: String
    password: String
  }

  input BecomeCreatorInput {
    handle: String!
    displayName: String!
    bio: String
  }

  extend type Query {
    "The signed-in user, null when anonymous."
    me: User
    user(id: ID!): User
    creator(id: ID!): Creator
    creators(query: String, first: Int = 20, after: String): CreatorConnection!
  }

  extend type Mutation {
    register(input: RegisterInput!): AuthPayload!
    login(email: String!, password: String!): AuthPayload!
    updateMe(input: UpdateMeInput!): User!
    deleteMe: Boolean!
    becomeCreator(input: BecomeCreatorInput!): Creator!
  }
`;

const ipOf = (ctx: GqlContext) => ctx.reply.request.ip;
const sign = (ctx: GqlContext, id: string) => ctx.reply.server.jwt.sign({ sub: id });

export const usersResolvers: ResolverMap = {
  Query: {
    me: (_p, _a, ctx) => (ctx.userId ? ctx.services.users.get(ctx.userId, ctx.userId) : null),
    user: (_p, { id }, ctx) => ctx.services.users.get(ctx.userId, id),
    creator: async (_p, { id }, ctx) => (await ctx.services.users.creatorsByIds([id]))[0],
    creators: async (_p, { query, first, after }, ctx) =>
      toConnection(await ctx.services.users.listCreators({ query, limit: firstOf(first), after })),
  },
  Mutation: {
    register: async (_p, { input }, ctx) => {
      const user = await ctx.services.users.register(input, ipOf(ctx));
      return { user, token: sign(ctx, user.id) };
    },
    login: async (_p, args, ctx) => {
      const user = await ctx.services.users.login(args, ipOf(ctx));
      return { user, token: sign(ctx, user.id) };
    },
    updateMe: (_p, { input }, ctx) => {
      const me = requireCaller(ctx);
      return ctx.services.users.update(me, me, input);
    },
    deleteMe: async (_p, _a, ctx) => {
      const me = requireCaller(ctx);
      await ctx.services.users.remove(me, me);
      ctx.reply.server.forgetAccount(me);
      return true;
    },
    becomeCreator: (_p, { input }, ctx) => ctx.services.users.becomeCreator(requireCaller(ctx), input),
  },
  Creator: {
    name: (c: { displayName: string }) => c.displayName,
  },
};

export const usersLoaders: LoaderMap = {
  Creator: {
    // Counts for a whole page of creators in one query.
    followerCount: async (queries, ctx) => {
      const counts = await ctx.services.follows.countsMany(queries.map((q) => q.obj.id));
      return queries.map((q) => counts.get(q.obj.id)?.followers ?? 0);
    },
    followingCount: async (queries, ctx) => {
      const counts = await ctx.services.follows.countsMany(queries.map((q) => q.obj.id));
      return queries.map((q) => counts.get(q.obj.id)?.following ?? 0);
    },
  },
};
