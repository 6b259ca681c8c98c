import type { NewDirectEvent, NewEvent, OutboxEvent } from "../../shared/events.js";
import { topic } from "../bus/topic.js";
import type { Queryable } from "../db/index.js";

/** The catalogue's types (declared by the modules, joined in src/shared/events.ts). */
export type { NewDirectEvent, NewEvent, OutboxEvent } from "../../shared/events.js";

/** Every outbox event is published below this subject prefix. */
export const EVENTS_PREFIX = "events";
export const subjectOf = (type: OutboxEvent["type"]) => `${EVENTS_PREFIX}.${type}`;
/** Every published event (subject `events.<type>`, message id = the event's id). */
export const ALL_EVENTS = topic<OutboxEvent>(`${EVENTS_PREFIX}.>`);

/**
 * Record an event inside the caller's transaction: it commits (and is later published)
 * exactly when the state change it reports commits.
 */
export const writeEvent = (q: Queryable, e: NewEvent) => insertEvent(q, e);

/** Record a direct notification (the sender names its type) inside the caller's transaction. */
export const writeDirectEvent = (q: Queryable, e: NewDirectEvent) => insertEvent(q, e);

async function insertEvent(q: Queryable, e: NewEvent | NewDirectEvent): Promise<{ id: string; seq: number }> {
  const r = await q.query<{ id: string; seq: number }>(
    `insert into outbox_events (type, aggregate_id, payload, created_at, request_id)
     values ($1, $2, $3::jsonb, $4, $5) returning id, seq`,
    [e.type, e.aggregateId, JSON.stringify(e.payload), e.createdAt, e.requestId ?? null],
  );
  const row = r.rows[0];
  if (!row) throw new Error("outbox insert returned no row");
  return { id: row.id, seq: Number(row.seq) };
}

export interface OutboxRow {
  seq: number | string;
  id: string;
  type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  created_at: Date;
  /** Absent when a query did not select it (older readers): the event then has none. */
  request_id?: string | null;
}

/** Rows are written only through the typed writers above, so a row's payload is its type's. */
export const toEvent = (r: OutboxRow): OutboxEvent =>
  ({
    id: r.id,
    seq: Number(r.seq),
    type: r.type,
    aggregateId: r.aggregate_id,
    payload: r.payload,
    createdAt: r.created_at.toISOString(),
    ...(r.request_id ? { requestId: r.request_id } : {}),
  }) as OutboxEvent;

/**
 * `stock.changed` is a snapshot: within one batch only the newest per drop matters, so the
 * older ones are marked published without being sent (coalescing at the source).
 */
export function coalesceStock(rows: OutboxRow[]): OutboxRow[] {
  const lastStock = new Map<string, number | string>();
  for (const r of rows) if (r.type === "stock.changed") lastStock.set(r.aggregate_id, r.seq);
  return rows.filter((r) => r.type !== "stock.changed" || lastStock.get(r.aggregate_id) === r.seq);
}
