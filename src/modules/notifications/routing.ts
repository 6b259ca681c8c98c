import {
  type CatalogueEvent,
  type EventType,
  isDirect,
  type OutboxEvent,
  type PushMessage,
} from "../../shared/events.js";

/** Events about a drop that its creator's followers receive (inbox and push). */
export const DROP_EVENTS = [
  "drop.scheduled",
  "drop.started",
  "drop.ending_soon",
  "drop.ended",
  "drop.cancelled",
  "drop.sold_out",
] as const satisfies readonly EventType[];
export type DropEventType = (typeof DROP_EVENTS)[number];

/** Events for viewers subscribed to a drop's channel. */
export const STOCK_EVENTS = [
  "stock.changed",
  "stock.low",
  "drop.sold_out",
] as const satisfies readonly EventType[];
export type StockEventType = (typeof STOCK_EVENTS)[number];

/** Time-based events the scheduler fires. */
export const SCHEDULED_TYPES = [
  "drop.started",
  "drop.ending_soon",
  "drop.ended",
] as const satisfies readonly DropEventType[];
export type ScheduledType = (typeof SCHEDULED_TYPES)[number];

const dropTypes: ReadonlySet<string> = new Set(DROP_EVENTS);
const stockTypes: ReadonlySet<string> = new Set(STOCK_EVENTS);

export const isDropEvent = (e: OutboxEvent): e is CatalogueEvent<DropEventType> =>
  !isDirect(e) && dropTypes.has(e.type);
export const isStockEvent = (e: OutboxEvent): e is CatalogueEvent<StockEventType> =>
  !isDirect(e) && stockTypes.has(e.type);

/** The user an event is addressed to, if any: a direct notification or the buyer of an order. */
export function recipientOf(e: OutboxEvent): string | undefined {
  if (isDirect(e)) return e.payload.recipientId || undefined;
  switch (e.type) {
    case "order.confirmed":
    case "order.failed":
    case "order.expired":
    case "order.cancelled":
    case "order.fulfilled":
    case "order.refunded":
    case "drop.reminder":
    case "raffle.won":
    case "raffle.lost":
      return e.payload.userId;
    default:
      return undefined;
  }
}

/**
 * The push channels an event goes to: `user:<id>` for its recipient, `creator:<id>` for a
 * drop event (followers), `drop:<id>` for a drop's viewers. `creatorId` comes from the
 * payload or, for events written without it, from a lookup by the caller.
 */
export function channelsOf(e: OutboxEvent, creatorId: string | undefined): string[] {
  const out: string[] = [];
  const user = recipientOf(e);
  if (user) out.push(`user:${user}`);
  const drop = isDropEvent(e);
  if (drop && creatorId) out.push(`creator:${creatorId}`);
  if (drop || isStockEvent(e)) out.push(`drop:${e.payload.dropId}`);
  return out;
}

/**
 * The events whose message names the request that caused them: the outcome of a buyer's own
 * order or payment, which only that buyer receives. Every other event can be caused by one
 * user's request and reach others (a creator's drop to followers, a creator's refund to a
 * buyer), and a request id may be the caller's own text (a sane `X-Request-Id` is kept, so a
 * client can find its request in the logs): those keep theirs in the outbox for operators,
 * not in what other people receive.
 */
const TRACED: ReadonlySet<string> = new Set<EventType>(["order.confirmed", "order.failed"]);

/**
 * The message a client receives, on the WebSocket and as SSE data. The cast re-pairs what
 * the event already pairs (type with payload), which TypeScript cannot follow per field.
 */
export const toPushMessage = (e: OutboxEvent): PushMessage =>
  ({
    id: e.id,
    type: e.type,
    createdAt: e.createdAt,
    data: e.payload,
    ...(e.requestId && TRACED.has(e.type) && !isDirect(e) ? { requestId: e.requestId } : {}),
  }) as PushMessage;
