import { type Static, Type } from "typebox";
import type { EventType } from "../../shared/events.js";
import { PageOf, PageQuery, Uuid } from "../../shared/schemas.js";

/**
 * The events a creator's endpoint can receive: those of the creator's own drops and of
 * the orders placed on them. `stock.changed` (several a second on a hot drop) and a
 * buyer's own messages (reminders, direct notifications) are not among them.
 */
export const WEBHOOK_EVENTS = [
  "order.confirmed",
  "order.failed",
  "order.expired",
  "order.cancelled",
  "order.fulfilled",
  "order.refunded",
  "drop.scheduled",
  "drop.started",
  "drop.ending_soon",
  "drop.ended",
  "drop.cancelled",
  "drop.sold_out",
  "stock.low",
] as const satisfies readonly EventType[];
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** An event type, or `*` for every type above. */
const EventFilter = Type.Union(
  [...WEBHOOK_EVENTS, "*"].map((e) => Type.Literal(e)),
  {
    description: "An event type, or `*` for all of them",
  },
);
const Events = Type.Array(EventFilter, {
  minItems: 1,
  maxItems: WEBHOOK_EVENTS.length + 1,
  uniqueItems: true,
});
const Url = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: "https (or http) URL to POST events to",
});

export const WebhookBody = Type.Object({ url: Url, events: Events }, { additionalProperties: false });
export type WebhookBody = Static<typeof WebhookBody>;

export const WebhookUpdate = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    /** `true` turns a disabled endpoint back on (its failure run starts afresh). */
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookUpdate = Static<typeof WebhookUpdate>;

const Time = Type.String({ format: "date-time" });
const TimeOrNull = Type.Union([Time, Type.Null()]);

export const Webhook = Type.Object({
  id: Uuid,
  url: Type.String(),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  /** Since when every attempt failed (null while the endpoint answers). */
  failingSince: TimeOrNull,
  disabledAt: TimeOrNull,
  createdAt: Time,
});
export type Webhook = Static<typeof Webhook>;

/** The answer to creating an endpoint: the only time its secret is shown. */
export const CreatedWebhook = Type.Intersect([
  Webhook,
  Type.Object({ secret: Type.String({ description: "HMAC key of the signatures; shown only now" }) }),
]);
export type CreatedWebhook = Static<typeof CreatedWebhook>;

export const Delivery = Type.Object({
  id: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
  attempts: Type.Integer({ minimum: 0 }),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastAttemptAt: TimeOrNull,
  /** When the next attempt is due (pending only). */
  nextAttemptAt: TimeOrNull,
  deliveredAt: TimeOrNull,
  createdAt: Time,
});
export type Delivery = Static<typeof Delivery>;

export const WebhookList = Type.Object({ items: Type.Array(Webhook) });
export const DeliveryPage = PageOf(Delivery);
export const DeliveryQuery = Type.Object(PageQuery);
export const DeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid });
export const Deleted = Type.Object({ id: Uuid, deleted: Type.Literal(true) });
