import { type Bus, type Subscription, subscribeTo } from "../../infra/bus/index.js";
import { ALL_EVENTS } from "../../infra/outbox/index.js";
import type { MessagesService } from "./messages.service.js";

/**
 * Worker job: every published event reaches one member of the `messages-mail` group (on
 * NATS a durable consumer) and becomes queued mail. It only inserts rows (a drop start is
 * one fan-out row, expanded later by the sender), so it keeps up with the outbox whatever
 * a creator's following; a handler that throws gets the event again, and the queue's keys
 * make that harmless.
 */
export function createMessagesConsumer(deps: { bus: Bus; messages: MessagesService }) {
  let sub: Subscription | undefined;
  return {
    name: "messages-mail",
    async start() {
      sub = await subscribeTo(deps.bus, ALL_EVENTS, (e) => deps.messages.handle(e), {
        group: "messages-mail",
      });
    },
    async stop() {
      await sub?.unsubscribe();
      sub = undefined;
    },
  };
}
