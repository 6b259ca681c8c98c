/**
 * The waiting room's notifications. They go to one user, so they are direct notifications
 * (payload with `recipientId`, outside the catalogue's namespaces): the push hub routes them
 * to the user's channel and the fan-out consumer writes them into the user's inbox, as for
 * any direct notification. They are written in SQL by `queue.repository.ts` from field maps
 * typed against these payloads.
 */

/** The ticket's turn came: it holds a pass until `passExpiresAt` (the pass itself is read from GET .../queue/me). */
export type QueueAdmittedPayload = {
  recipientId: string;
  dropId: string;
  ticketId: string;
  position: number;
  passExpiresAt: string;
};

/** The drop sold out or ended before the ticket's turn: nothing left to wait for. */
export type QueueClosedPayload = {
  recipientId: string;
  dropId: string;
  ticketId: string;
  reason: "sold_out" | "ended";
};

export const QUEUE_ADMITTED = "queue.admitted";
export const QUEUE_CLOSED = "queue.closed";

export type QueueEvents = {
  [QUEUE_ADMITTED]: QueueAdmittedPayload;
  [QUEUE_CLOSED]: QueueClosedPayload;
};
