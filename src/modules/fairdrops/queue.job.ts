import type { Clock } from "../../shared/clock.js";
import { periodicJob } from "../../shared/periodic-job.js";
import type { Challenges } from "./challenge.js";
import type { QueueService } from "./queue.service.js";

/**
 * Worker job: every tick, each open room of a started drop gets its draw (once), admits
 * the next tickets at its drop's rate, or closes when the drop sold out or is over. Each
 * step locks the room's row, so any number of workers admit every ticket once. Once a
 * minute it forgets spent proof-of-work solutions whose challenges expired.
 */
export function createQueueJob(opts: {
  queue: QueueService;
  challenges: Challenges;
  clock: Clock;
  /** How often to tick: at most a second, the admission rate's unit. */
  pollMs: number;
  onError?: (err: unknown) => void;
}) {
  const { queue, challenges, clock } = opts;
  let lastPurge = 0;

  const runOnce = async (): Promise<number> => {
    let moved = 0;
    for (const room of await queue.activeRooms()) {
      try {
        moved += await queue.tick(room);
      } catch (err) {
        opts.onError?.(err); // one room's failure does not hold up the others
      }
    }
    const now = clock.now().getTime();
    if (now - lastPurge >= 60_000) {
      lastPurge = now;
      await challenges.purge();
    }
    return moved;
  };

  return {
    ...periodicJob("queue-admission", Math.min(opts.pollMs, 1_000), runOnce, opts.onError),
    /** Do what is due by the clock now (tests move a ManualClock, then call this). */
    runDue: () => runOnce(),
  };
}

export type QueueJob = ReturnType<typeof createQueueJob>;
