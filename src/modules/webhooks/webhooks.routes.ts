import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { IdParams } from "../../shared/schemas.js";
import {
  CreatedWebhook,
  Deleted,
  Delivery,
  DeliveryPage,
  DeliveryParams,
  DeliveryQuery,
  Webhook,
  WebhookBody,
  WebhookList,
  WebhookUpdate,
} from "./webhooks.schemas.js";
import type { WebhooksService } from "./webhooks.service.js";

/** A creator's webhook endpoints and their delivery logs (owner only: others get 404). */
export const webhooksRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhooksService }> = async (
  app,
  { webhooks },
) => {
  const tags = ["webhooks"];
  const preHandler = requireUser;

  app.post(
    "/api/webhooks",
    {
      preHandler,
      schema: {
        tags,
        operationId: "createWebhook",
        summary: "Register an endpoint for your drops' and orders' events; the answer shows its secret, once",
        body: WebhookBody,
        response: { 201: Envelope(CreatedWebhook), ...errors("FORBIDDEN", "LIMIT_EXCEEDED") },
      },
    },
    async (req, reply) => reply.status(201).send(ok(await webhooks.create(userOf(req), req.body))),
  );
  app.get(
    "/api/webhooks",
    {
      preHandler,
      schema: {
        tags,
        operationId: "listWebhooks",
        summary: "Your endpoints, newest first (secrets are never shown again)",
        response: { 200: Envelope(WebhookList), ...errors("FORBIDDEN") },
      },
    },
    async (req) => ok(await webhooks.list(userOf(req))),
  );
  app.get(
    "/api/webhooks/:id",
    {
      preHandler,
      schema: {
        tags,
        operationId: "getWebhook",
        summary: "One of your endpoints",
        params: IdParams,
        response: { 200: Envelope(Webhook), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await webhooks.get(userOf(req), req.params.id)),
  );
  app.put(
    "/api/webhooks/:id",
    {
      preHandler,
      schema: {
        tags,
        operationId: "updateWebhook",
        summary: "Change an endpoint's URL or events, or enable it again after it was disabled",
        params: IdParams,
        body: WebhookUpdate,
        response: { 200: Envelope(Webhook), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await webhooks.update(userOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/webhooks/:id",
    {
      preHandler,
      schema: {
        tags,
        operationId: "deleteWebhook",
        summary: "Delete an endpoint and its delivery log",
        params: IdParams,
        response: { 200: Envelope(Deleted), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await webhooks.remove(userOf(req), req.params.id)),
  );
  app.get(
    "/api/webhooks/:id/deliveries",
    {
      preHandler,
      schema: {
        tags,
        operationId: "listWebhookDeliveries",
        summary: "An endpoint's delivery log, newest first: status, attempts, last response code",
        params: IdParams,
        querystring: DeliveryQuery,
        response: { 200: Envelope(DeliveryPage), ...errors("NOT_FOUND") },
      },
    },
    async (req) => ok(await webhooks.deliveryLog(userOf(req), req.params.id, req.query)),
  );
  app.post(
    "/api/webhooks/:id/deliveries/:deliveryId/redeliver",
    {
      preHandler,
      schema: {
        tags,
        operationId: "redeliverWebhook",
        summary: "Send a delivery again now (same event id and body, a fresh signature and retry window)",
        params: DeliveryParams,
        response: { 202: Envelope(Delivery), ...errors("NOT_FOUND", "INVALID_STATE") },
      },
    },
    async (req, reply) =>
      reply.status(202).send(ok(await webhooks.redeliver(userOf(req), req.params.id, req.params.deliveryId))),
  );
};
