/**
 * Type-level test of the event catalogue, proved by `tsc --noEmit -p .` (not a vitest file:
 * nothing here runs). Each `@ts-expect-error` fails the type check if the line below it
 * ever compiles, so a misspelt type or a wrong payload field can never be written again.
 */
import type { Topic } from "../infra/bus/topic.js";
import type { Queryable } from "../infra/db/index.js";
import { writeEvent } from "../infra/outbox/events.js";
import type { CatalogEvents } from "../modules/catalog/catalog.events.js";
import type { FollowChange } from "../modules/follows/follows.events.js";
import { FOLLOWS_CHANGED } from "../modules/follows/follows.events.js";
import type { NotificationEvents } from "../modules/notifications/notifications.events.js";
import { type OrderEvents, orderEvent } from "../modules/orders/orders.events.js";
import type { UserEvents } from "../modules/users/users.events.js";
import {
  type CATALOGUE_NAMESPACES,
  type DirectMessage,
  type EventMap,
  type EventType,
  isDirect,
  type Namespace,
  type OutboxEvent,
  type PushMessage,
} from "./events.js";

declare const q: Queryable;
const createdAt = new Date();
const stock = { dropId: "d", available: 1, reserved: 0, sold: 2, initial: 3 };

export const typeChecks = [
  writeEvent(q, { type: "stock.changed", aggregateId: "d", payload: stock, createdAt }),
  // @ts-expect-error a misspelt event type
  writeEvent(q, { type: "stock.chnaged", aggregateId: "d", payload: stock, createdAt }),
  // @ts-expect-error a wrong payload field (`availble`)
  writeEvent(q, { type: "stock.low", aggregateId: "d", payload: { ...stock, availble: 1 }, createdAt }),
  writeEvent(q, {
    type: "order.confirmed",
    aggregateId: "o",
    // @ts-expect-error a payload missing a field (`quantity`)
    payload: { orderId: "o", userId: "u", dropId: "d", status: "confirmed" },
    createdAt,
  }),
  // @ts-expect-error another event's status in the payload
  writeEvent(q, {
    type: "order.failed",
    aggregateId: "o",
    payload: { orderId: "o", userId: "u", dropId: "d", status: "confirmed", quantity: 1 },
    createdAt,
  }),
  writeEvent(q, {
    ...orderEvent({ id: "o", userId: "u", dropId: "d", quantity: 1, status: "refunded" }),
    createdAt,
  }),
];

/** A consumer narrows by type and reads the declared payload. */
export function readStock(e: OutboxEvent): number | undefined {
  if (isDirect(e)) return undefined;
  if (e.type === "stock.changed") return e.payload.available;
  // @ts-expect-error an order payload has no stock
  if (e.type === "order.confirmed") return e.payload.available;
  return undefined;
}

/** What a client receives pairs the type with its payload too. */
export const pushChecks = (m: PushMessage) => {
  const direct = (x: PushMessage): x is DirectMessage => "recipientId" in x.data;
  if (direct(m)) return;
  // @ts-expect-error `data` is the payload of the type, and a drop payload has no `orderId`
  if (m.type === "drop.started") return m.data.orderId;
};

/** Bus topics: the message must have the topic's type. */
export const topicChecks = (publish: <T>(t: Topic<T>, data: T) => void) => {
  publish(FOLLOWS_CHANGED, { userId: "u", creatorId: "c", following: true } satisfies FollowChange);
  // @ts-expect-error a field of another message
  publish(FOLLOWS_CHANGED, { userId: "u", creatorId: "c", gen: 1 });
};

type Assert<T extends true> = T;
type IsNever<T> = [T] extends [never] ? true : false;
/** No two modules declare the same event type. */
export type NoSharedTypes = Assert<
  IsNever<
    | (keyof CatalogEvents & keyof OrderEvents)
    | (keyof CatalogEvents & keyof NotificationEvents)
    | (keyof OrderEvents & keyof NotificationEvents)
    | (keyof UserEvents & (keyof CatalogEvents | keyof OrderEvents | keyof NotificationEvents))
  >
>;
/** No catalogue payload has `recipientId`, the mark of a direct notification (see `isDirect`). */
export type NoRecipientId = Assert<
  IsNever<{ [K in EventType]: "recipientId" extends keyof EventMap[K] ? K : never }[EventType]>
>;
/** Every catalogue namespace is reserved from direct notifications. */
export type EveryNamespaceReserved = Assert<
  IsNever<Exclude<Namespace, (typeof CATALOGUE_NAMESPACES)[number]>>
>;
