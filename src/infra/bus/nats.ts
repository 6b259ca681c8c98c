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
 * NATS JetStream bus. One stream per namespace holds every subject below `<namespace>.`
 * for 24 h; the `Nats-Msg-Id` header (our event id) lets JetStream drop duplicate
 * publishes. Broadcast listeners use ordered consumers starting at new messages; a group
 * is a durable pull consumer that its members share.
 */
export async function createNatsBus(url: string, namespace: string): Promise<Bus> {
  const nc = await connect({
    servers: url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    name: namespace,
  });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = namespace.toUpperCase();
  const prefix = `${namespace}.`;
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams
      .add({ name: stream, subjects: [`${prefix}>`], retention: RetentionPolicy.Limits, max_age: MAX_AGE_NS })
      .catch(async (err) => {
        // Another process created it between our two calls: that is fine.
        await jsm.streams.info(stream).catch(() => {
          throw err;
        });
      });
  }
  const open = new Set<ConsumerMessages>();

  const decode = (subject: string, raw: Uint8Array): BusMessage => {
    const body = JSON.parse(new TextDecoder().decode(raw)) as { id: string; data: unknown };
    return { id: body.id, subject: subject.slice(prefix.length), data: body.data };
  };

  async function run(messages: ConsumerMessages, handler: BusHandler, acked: boolean) {
    for await (const m of messages) {
      try {
        await handler(decode(m.subject, m.data));
        if (acked) m.ack();
      } catch {
        if (acked) m.nak(200);
      }
    }
  }

  return {
    kind: "nats",
    async publish(subject, data, id = newId()) {
      await js.publish(prefix + subject, JSON.stringify({ id, data }), { msgID: id });
    },
    async subscribe(pattern, handler, opts = {}) {
      let messages: ConsumerMessages;
      if (opts.group) {
        const hash = createHash("sha1").update(pattern).digest("hex").slice(0, 8);
        const name = `${opts.group.replace(/[^a-zA-Z0-9_-]/g, "_")}_${hash}`;
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
        messages = await (await js.consumers.get(stream, name)).consume();
      } else {
        const consumer = await js.consumers.get(stream, {
          filter_subjects: prefix + pattern, // one subject: works on servers before 2.10
          deliver_policy: DeliverPolicy.New,
        });
        messages = await consumer.consume();
      }
      open.add(messages);
      void run(messages, handler, opts.group !== undefined);
      return {
        unsubscribe: async () => {
          open.delete(messages);
          await messages.close();
        },
      };
    },
    ping: async () => {
      await nc.flush();
    },
    close: async () => {
      for (const m of open) await m.close().catch(() => {});
      open.clear();
      await nc.drain().catch(() => nc.close());
    },
  };
}
