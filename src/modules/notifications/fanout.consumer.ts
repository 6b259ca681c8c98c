import { type Bus, type Subscription, subscribeTo } from "../../infra/bus/index.js";
import { ALL_EVENTS } from "../../infra/outbox/index.js";
import type { NotificationsService } from "./notifications.service.js";

/**
 * Worker job: every published event reaches one member of the `notifications-fanout`
 * group (on NATS a durable consumer, so events published while no worker ran are handled
 * when one starts) and is written into the inboxes it belongs in. A handler that throws
 * gets the message again; the writes are idempotent by event id.
 */
export function createFanoutConsumer(deps: { bus: Bus; notifications: NotificationsService }) {
  let sub: Subscription | undefined;
  return {
    name: "notifications-fanout",
    async start() {
      sub = await subscribeTo(
        deps.bus,
        ALL_EVENTS,
        async (e) => {
          await deps.notifications.deliver(e);
        },
        { group: "notifications-fanout" },
      );
    },
    async stop() {
      await sub?.unsubscribe();
      sub = undefined;
    },
  };
}
