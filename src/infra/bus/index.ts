import type { Topic } from "./topic.js";

export { type Topic, topic } from "./topic.js";

/**
 * The event bus between processes. In-process by default; NATS JetStream when NATS_URL is
 * set, so an event published by any process reaches subscribers in every process.
 *
 * Two ways to listen:
 * - broadcast (no group): every subscriber in every process gets every message published
 *   after it subscribed. For cache invalidation and pushing to connected sockets.
 * - group: each message goes to one member of the group, and (on NATS) the group's
 *   position survives restarts, so a message is handled at least once even if no member
 *   was running when it was published. For work such as fan-out.
 * Delivery is at least once: handlers de-duplicate by `id`. (On NATS a subscription skips
 * an id it handled among its last 10,000, which catches a failover's redeliveries; another
 * member of a group or an older id can still see a message again.)
 */
export interface BusMessage<T = unknown> {
  id: string;
  subject: string;
  data: T;
}

export type BusHandler = (msg: BusMessage) => Promise<void> | void;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface SubscribeOptions {
  group?: string;
}

export interface Bus {
  readonly kind: "memory" | "nats";
  /** Resolves once the bus has stored the message (NATS: JetStream acknowledged it). */
  publish(subject: string, data: unknown, id?: string): Promise<void>;
  /** `subject` is exact, or ends in `.>` to match every subject below it. */
  subscribe(subject: string, handler: BusHandler, opts?: SubscribeOptions): Promise<Subscription>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** NATS-style matching: exact, or a trailing `>` that matches one or more further tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern.endsWith(".>")) return subject.startsWith(pattern.slice(0, -1));
  return pattern === subject;
}

/** Publish on a topic: the message must have the topic's declared type. */
export const publishTo = <T>(bus: Bus, t: Topic<T>, data: T, id?: string): Promise<void> =>
  bus.publish(t.subject, data, id);

/** Subscribe to a topic: the handler gets the message as the topic's declared type. */
export const subscribeTo = <T>(
  bus: Bus,
  t: Topic<T>,
  handler: (data: T, msg: BusMessage<T>) => Promise<void> | void,
  opts?: SubscribeOptions,
): Promise<Subscription> => bus.subscribe(t.subject, (m) => handler(m.data as T, m as BusMessage<T>), opts);
