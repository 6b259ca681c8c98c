import type { Infra } from "./infra/index.js";
import { createOutboxCleanup, outboxDeletedCounter } from "./infra/outbox/index.js";
import { messagesJobs } from "./modules/messages/index.js";
import { notificationJobs, notificationSettings } from "./modules/notifications/index.js";
import type { Services } from "./services.js";

/** A background job: started once per worker process, stopped on shutdown. */
export interface Job {
  name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/**
 * The worker role: background jobs that must run somewhere (reservation expiry, outbox
 * relay, scheduler). Jobs are written to be safe with several workers running at once.
 */
export async function startWorker(infra: Infra, services: Services): Promise<{ stop(): Promise<void> }> {
  const jobs: Job[] = workerJobs(infra, services);
  // The worker's figures (outbox lag, its pool) join the operators' cluster view.
  jobs.push({
    name: "ops.sample",
    start: () => services.ops.start("worker"),
    stop: () => services.ops.stop(),
  });
  for (const job of jobs) await job.start();
  return {
    async stop() {
      for (const job of jobs.reverse()) await job.stop();
    },
  };
}

/** The jobs a worker runs; modules add theirs here. */
export function workerJobs(infra: Infra, services: Services): Job[] {
  return [
    services.orders.expiry,
    ...notificationJobs(infra, services.notifications, notificationSettings(infra.config)),
    ...services.webhooks.workerJobs(infra).jobs,
    services.reminders.workerJob(infra.config.schedulerRescanMs),
    services.fair.workerJob(infra.config.schedulerRescanMs, (err) =>
      console.error(`queue admission: ${String(err)}`),
    ),
    services.raffles.workerJob(infra.config.schedulerRescanMs, (err) =>
      console.error(`raffles: ${String(err)}`),
    ),
    outboxCleanup(infra),
    ...messagesJobs(infra, services.messages),
  ];
}

/** Deletes published outbox rows past the retention; safe with several workers. */
function outboxCleanup(infra: Infra): Job {
  const deleted = outboxDeletedCounter(infra.metrics);
  return createOutboxCleanup({
    db: infra.db,
    clock: infra.clock,
    retentionMs: infra.config.outboxRetentionMs,
    onDeleted: (n) => deleted.inc(n),
  });
}
