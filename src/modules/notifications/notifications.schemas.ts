import { type Static, Type } from "typebox";
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
