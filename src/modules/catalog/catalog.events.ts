import { topic } from "../../infra/bus/topic.js";

/**
 * The catalog's events and bus messages, declared once here. `src/shared/events.ts` joins
 * them with the other modules' into the catalogue the outbox, push and the web app use.
 * Type-only users (infra, the web app) import nothing else from the module through this.
 */

/** A drop as its creator's followers learn about it (times in ISO 8601). */
export type DropPayload = {
  dropId: string;
  creatorId: string;
  productId: string;
  startsAt: string;
  endsAt: string;
};

/** The outbox events the catalog writes, each with its payload. */
export type CatalogEvents = {
  /** A creator scheduled a drop. */
  "drop.scheduled": DropPayload;
  /** An upcoming drop was called off (a live one cut short ends instead: `drop.ended`). */
  "drop.cancelled": DropPayload & { cancelledAt: string };
};

/** The one way to build a drop's payload. */
export const dropPayload = (d: {
  id: string;
  creatorId: string;
  productId: string;
  startsAt: Date;
  endsAt: Date;
}): DropPayload => ({
  dropId: d.id,
  creatorId: d.creatorId,
  productId: d.productId,
  startsAt: d.startsAt.toISOString(),
  endsAt: d.endsAt.toISOString(),
});

/**
 * Broadcast after every catalog write (not an outbox event: losing one is harmless, the
 * generation is re-read every second). Response caches adopt `gen`; the scheduler re-scans.
 */
export const CATALOG_INVALIDATE = topic<{ gen: number }>("catalog.invalidate");
