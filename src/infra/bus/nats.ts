import { createHash } from "node:crypto";
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
} from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { newId } from "../../shared/ids.js";
import type { Bus, BusHandler, BusMessage } from "./index.js";

const MAX_AGE_NS = 24 * 3600 * 1e9;
/**
 * Pull requests last 5 s (the client's default is 30 s) with a server heartbeat every
 * second. On a cluster, a pull left on a server that died is only noticed after two missed
 * heartbeats: with the defaults a consumer stood still for ~45 s after one node was killed,
 * with 5 s / default heartbeat ~19 s, with these ~1 s (test/faults, scripts/local-services).
 */
const PULL_EXPIRES_MS = 5_000;
const HEARTBEAT_MS = 1_000;
/**
 * Ids a subscription remembers having handled. When a node dies, acknowledgements it had
 * not yet replicated are lost and the new consumer leader sends those messages again (the
 * fault suite saw 1 in 600 handled twice). Most of a failover's redeliveries arrive within
 * seconds, so the last ids of one subscription catch them; beyond that (or on another
 * process of the group) delivery stays at least once, as the interface says.
 */
const REMEMBERED_IDS = 10_000;
/** How long the first open (before `subscribe` resolves) keeps trying against a cluster still electing leaders. */
const FIRST_OPEN_MS = 30_000;

/**
 * NATS JetStream bus. One stream per namespace holds every subject below `<namespace>.`
 * for 24 h; the `Nats-Msg-Id` header (our event id) lets JetStream drop duplicate
 * publishes. Broadcast listeners use ordered consumers starting at new messages; a group
 * is a durable pull consumer that its members share.
 *
 * Nothing here may crash the process: the connection reconnects forever (a NATS restart
 * is a pause), and every consumer loop is supervised: if it throws, ends, or its durable
 * consumer is deleted, it is made again after a backoff, reported through
 * `onConsumerRestart`, until it is unsubscribed.
 */
export async function createNatsBus(
  url: string,
  namespace: string,
  opts: { onConsumerRestart?: (subject: string, err: unknown) => void; streamReplicas?: number } = {},
): Promise<Bus> {
  const nc = await connect({
    // A cluster's servers: the client connects to one and fails over to the others.
    servers: url.split(",").map((s) => s.trim()),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    name: namespace,
  });
  // Status events are informational (disconnect, reconnect, errors); reading them keeps
  // the iterator from buffering, and none of them is thrown at the process.
  void (async () => {
    for await (const _ of nc.status()) {
      // the connection manages itself; consumers below notice what they need to
    }
  })().catch(() => {});
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = namespace.toUpperCase();
  const prefix = `${namespace}.`;
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams
      .add({
        name: stream,
        subjects: [`${prefix}>`],
        retention: RetentionPolicy.Limits,
        max_age: MAX_AGE_NS,
        // On a cluster, a stream kept by three servers loses nothing when one of them dies.
        num_replicas: opts.streamReplicas ?? 1,
      })
      .catch(async (err) => {
        // Another process created it between our two calls: that is fine.
        await jsm.streams.info(stream).catch(() => {
          throw err;
        });
      });
  }
  const loops = new Set<{ stop(): Promise<void> }>();

  const decode = (subject: string, raw: Uint8Array): BusMessage => {
    const body = JSON.parse(new TextDecoder().decode(raw)) as { id: string; data: unknown };
    return { id: body.id, subject: subject.slice(prefix.length), data: body.data };
  };

  async function run(messages: ConsumerMessages, handler: BusHandler, acked: boolean, seen: RecentIds) {
    for await (const m of messages) {
      try {
        const msg = decode(m.subject, m.data);
        // Only a real id is remembered: a message without one is never taken for a repeat.
        const id = typeof msg.id === "string" && msg.id !== "" ? msg.id : undefined;
        if (id === undefined || !seen.has(id)) {
          await handler(msg);
          if (id !== undefined) seen.add(id);
        }
        if (acked) m.ack();
      } catch {
        if (acked) m.nak(200);
      }
    }
  }

  /** Open the consumer's message stream: the durable one of a group (made if missing), or an ordered one. */
  async function open(pattern: string, group: string | undefined): Promise<ConsumerMessages> {
    if (group) {
      const hash = createHash("sha1").update(pattern).digest("hex").slice(0, 8);
      const name = `${group.replace(/[^a-zA-Z0-9_-]/g, "_")}_${hash}`;
      await jsm.consumers
        .add(stream, {
          durable_name: name,
          filter_subject: prefix + pattern,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.New,
          ack_wait: 30e9,
        })
        .catch(async (err) => {
          await jsm.consumers.info(stream, name).catch(() => {
            throw err;
          });
        });
      // A deleted durable consumer ends the loop (instead of the client retrying a name that
      // no longer exists forever): the supervisor makes it again.
      return (await js.consumers.get(stream, name)).consume({
        abort_on_missing_resource: true,
        expires: PULL_EXPIRES_MS,
      });
    }
    const consumer = await js.consumers.get(stream, {
      filter_subjects: prefix + pattern, // one subject: works on servers before 2.10
      deliver_policy: DeliverPolicy.New,
    });
    return consumer.consume({ expires: PULL_EXPIRES_MS, idle_heartbeat: HEARTBEAT_MS });
  }

  /**
   * The first open, retried: right after a node of a cluster died, making a consumer can
   * time out while the stream elects a leader (a worker restarted then exited on it). A
   * subscriber that cannot listen after `FIRST_OPEN_MS` gets the error.
   */
  async function firstOpen(pattern: string, group: string | undefined): Promise<ConsumerMessages> {
    const giveUpAt = Date.now() + FIRST_OPEN_MS;
    for (let backoff = 200; ; backoff = Math.min(2_000, backoff * 2)) {
      try {
        return await open(pattern, group);
      } catch (err) {
        if (Date.now() + backoff > giveUpAt || nc.isClosed()) throw err;
        opts.onConsumerRestart?.(pattern, err);
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  /**
   * Keep a consumer loop running until stopped. The first open happens before `subscribe`
   * resolves (so a subscriber knows it is listening); later ones after a backoff.
   */
  async function supervise(pattern: string, handler: BusHandler, group: string | undefined) {
    let stopped = false;
    const seen = new RecentIds(REMEMBERED_IDS);
    let current: ConsumerMessages = await firstOpen(pattern, group);
    let wake: (() => void) | undefined;
    const loop = (async () => {
      let backoff = 0;
      while (!stopped) {
        let failure: unknown = new Error("consumer loop ended");
        try {
          await run(current, handler, group !== undefined, seen);
        } catch (err) {
          failure = err;
        }
        if (stopped || nc.isClosed()) return;
        opts.onConsumerRestart?.(pattern, failure);
        await current.close().catch(() => {});
        for (;;) {
          backoff = Math.min(5_000, backoff ? backoff * 2 : 200);
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, backoff);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
          if (stopped || nc.isClosed()) return;
          try {
            current = await open(pattern, group);
            backoff = 0;
            break;
          } catch (err) {
            opts.onConsumerRestart?.(pattern, err);
          }
        }
      }
    })();
    const handle = {
      async stop() {
        stopped = true;
        wake?.();
        await current.close().catch(() => {});
        await loop.catch(() => {});
      },
    };
    loops.add(handle);
    return handle;
  }

  return {
    kind: "nats",
    async publish(subject, data, id = newId()) {
      await js.publish(prefix + subject, JSON.stringify({ id, data }), { msgID: id });
    },
    async subscribe(pattern, handler, opts = {}) {
      const loop = await supervise(pattern, handler, opts.group);
      return {
        unsubscribe: async () => {
          loops.delete(loop);
          await loop.stop();
        },
      };
    },
    ping: async () => {
      await nc.flush();
    },
    close: async () => {
      for (const l of loops) await l.stop().catch(() => {});
      loops.clear();
      await nc.drain().catch(() => nc.close());
    },
  };
}

/** The last `limit` ids added, oldest forgotten first (a Set keeps insertion order). */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly limit: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
  }
}
