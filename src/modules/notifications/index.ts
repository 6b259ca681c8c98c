/** Notifications: inbox, fan-out, the drop scheduler and real-time push. Other modules import only from here. */
import { Histogram } from "prom-client";
import type { Config } from "../../config.js";
import type { Bus } from "../../infra/bus/index.js";
import type { Db } from "../../infra/db/index.js";
import type { Metrics } from "../../infra/metrics.js";
import { createOutboxRelay, registerOutboxMetrics } from "../../infra/outbox/index.js";
import type { Clock } from "../../shared/clock.js";
import { createFanoutConsumer } from "./fanout.consumer.js";
import {
  createNotificationsService,
  type NotificationsService,
  type NotificationsDeps as ServiceDeps,
} from "./notifications.service.js";
import { createScheduler } from "./scheduler.js";

export type { DirectPayload, NotificationEvents, ScheduledPayload } from "./notifications.events.js";
export { createNotificationsResolvers, notificationsTypeDefs } from "./notifications.resolvers.js";
export { notificationsRoutes } from "./notifications.routes.js";
export type { Notification } from "./notifications.schemas.js";
export type { NotificationsService } from "./notifications.service.js";
export { createPushHub, type PushHub } from "./push.hub.js";
export { pushRoutes } from "./push.routes.js";
export { channelsOf, DROP_EVENTS, STOCK_EVENTS } from "./routing.js";
export { createScheduler, type Scheduler } from "./scheduler.js";

/** How late the scheduler fired each event after its due time (timer slack + one statement). */
function schedulerMetrics(metrics: Metrics): Histogram {
  return (
    (metrics.registry.getSingleMetric("scheduler_fire_delay_seconds") as Histogram | undefined) ??
    new Histogram({
      name: "scheduler_fire_delay_seconds",
      help: "Time from a drop event's due time to its outbox row (missed ones fired at boot included)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 10, 60],
      registers: [metrics.registry],
    })
  );
}

/** This module's settings, taken from the validated configuration. */
export function notificationSettings(
  config: Pick<Config, "dropEndingSoonLeadMs" | "pushHeartbeatMs" | "outboxPollMs" | "schedulerRescanMs">,
) {
  return {
    endingSoonLeadMs: config.dropEndingSoonLeadMs,
    heartbeatMs: config.pushHeartbeatMs,
    outboxPollMs: config.outboxPollMs,
    schedulerRescanMs: config.schedulerRescanMs,
  };
}
export type NotificationSettings = ReturnType<typeof notificationSettings>;

export interface NotificationsDeps extends ServiceDeps {
  metrics: Metrics;
}

export function createNotifications(deps: NotificationsDeps): NotificationsService {
  registerOutboxMetrics(deps.metrics, deps.db, deps.clock);
  return createNotificationsService(deps);
}

/**
 * The worker's share: the outbox relay, the drop scheduler and the inbox fan-out. Each is
 * safe with several workers running (skip-locked claims, unique keys, a shared group).
 */
export function notificationJobs(
  infra: { db: Db; bus: Bus; clock: Clock; metrics?: Metrics },
  notifications: NotificationsService,
  settings: NotificationSettings,
) {
  const fireDelay = infra.metrics ? schedulerMetrics(infra.metrics) : undefined;
  const relay = createOutboxRelay({
    db: infra.db,
    bus: infra.bus,
    clock: infra.clock,
    pollMs: settings.outboxPollMs,
  });
  const scheduler = createScheduler({
    db: infra.db,
    clock: infra.clock,
    bus: infra.bus,
    endingSoonLeadMs: settings.endingSoonLeadMs,
    rescanMs: settings.schedulerRescanMs,
    onFired: (_id, lateMs) => {
      relay.kick();
      fireDelay?.observe(Math.max(0, lateMs) / 1000);
    },
  });
  let unhook: (() => void) | undefined;
  return [
    {
      name: "outbox-relay",
      start() {
        unhook = notifications.onEventWritten(() => relay.kick());
        relay.start();
      },
      async stop() {
        unhook?.();
        await relay.stop();
      },
    },
    scheduler,
    createFanoutConsumer({ bus: infra.bus, notifications }),
  ];
}
