import { type GqlContext, type LoaderMap, type ResolverMap, requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { IdParams } from "../../shared/schemas.js";
import {
  CreateCreatorBody,
  ListCreatorsQuery,
  LoginBody,
  RegisterBody,
  UpdateUserBody,
} from "./users.schemas.js";
import type { UsersService } from "./users.service.js";

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

// The REST routes' schemas, compiled once.
const byId = inputOf(IdParams, "arguments");
const creatorsArgs = pageArgsOf(ListCreatorsQuery);
const registerInput = inputOf(RegisterBody);
const loginArgs = inputOf(LoginBody, "arguments");
const updateInput = inputOf(UpdateUserBody);
const creatorInput = inputOf(CreateCreatorBody);

export function createUsersResolvers({ users }: { users: UsersService }): ResolverMap {
  return {
    Query: {
      me: (_p, _a, ctx) => (ctx.userId ? users.get(ctx.userId, ctx.userId) : null),
      user: (_p, args, ctx) => users.get(ctx.userId, byId(args).id),
      creator: async (_p, args) => (await users.creatorsByIds([byId(args).id]))[0],
      creators: async (_p, args) => toConnection(await users.listCreators(creatorsArgs(args))),
    },
    Mutation: {
      register: async (_p, { input }, ctx) => {
        const user = await users.register(registerInput(input), ipOf(ctx));
        return { user, token: sign(ctx, user.id) };
      },
      login: async (_p, args, ctx) => {
        const user = await users.login(loginArgs(args), ipOf(ctx));
        return { user, token: sign(ctx, user.id) };
      },
      updateMe: (_p, { input }, ctx) => {
        const me = requireCaller(ctx);
        return users.update(me, me, updateInput(input));
      },
      deleteMe: async (_p, _a, ctx) => {
        const me = requireCaller(ctx);
        await users.remove(me, me);
        ctx.reply.server.forgetAccount(me);
        return true;
      },
      becomeCreator: (_p, { input }, ctx) => users.becomeCreator(requireCaller(ctx), creatorInput(input)),
    },
    Creator: {
      name: (c: { displayName: string }) => c.displayName,
    },
  };
}

type Counts = Map<string, { followers: number; following: number }>;

/** Counts for a whole page of creators in one query (the follows module answers). */
export function createUsersLoaders(deps: { countsMany: (ids: string[]) => Promise<Counts> }): LoaderMap {
  return {
    Creator: {
      followerCount: async (queries) => {
        const counts = await deps.countsMany(queries.map((q) => q.obj.id));
        return queries.map((q) => counts.get(q.obj.id)?.followers ?? 0);
      },
      followingCount: async (queries) => {
        const counts = await deps.countsMany(queries.map((q) => q.obj.id));
        return queries.map((q) => counts.get(q.obj.id)?.following ?? 0);
      },
    },
  };
}
