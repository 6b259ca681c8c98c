import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireServiceToken, requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import type { RouteLimits } from "../../http/rate-limit.js";
import { IdParams } from "../../shared/schemas.js";
import { InboxPage, InboxQuery, ReadState, SendBody, Sent, UnreadCount } from "./notifications.schemas.js";
import type { NotificationsService } from "./notifications.service.js";

/** The inbox (owner only) and the internal send endpoint (service token only). */
export const notificationsRoutes: FastifyPluginAsyncTypebox<{
  notifications: NotificationsService;
  internalToken: string;
  routeLimits: RouteLimits;
}> = async (app, { notifications, internalToken, routeLimits }) => {
  const tags = ["notifications"];

  app.get(
    "/api/users/:id/notifications",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "listNotifications",
        summary: "Your inbox, newest first (drop events of followed creators, your orders, messages)",
        params: IdParams,
        querystring: InboxQuery,
        response: { 200: Envelope(InboxPage), ...errors("FORBIDDEN") },
      },
    },
    async (req) => ok(await notifications.list(userOf(req), req.params.id, req.query)),
  );

  app.get(
    "/api/users/:id/notifications/unread-count",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "countUnreadNotifications",
        summary: "How many inbox items are unread",
        params: IdParams,
        response: { 200: Envelope(UnreadCount), ...errors("FORBIDDEN") },
      },
    },
    async (req) => ok({ unread: await notifications.unreadCount(userOf(req), req.params.id) }),
  );

  app.put(
    "/api/users/:id/notifications/read-all",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "markAllNotificationsRead",
        summary: "Mark every inbox item read",
        params: IdParams,
        response: { 200: Envelope(UnreadCount), ...errors("FORBIDDEN") },
      },
    },
    async (req) => {
      await notifications.markAllRead(userOf(req), req.params.id);
      return ok({ unread: 0 });
    },
  );

  app.put(
    "/api/notifications/:id/read",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "markNotificationRead",
        summary: "Mark one inbox item read",
        params: IdParams,
        response: { 200: Envelope(ReadState), ...errors("NOT_FOUND") },
      },
    },
    async (req) => {
      await notifications.markRead(userOf(req), req.params.id);
      return ok({ id: req.params.id, read: true as const });
    },
  );

  app.post(
    "/internal/notifications/send",
    {
      preHandler: requireServiceToken(internalToken),
      // Per calling address, before the token is even checked (src/http/rate-limit.ts).
      config: routeLimits.perAddress("notifications"),
      schema: {
        tags: ["internal"],
        operationId: "sendNotification",
        summary: "Send a notification to a user (service token only)",
        body: SendBody,
        response: { 201: Envelope(Sent), ...errors("NOT_FOUND", "RATE_LIMITED") },
      },
    },
    async (req, reply) => {
      const sent = await notifications.send({ ...req.body, payload: req.body.payload ?? {} }, req.id);
      return reply.status(201).send(ok(sent));
    },
  );
};
