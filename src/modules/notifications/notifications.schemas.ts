import { type Static, Type } from "typebox";
import type { EventType } from "../../shared/events.js";
import { PageOf, PageQuery, Uuid } from "../../shared/schemas.js";

export const Notification = Type.Object({
  id: Uuid,
  eventId: Uuid,
  type: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});
export type Notification = Static<typeof Notification>;

export const InboxQuery = Type.Object({
  ...PageQuery,
  unread: Type.Optional(Type.Boolean()),
});

export const InboxPage = PageOf(Notification);

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });

export const ReadState = Type.Object({ id: Uuid, read: Type.Literal(true) });

export const SendBody = Type.Object(
  {
    userId: Uuid,
    type: Type.String({ pattern: "^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$", maxLength: 64 }),
    payload: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type SendBody = Static<typeof SendBody>;

export const Sent = Type.Object({
  eventId: Uuid,
  userId: Uuid,
  type: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});
export type Sent = Static<typeof Sent>;

export const StreamQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 2000 })),
  lastEventId: Type.Optional(Uuid),
  /** Comma-separated channels to listen to from the start, e.g. `drop:<id>`. */
  subscribe: Type.Optional(Type.String({ maxLength: 4000 })),
});

/** The optional `Last-Event-ID` header an EventSource sends when it reconnects. */
export const StreamHeaders = Type.Object({
  "last-event-id": Type.Optional(
    Type.String({
      maxLength: 200,
      description: "The id of the last event received: the stream replays what came after it",
    }),
  ),
});

/**
 * Whether a push stream carries each catalogue event. A record over the catalogue's types,
 * so a new event type fails the type check until the stream's documentation decides.
 */
const STREAMED: Record<EventType, boolean> = {
  "order.confirmed": true,
  "order.failed": true,
  "order.expired": true,
  "order.cancelled": true,
  "order.fulfilled": true,
  "order.refunded": true,
  "drop.scheduled": true,
  "drop.started": true,
  "drop.ending_soon": true,
  "drop.ended": true,
  "drop.cancelled": true,
  "drop.sold_out": true,
  "stock.changed": true,
  "stock.low": true,
  "drop.reminder": true,
  "raffle.won": true,
  "raffle.lost": true,
  // Internal: ends the account's connections (the `revoked` message below), never delivered.
  "account.revoked": false,
};

/** The `event:` names a push stream carries (SSE) and the `type` of its WebSocket messages. */
export const PUSH_EVENT_NAMES = [
  "welcome",
  ...Object.entries(STREAMED)
    .filter(([, streamed]) => streamed)
    .map(([name]) => name),
  "error",
  "revoked",
] as const;

/** The stream's `text/event-stream` body, as OpenAPI 3.0 can describe it. */
export const EventStream = {
  description:
    "A text/event-stream. Each event is `id: <uuid>` (replayable via Last-Event-ID), `event: <name>` and " +
    "`data: <JSON>` with `{ id, type, createdAt, data }`. Names: " +
    `${PUSH_EVENT_NAMES.join(", ")}, and the type of any message sent to the user ` +
    "(POST /internal/notifications/send). `welcome` opens the stream (`{ type, data: { userId, channels, " +
    "resumed, complete } }`), `error` carries `{ type, error: { code, message } }`; `revoked` (`{ type, error: { code: " +
    "UNAUTHENTICATED, message } }`) is the last event before the server ends a stream whose account was " +
    "deleted or whose token was revoked (a password change): sign in again. Comment lines are heartbeats.",
  content: {
    "text/event-stream": {
      schema: {
        type: "string",
        "x-event-names": [...PUSH_EVENT_NAMES],
        example:
          'id: 0190a6f2-8a4e-7c3b-9a41-5e2f0c6d7b18\nevent: stock.changed\ndata: {"id":"0190a6f2-8a4e-7c3b-9a41-5e2f0c6d7b18","type":"stock.changed","createdAt":"2026-01-01T00:00:00.000Z","data":{"dropId":"0190a6f2-8a4e-7c3b-9a41-5e2f0c6d7b19","available":41}}\n\n',
      },
    },
  },
};
