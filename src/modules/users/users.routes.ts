import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { optionalUser, requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { IdParams, PageOf } from "../../shared/schemas.js";
import {
  AuthResult,
  CreateCreatorBody,
  Creator,
  CreatorWithCounts,
  ListCreatorsQuery,
  LoginBody,
  RegisterBody,
  UpdateCreatorBody,
  UpdatedUser,
  UpdateUserBody,
  User,
} from "./users.schemas.js";
import { type UsersService, updatedUser } from "./users.service.js";

export interface UsersRoutesOptions {
  users: UsersService;
  /** Follower/following counts for a creator page (from the follows module). */
  counts: (id: string) => Promise<{ followers: number; following: number }>;
}

export const usersRoutes: FastifyPluginAsyncTypebox<UsersRoutesOptions> = async (app, { users, counts }) => {
  const auth = ["auth"];
  app.post(
    "/api/auth/register",
    {
      schema: {
        tags: auth,
        operationId: "register",
        summary: "Create an account; answers the user and a bearer token",
        body: RegisterBody,
        response: { 201: Envelope(AuthResult), ...errors("EMAIL_TAKEN", "RATE_LIMITED") },
      },
    },
    async (req, reply) => {
      const user = await users.register(req.body, req.ip);
      // A new account's tokens start at version 0.
      return reply.status(201).send(ok({ user, token: app.signToken(user.id, 0) }));
    },
  );

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags: auth,
        operationId: "login",
        summary: "Sign in with email and password; answers the user and a bearer token",
        body: LoginBody,
        response: { 200: Envelope(AuthResult), ...errors("UNAUTHENTICATED", "RATE_LIMITED") },
      },
    },
    async (req) => {
      const { user, tokenVersion } = await users.login(req.body, req.ip);
      return ok({ user, token: app.signToken(user.id, tokenVersion) });
    },
  );

  const tags = ["users"];
  app.get(
    "/api/users/:id",
    {
      preHandler: optionalUser,
      schema: {
        tags,
        operationId: "getUser",
        summary: "A user; the email only to the user themself",
        params: IdParams,
        response: { 200: Envelope(User), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await users.get(req.userId, req.params.id)),
  );

  app.put(
    "/api/users/:id",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "updateUser",
        summary: "Change your name, email or password",
        description:
          "Changing `password` or `email` needs `currentPassword` (403 WRONG_PASSWORD when missing or wrong; " +
          "guesses count against the sign-in rate limit). A new password revokes every token signed before " +
          "it, on every server within seconds, and ends the account's open push connections that use one; " +
          "the answer then carries a fresh `token`.",
        params: IdParams,
        body: UpdateUserBody,
        response: {
          200: Envelope(UpdatedUser),
          ...errors("FORBIDDEN", "NOT_FOUND", "EMAIL_TAKEN", "WRONG_PASSWORD", "RATE_LIMITED"),
        },
      },
    },
    async (req) => ok(updatedUser(await users.update(userOf(req), req.params.id, req.body, req.id), app)),
  );

  app.delete(
    "/api/users/:id",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "deleteUser",
        summary: "Delete your account: personal data is anonymised, orders are kept",
        description:
          "Every token of the account stops working and its open push connections end, on every server " +
          "within seconds. Its follows go, and its drops end: upcoming ones are cancelled, a live one ends now.",
        params: IdParams,
        response: {
          200: Envelope(Type.Object({ deleted: Type.Boolean() })),
          ...errors("FORBIDDEN", "NOT_FOUND"),
        },
      },
    },
    async (req) => {
      await users.remove(userOf(req), req.params.id, req.id);
      app.forgetAccount(req.params.id);
      return ok({ deleted: true });
    },
  );

  const creators = ["creators"];
  app.post(
    "/api/creators",
    {
      preHandler: requireUser,
      schema: {
        tags: creators,
        operationId: "becomeCreator",
        summary: "Open your creator profile (handle, display name, bio)",
        body: CreateCreatorBody,
        response: { 201: Envelope(Creator), ...errors("ALREADY_CREATOR", "HANDLE_TAKEN") },
      },
    },
    async (req, reply) => reply.status(201).send(ok(await users.becomeCreator(userOf(req), req.body))),
  );

  // Seed 003's "create/upgrade creator profile" includes editing it: owner only.
  app.put(
    "/api/creators/me",
    {
      preHandler: requireUser,
      schema: {
        tags: creators,
        operationId: "updateMyCreatorProfile",
        summary: "Edit your creator profile (409 HANDLE_TAKEN, 404 when you have none)",
        body: UpdateCreatorBody,
        response: { 200: Envelope(Creator), ...errors("FORBIDDEN", "NOT_FOUND", "HANDLE_TAKEN") },
      },
    },
    async (req) => ok(await users.updateCreator(userOf(req), userOf(req), req.body)),
  );
  app.put(
    "/api/creators/:id",
    {
      preHandler: requireUser,
      schema: {
        tags: creators,
        operationId: "updateCreatorProfile",
        summary: "Edit a creator profile: the owner only (403 otherwise, 409 HANDLE_TAKEN)",
        params: IdParams,
        body: UpdateCreatorBody,
        response: { 200: Envelope(Creator), ...errors("FORBIDDEN", "NOT_FOUND", "HANDLE_TAKEN") },
      },
    },
    async (req) => ok(await users.updateCreator(userOf(req), req.params.id, req.body)),
  );

  app.get(
    "/api/creators",
    {
      schema: {
        tags: creators,
        operationId: "listCreators",
        summary: "List creators, newest first; `query` searches handles and names by word prefix",
        querystring: ListCreatorsQuery,
        response: { 200: Envelope(PageOf(Creator)) },
      },
    },
    async (req) => ok(await users.listCreators(req.query)),
  );

  app.get(
    "/api/creators/:id",
    {
      schema: {
        tags: creators,
        operationId: "getCreator",
        summary: "A creator's profile with follower and following counts",
        params: IdParams,
        response: { 200: Envelope(CreatorWithCounts), ...errors("NOT_FOUND") },
      },
    },
    async (req) => {
      const creator = await users.getCreator(req.params.id);
      const c = await counts(creator.id);
      return ok({ ...creator, followerCount: c.followers, followingCount: c.following });
    },
  );
};
