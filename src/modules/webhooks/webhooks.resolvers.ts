import { Type } from "typebox";
import type { ResolverMap } from "../../graphql/context.js";
import { requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { IdParams } from "../../shared/schemas.js";
import { DeliveryParams, DeliveryQuery, WebhookBody, WebhookUpdate } from "./webhooks.schemas.js";
import type { WebhooksService } from "./webhooks.service.js";

export const webhooksTypeDefs = /* GraphQL */ `
  "A creator's webhook endpoint (its secret is shown only by createWebhook)."
  type Webhook {
    "The endpoint's id."
    id: ID!
    "Where events are POSTed."
    url: String!
    "The event types it receives (or *)."
    events: [String!]!
    "False once disabled after failing for a day (updateWebhook turns it on again)."
    enabled: Boolean!
    "Since when every attempt failed (ISO 8601), null while it answers."
    failingSince: String
    "When it was disabled (ISO 8601)."
    disabledAt: String
    "When it was created (ISO 8601)."
    createdAt: String!
    "The delivery log, newest first."
    deliveries(first: Int = 20, after: String): WebhookDeliveryConnection!
  }

  "A new endpoint and its signing secret, shown this once."
  type CreatedWebhook {
    "The endpoint."
    webhook: Webhook!
    "The HMAC-SHA256 key of LiveDrop-Signature."
    secret: String!
  }

  "One event's delivery to one endpoint."
  type WebhookDelivery {
    "The delivery's id."
    id: ID!
    "The event's id (LiveDrop-Event-Id)."
    eventId: ID!
    "The event's type."
    eventType: String!
    "pending, delivered or failed (gave up)."
    status: String!
    "Attempts made."
    attempts: Int!
    "The HTTP status of the last answer, if any."
    lastStatusCode: Int
    "Why the last attempt failed, if it did."
    lastError: String
    "When the last attempt was made (ISO 8601)."
    lastAttemptAt: String
    "When the next attempt is due (pending only, ISO 8601)."
    nextAttemptAt: String
    "When it was delivered (ISO 8601)."
    deliveredAt: String
    "When the event arrived (ISO 8601)."
    createdAt: String!
  }

  "A delivery in the log, with its cursor."
  type WebhookDeliveryEdge {
    "The delivery."
    node: WebhookDelivery!
    "Pass as after to continue after this delivery."
    cursor: String!
  }

  "A page of the delivery log."
  type WebhookDeliveryConnection {
    "The deliveries of this page."
    edges: [WebhookDeliveryEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  extend type Query {
    "Your webhook endpoints, newest first (creators only: FORBIDDEN otherwise)."
    webhooks: [Webhook!]!
  }

  extend type Mutation {
    "Register an endpoint for your drops' and orders' events (FORBIDDEN, LIMIT_EXCEEDED)."
    createWebhook(url: String!, events: [String!]!): CreatedWebhook!
    "Change an endpoint's URL or events, or enable it again (NOT_FOUND)."
    updateWebhook(id: ID!, url: String, events: [String!], enabled: Boolean): Webhook!
    "Delete an endpoint and its log (NOT_FOUND)."
    deleteWebhook(id: ID!): Boolean!
    "Send a delivery again now (NOT_FOUND, INVALID_STATE when the endpoint is disabled)."
    redeliverWebhook(id: ID!, deliveryId: ID!): WebhookDelivery!
  }
`;

// The REST routes' schemas, compiled once.
const createArgs = inputOf(WebhookBody, "arguments");
const updateArgs = inputOf(
  Type.Object({ ...IdParams.properties, ...WebhookUpdate.properties }, { additionalProperties: false }),
  "arguments",
);
const idArgs = inputOf(IdParams, "arguments");
const deliveryArgs = inputOf(DeliveryParams, "arguments");
const pageArgs = pageArgsOf(DeliveryQuery);

export function createWebhooksResolvers({ webhooks }: { webhooks: WebhooksService }): ResolverMap {
  return {
    Webhook: {
      deliveries: async (w: { id: string }, args, ctx) =>
        toConnection(await webhooks.deliveryLog(requireCaller(ctx), w.id, pageArgs(args))),
    },
    Query: {
      webhooks: async (_p, _args, ctx) => (await webhooks.list(requireCaller(ctx))).items,
    },
    Mutation: {
      createWebhook: async (_p, args, ctx) => {
        const { secret, ...webhook } = await webhooks.create(requireCaller(ctx), createArgs(args));
        return { webhook, secret };
      },
      updateWebhook: (_p, args, ctx) => {
        const { id, ...patch } = updateArgs(args);
        return webhooks.update(requireCaller(ctx), id, patch);
      },
      deleteWebhook: async (_p, args, ctx) => {
        await webhooks.remove(requireCaller(ctx), idArgs(args).id);
        return true;
      },
      redeliverWebhook: (_p, args, ctx) => {
        const { id, deliveryId } = deliveryArgs(args);
        return webhooks.redeliver(requireCaller(ctx), id, deliveryId);
      },
    },
  };
}
