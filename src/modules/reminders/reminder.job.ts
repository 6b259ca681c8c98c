import type { Clock } from "../../shared/clock.js";
import { periodicJob } from "../../shared/periodic-job.js";
import type { RemindersRepository } from "./reminders.repository.js";

export interface ReminderJobOptions {
  repo: RemindersRepository;
  clock: Clock;
  /** How long before a drop's start its reminders fire. */
  leadMs: number;
  /** How often to look for due reminders. */
  pollMs: number;
  /** Reminders claimed per statement. */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

/**
 * Worker job: fires due reminders, a batch per statement, each claimed and written to the
 * outbox in that statement (reminders.repository `fireDue`), so any number of workers fire
 * each reminder once. The outbox then routes `drop.reminder` to its user like any direct
 * event (inbox, push; email and web push where the user has them). Reminders of drops over
 * for a day are forgotten.
 */
export function createReminderJob(opts: ReminderJobOptions) {
  const { repo, clock } = opts;
  const batch = opts.batchSize ?? 1_000;
  let lastPurge = 0;

  const runOnce = async (): Promise<number> => {
    let fired = 0;
    for (;;) {
      const n = await repo.fireDue(clock.now(), opts.leadMs, batch);
      fired += n;
      if (n < batch) break;
    }
    const now = clock.now();
    if (now.getTime() - lastPurge >= 60_000) {
      lastPurge = now.getTime();
      await repo.purge(now, 24 * 3_600_000, 1_000);
    }
    return fired;
  };

  return {
    ...periodicJob("drop-reminders", opts.pollMs, runOnce, opts.onError),
    /** Fire what is due by the clock now (tests move a ManualClock, then call this). */
    runDue: () => runOnce(),
  };
}

export type ReminderJob = ReturnType<typeof createReminderJob>;
