import type { OutboxEvent } from "../../infra/outbox/index.js";

/** Events about a drop that its creator's followers receive (inbox and push). */
export const DROP_EVENTS = new Set([
  "drop.scheduled",
  "drop.started",
  "drop.ending_soon",
  "drop.ended",
  "drop.cancelled",
  "drop.sold_out",
]);

/** Events for viewers subscribed to a drop's channel. */
export const STOCK_EVENTS = new Set(["stock.changed", "stock.low", "drop.sold_out"]);

/** Time-based events the scheduler fires. */
export const SCHEDULED_TYPES = ["drop.started", "drop.ending_soon", "drop.ended"] as const;
export type ScheduledType = (typeof SCHEDULED_TYPES)[number];

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The user an event is addressed to, if any: a direct notification or the buyer of an order. */
export function recipientOf(e: Pick<OutboxEvent, "type" | "payload">): string | undefined {
  const direct = str(e.payload.recipientId);
  if (direct) return direct;
  return e.type.startsWith("order.") ? str(e.payload.userId) : undefined;
}

/** The drop an event is about: `payload.dropId`, else the aggregate of a drop/stock event. */
export function dropOf(e: Pick<OutboxEvent, "type" | "payload" | "aggregateId">): string | undefined {
  const id = str(e.payload.dropId);
  if (id) return id;
  return DROP_EVENTS.has(e.type) || STOCK_EVENTS.has(e.type) ? e.aggregateId : undefined;
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
  const drop = dropOf(e);
  if (DROP_EVENTS.has(e.type) && creatorId) out.push(`creator:${creatorId}`);
  if (drop && (DROP_EVENTS.has(e.type) || STOCK_EVENTS.has(e.type))) out.push(`drop:${drop}`);
  return out;
}

/** The message a client receives, on the WebSocket and as SSE data. */
export const toPushMessage = (e: OutboxEvent) => ({
  id: e.id,
  type: e.type,
  createdAt: e.createdAt,
  data: e.payload,
});
