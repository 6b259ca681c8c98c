import {
  type GqlContext,
  type LoaderMap,
  type ResolverMap,
  requestIdOf,
  requireCaller,
} from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { IdParams } from "../../shared/schemas.js";
import {
  CreateCreatorBody,
  ListCreatorsQuery,
  LoginBody,
  RegisterBody,
  UpdateCreatorBody,
  UpdateUserBody,
} from "./users.schemas.js";
import { type UsersService, updatedUser } from "./users.service.js";

export const usersTypeDefs = /* GraphQL */ `
  "Where a page of a connection ends."
  type PageInfo {
    "Whether another page follows."
    hasNextPage: Boolean!
    "The cursor to pass as after for the next page; null on an empty page."
    endCursor: String
  }

  "An account. Anyone may read the public fields."
  type User {
    "The user's id (a UUID)."
    id: ID!
    "The display name."
    name: String!
    "Only for the caller themself."
    email: String
    "Only in the answer to updateMe that changed the password: a fresh bearer token (every older one is revoked)."
    token: String
    "Whether the user has a creator profile."
    isCreator: Boolean!
    "When the account was created (ISO 8601)."
    createdAt: String!
  }

  "A creator's public profile."
  type Creator {
    "The creator's id: the id of their user account."
    id: ID!
    "The unique handle, 3-30 letters, digits or _."
    handle: String!
    "The creator's display name."
    name: String!
    "The name shown on the profile."
    displayName: String!
    "A short biography; empty when none."
    bio: String!
    "When the profile was opened (ISO 8601)."
    createdAt: String!
    "How many users follow the creator."
    followerCount: Int!
    "How many creators the creator follows."
    followingCount: Int!
  }

  "A creator in a list, with its cursor."
  type CreatorEdge {
    "The creator."
    node: Creator!
    "Pass as after to continue after this creator."
    cursor: String!
  }

  "A page of creators."
  type CreatorConnection {
    "The creators of this page."
    edges: [CreatorEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "A signed-in session: the account and its bearer token."
  type AuthPayload {
    "The signed-in account."
    user: User!
    "A JWT to send as Authorization: Bearer <token>."
    token: String!
  }

  "A new account (the REST rules: a valid email, a password of 8 or more characters)."
  input RegisterInput {
    "The display name, 1-100 characters."
    name: String!
    "The email to sign in with; unique."
    email: String!
    "At least 8 characters."
    password: String!
  }

  "Changes to your account; at least one field (the REST rules of PUT /api/users/:id)."
  input UpdateMeInput {
    "A new display name."
    name: String
    "A new email; unique. Needs currentPassword."
    email: String
    "A new password, at least 8 characters. Needs currentPassword; revokes every older token (the answer's token replaces them)."
    password: String
    "Your current password: required to change email or password (WRONG_PASSWORD when missing or wrong)."
    currentPassword: String
  }

  "Your creator profile."
  input BecomeCreatorInput {
    "A unique handle, 3-30 letters, digits or _."
    handle: String!
    "The name shown on the profile."
    displayName: String!
    "A short biography, up to 1000 characters."
    bio: String
  }

  "Changes to your creator profile; at least one field."
  input UpdateCreatorInput {
    "A new unique handle, 3-30 letters, digits or _."
    handle: String
    "The name shown on the profile."
    displayName: String
    "A short biography, up to 1000 characters."
    bio: String
  }

  extend type Query {
    "The signed-in user, null when anonymous."
    me: User
    "A user by id; null when there is none."
    user(id: ID!): User
    "A creator by id; null when there is none."
    creator(id: ID!): Creator
    "Creators, newest first; query searches handles and names by word prefix."
    creators(query: String, first: Int = 20, after: String): CreatorConnection!
  }

  extend type Mutation {
    "Create an account and sign in (EMAIL_TAKEN, RATE_LIMITED)."
    register(input: RegisterInput!): AuthPayload!
    "Sign in with email and password (UNAUTHENTICATED, RATE_LIMITED)."
    login(email: String!, password: String!): AuthPayload!
    "Change your name, email or password (WRONG_PASSWORD, EMAIL_TAKEN); a new password's answer carries a fresh token."
    updateMe(input: UpdateMeInput!): User!
    "Delete your account: personal data is anonymised, orders are kept, its tokens and connections end, its drops end."
    deleteMe: Boolean!
    "Open your creator profile (ALREADY_CREATOR, HANDLE_TAKEN)."
    becomeCreator(input: BecomeCreatorInput!): Creator!
    "Edit your creator profile, as PUT /api/creators/me (NOT_FOUND without one, HANDLE_TAKEN)."
    updateCreator(input: UpdateCreatorInput!): Creator!
  }
`;

const ipOf = (ctx: GqlContext) => ctx.address;
const sign = (ctx: GqlContext, id: string, tokenVersion: number) =>
  ctx.reply.server.signToken(id, tokenVersion);

// The REST routes' schemas, compiled once.
const byId = inputOf(IdParams, "arguments");
const creatorsArgs = pageArgsOf(ListCreatorsQuery);
const registerInput = inputOf(RegisterBody);
const loginArgs = inputOf(LoginBody, "arguments");
const updateInput = inputOf(UpdateUserBody);
const creatorInput = inputOf(CreateCreatorBody);
const creatorChanges = inputOf(UpdateCreatorBody);

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
        return { user, token: sign(ctx, user.id, 0) };
      },
      login: async (_p, args, ctx) => {
        const { user, tokenVersion } = await users.login(loginArgs(args), ipOf(ctx));
        return { user, token: sign(ctx, user.id, tokenVersion) };
      },
      updateMe: async (_p, { input }, ctx) => {
        const me = requireCaller(ctx);
        const r = await users.update(me, me, updateInput(input), requestIdOf(ctx));
        return updatedUser(r, ctx.reply.server);
      },
      deleteMe: async (_p, _a, ctx) => {
        const me = requireCaller(ctx);
        await users.remove(me, me, requestIdOf(ctx));
        ctx.reply.server.forgetAccount(me);
        return true;
      },
      becomeCreator: (_p, { input }, ctx) => users.becomeCreator(requireCaller(ctx), creatorInput(input)),
      updateCreator: (_p, { input }, ctx) => {
        const me = requireCaller(ctx);
        return users.updateCreator(me, me, creatorChanges(input));
      },
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
