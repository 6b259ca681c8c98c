/** The transactional outbox: write events in a transaction, relay them to the bus. */
export {
  ALL_EVENTS,
  coalesceStock,
  EVENTS_PREFIX,
  type NewDirectEvent,
  type NewEvent,
  type OutboxEvent,
  type OutboxRow,
  subjectOf,
  toEvent,
  writeDirectEvent,
  writeEvent,
} from "./events.js";
export { outboxDeletedCounter, registerOutboxMetrics } from "./metrics.js";
export { createOutboxRelay, OUTBOX_CHANNEL, type OutboxRelay, type RelayOptions } from "./relay.js";
export { createOutboxCleanup, type OutboxCleanup, type RetentionOptions } from "./retention.js";
