import type { Db, Queryable } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError, notFound } from "../../shared/errors.js";
import { createRemindersRepository } from "./reminders.repository.js";
import type { ReminderState } from "./reminders.schemas.js";

export interface RemindersDeps {
  db: Db;
  clock: Clock;
  /** A drop's times (catalog facade), or null when there is no such drop. */
  dropTimes: (dropId: string) => Promise<{ endsAt: Date; cancelledAt: Date | null } | null>;
}

/** "Remind me" on a drop: one reminder per user and drop, visible only to that user. */
export function createRemindersService(deps: RemindersDeps) {
  const { db, clock } = deps;
  const repo = createRemindersRepository(db);

  const drop = async (dropId: string) => {
    const d = await deps.dropTimes(dropId);
    if (!d) throw notFound("Drop");
    return d;
  };

  return {
    repo,

    /** Idempotent. A drop that is over (ended or cancelled) has nothing left to remind of. */
    async set(userId: string, dropId: string): Promise<ReminderState> {
      const d = await drop(dropId);
      const now = clock.now();
      if (d.cancelledAt || d.endsAt.getTime() <= now.getTime()) {
        throw new AppError("INVALID_STATE", "This drop is over: there is nothing to remind you of", {
          dropId,
        });
      }
      await repo.set(dropId, userId, now);
      return { dropId, reminder: true };
    },

    /** Idempotent; a reminder not yet fired will not fire. */
    async cancel(userId: string, dropId: string): Promise<ReminderState> {
      await drop(dropId);
      await repo.remove(dropId, userId);
      return { dropId, reminder: false };
    },

    async state(userId: string, dropId: string): Promise<ReminderState> {
      await drop(dropId);
      return { dropId, reminder: await repo.exists(dropId, userId) };
    },

    /** A deleted account's reminders go in its deletion's transaction. */
    removeAllOf: (q: Queryable, userId: string) => repo.removeAllOf(q, userId),
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
