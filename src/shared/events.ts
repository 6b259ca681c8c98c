/**
 * The event catalogue: every outbox event type with its payload. Each module declares its
 * own events once, in `<module>.events.ts`; this file only joins them. The imports are
 * type-only, so infra and every module can use the catalogue without a runtime dependency
 * on a module, and the web app's type check reads the same declarations.
 */
import type { CatalogEvents } from "../modules/catalog/catalog.events.js";
import type { DirectPayload, NotificationEvents } from "../modules/notifications/notifications.events.js";
import type { OrderEvents } from "../modules/orders/orders.events.js";
import type { RaffleEvents } from "../modules/raffles/raffles.events.js";
import type { ReminderEvents } from "../modules/reminders/reminders.events.js";
import type { UserEvents } from "../modules/users/users.events.js";

export type { DirectPayload };

export type EventMap = CatalogEvents &
  OrderEvents &
  NotificationEvents &
  UserEvents &
  ReminderEvents &
  RaffleEvents;
export type EventType = keyof EventMap;

/** Catalogue events only servers hear (they end connections): no push channel or inbox routes them. */
export type InternalEventType = "account.revoked";
/** The catalogue events a client can receive (push, SSE, GraphQL, inbox). */
export type ClientEventType = Exclude<EventType, InternalEventType>;

/** An event to record in the outbox: its type names its payload. */
export type NewEvent<K extends EventType = EventType> = {
  [T in K]: { type: T; aggregateId: string; payload: EventMap[T]; createdAt: Date; requestId?: string };
}[K];

/** A direct notification to record: the sender's type, addressed by `payload.recipientId`. */
export type NewDirectEvent = {
  type: string;
  aggregateId: string;
  payload: DirectPayload;
  createdAt: Date;
  requestId?: string;
};

/** A catalogue event as published (subject `events.<type>`, message id = `id`). */
export type CatalogueEvent<K extends EventType = EventType> = {
  [T in K]: {
    id: string;
    /** Position in the outbox; resume after a reconnect continues from here. */
    seq: number;
    type: T;
    aggregateId: string;
    payload: EventMap[T];
    createdAt: string;
    /** The request that caused it (X-Request-Id), when one did. */
    requestId?: string;
  };
}[K];

/** A direct notification as published. */
export type DirectEvent = {
  id: string;
  seq: number;
  type: string;
  aggregateId: string;
  payload: DirectPayload;
  createdAt: string;
  requestId?: string;
};

/** Whatever arrives below `events.`: narrow with `isDirect` first, then switch on `type`. */
export type OutboxEvent = CatalogueEvent | DirectEvent;

/** A direct notification carries `recipientId`; no catalogue payload does. */
export const isDirect = (e: OutboxEvent): e is DirectEvent =>
  typeof (e.payload as { recipientId?: unknown }).recipientId === "string";

/**
 * The first segments of catalogue types (`drop`, `stock`, `order`, `account`): a direct
 * notification may not use them, so a consumer that sees `drop.*` knows the payload (and
 * nobody can send an `account.revoked` through the internal API). The type test
 * (`events.typetest.ts`) fails if a module adds a namespace without listing it here.
 */
export const CATALOGUE_NAMESPACES = [
  "drop",
  "stock",
  "order",
  "account",
  "raffle",
] as const satisfies readonly Namespace[];
type NamespaceOf<T> = T extends `${infer N}.${string}` ? N : never;
export type Namespace = NamespaceOf<EventType>;

/** What a client receives (WebSocket, SSE data, GraphQL `notifications`): `data` is the payload. */
export type PushMessage = CatalogueMessage | DirectMessage;
export type CatalogueMessage<K extends ClientEventType = ClientEventType> = {
  [T in K]: { id: string; type: T; createdAt: string; data: EventMap[T]; requestId?: string };
}[K];
export type DirectMessage = {
  id: string;
  type: string;
  createdAt: string;
  data: DirectPayload;
  requestId?: string;
};
