/** Drop reminders ("remind me"): requests per user and drop, fired once before the start. Other modules import only from here. */
import { createReminderJob } from "./reminder.job.js";
import { createRemindersService, type RemindersDeps } from "./reminders.service.js";

export type { ReminderEvents, ReminderPayload } from "./reminders.events.js";
export { createRemindersResolvers, remindersTypeDefs } from "./reminders.resolvers.js";
export { remindersRoutes } from "./reminders.routes.js";
export type { RemindersService } from "./reminders.service.js";

export interface RemindersModuleDeps extends RemindersDeps {
  /** REMINDER_LEAD_MS. */
  leadMs: number;
}

/** The module: the service routes and resolvers use, and the worker's job. */
export function createReminders(deps: RemindersModuleDeps) {
  const service = createRemindersService(deps);
  return {
    ...service,
    /** The worker's job; several workers may run it at once. */
    workerJob: (pollMs: number, onError?: (err: unknown) => void) =>
      createReminderJob({ repo: service.repo, clock: deps.clock, leadMs: deps.leadMs, pollMs, onError }),
  };
}

export type RemindersModule = ReturnType<typeof createReminders>;
