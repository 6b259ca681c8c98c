import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import type { PasswordReset } from "./password-reset.service.js";
import { PasswordResetBody, PasswordResetConfirmBody } from "./users.schemas.js";

/** Forgotten passwords: ask for a link by mail, then set a new password with its token. */
export const passwordResetRoutes: FastifyPluginAsyncTypebox<{ reset: PasswordReset }> = async (
  app,
  { reset },
) => {
  const tags = ["auth"];
  app.post(
    "/api/auth/password-reset",
    {
      schema: {
        tags,
        operationId: "requestPasswordReset",
        summary: "Mail a password reset link; always 202, whether or not the email has an account",
        description:
          "The mail links to `PUBLIC_URL/reset-password?token=...`; the token works once, for an hour " +
          "(PASSWORD_RESET_TTL_MS). Limited per email and per client address (429).",
        body: PasswordResetBody,
        response: {
          202: Envelope(Type.Object({ requested: Type.Literal(true) })),
          ...errors("RATE_LIMITED"),
        },
      },
    },
    async (req, reply) => {
      await reset.request(req.body.email, req.ip);
      return reply.status(202).send(ok({ requested: true as const }));
    },
  );

  app.post(
    "/api/auth/password-reset/confirm",
    {
      schema: {
        tags,
        operationId: "confirmPasswordReset",
        summary: "Set a new password with the token from the reset mail (once)",
        description:
          "Every token of the account signed before is revoked (its sessions end on every server within " +
          "seconds) and every other open reset link stops working. A used, expired or unknown token is a 400.",
        body: PasswordResetConfirmBody,
        response: { 200: Envelope(Type.Object({ reset: Type.Literal(true) })) },
      },
    },
    async (req) => {
      const { userId } = await reset.confirm(req.body.token, req.body.password, req.id);
      app.forgetAccount(userId);
      return ok({ reset: true as const });
    },
  );
};
