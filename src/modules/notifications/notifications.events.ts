/**
 * The notifications module's events, declared once here; `src/shared/events.ts` joins them
 * into the catalogue. The scheduler writes these in SQL (`scheduler.repository.ts`), from
 * a field map typed against `ScheduledPayload`.
 */

/** A drop event fired on time: the drop, and when the event was due (times in ISO 8601). */
export type ScheduledPayload = {
  dropId: string;
  creatorId: string;
  productId: string;
  startsAt: string;
  endsAt: string;
  dueAt: string;
};

/** The outbox events the scheduler writes, each with its payload. */
export type NotificationEvents = {
  /** At `startsAt`. */
  "drop.started": ScheduledPayload;
  /** The ending-soon lead before `endsAt` (never before the start; not for a drop already over). */
  "drop.ending_soon": ScheduledPayload;
  /** At `endsAt`, or at once when a live drop is cut short. */
  "drop.ended": ScheduledPayload;
};

/**
 * A direct notification (`POST /internal/notifications/send`): its sender names the type,
 * outside the catalogue's namespaces, and the payload is the sender's plus `recipientId`,
 * which no catalogue payload has: that is how the two are told apart.
 */
export type DirectPayload = { recipientId: string; [field: string]: unknown };
