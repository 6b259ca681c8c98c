/**
 * The reminders module's events, declared once here; `src/shared/events.ts` joins them into
 * the catalogue. Written in SQL by `reminders.repository.ts` from a field map typed against
 * `ReminderPayload`.
 */

/** A reminder for one user: the drop and its times (ISO 8601). `userId` routes it to that user only. */
export type ReminderPayload = {
  userId: string;
  dropId: string;
  creatorId: string;
  productId: string;
  startsAt: string;
  endsAt: string;
};

export type ReminderEvents = {
  /** `REMINDER_LEAD_MS` before the drop's start (or at once when asked for later), once per user and drop. */
  "drop.reminder": ReminderPayload;
};
