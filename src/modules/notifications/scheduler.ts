import { type Bus, type Subscription, subscribeTo } from "../../infra/bus/index.js";
import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { CATALOG_INVALIDATE } from "../catalog/index.js";
import { SCHEDULED_TYPES, type ScheduledType } from "./routing.js";
import { createSchedulerRepository } from "./scheduler.repository.js";

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  bus?: Bus;
  /** How long before `endsAt` `drop.ending_soon` fires. */
  endingSoonLeadMs: number;
  /** Re-read the drops table this often (catches edits whose bus message was lost). */
  rescanMs?: number;
  /** Arm timers for events due within this window; later ones are armed by a later scan. */
  lookaheadMs?: number;
  /** After a restart, events missed up to this long ago still fire (once). */
  catchUpMs?: number;
  /** Called after an event was written, so the relay in this process sends it at once. */
  onFired?: (eventId: string, lateMs: number) => void;
  onError?: (err: unknown) => void;
}

/**
 * Fires `drop.started`, `drop.ending_soon` and `drop.ended` on time: a scan of the drops
 * table arms a timer per event due soon, and the timer fires it through one statement
 * that re-reads the drop and claims (drop, type), so an edited drop fires at its new time,
 * a cancelled one not at all, and with several workers exactly one fires each event.
 * A scan also fires anything already due, which is how missed events fire after a restart.
 */
export function createScheduler(opts: SchedulerOptions) {
  const { db, clock } = opts;
  const repo = createSchedulerRepository(db);
  const rescanMs = opts.rescanMs ?? 1_000;
  const lookaheadMs = opts.lookaheadMs ?? 60_000;
  const catchUpMs = opts.catchUpMs ?? 24 * 3_600_000;
  const lead = opts.endingSoonLeadMs;
  const timers = new Map<string, { due: number; timer: NodeJS.Timeout }>();
  let interval: NodeJS.Timeout | undefined;
  let sub: Subscription | undefined;
  let scanning: Promise<number> | undefined;
  let rescan = false;
  let stopped = true;

  const dueOf = (type: ScheduledType, startsAt: Date, endsAt: Date): number => {
    if (type === "drop.started") return startsAt.getTime();
    if (type === "drop.ended") return endsAt.getTime();
    return Math.max(startsAt.getTime(), endsAt.getTime() - lead);
  };

  const fire = async (dropId: string, type: ScheduledType, due: number): Promise<boolean> => {
    const now = clock.now();
    const id = await repo.fire(dropId, type, now, lead);
    if (id) opts.onFired?.(id, now.getTime() - due);
    return id !== false;
  };

  const arm = (dropId: string, type: ScheduledType, due: number) => {
    const key = `${dropId} ${type}`;
    const had = timers.get(key);
    if (had?.due === due) return;
    if (had) clearTimeout(had.timer);
    const timer = setTimeout(
      () => {
        timers.delete(key);
        // The clock decides; a timer that woke early (or a moved clock) re-arms via the scan.
        if (clock.now().getTime() < due) return void scan();
        fire(dropId, type, due).catch((err) => {
          opts.onError?.(err);
          void scan();
        });
      },
      Math.max(0, due - clock.now().getTime()),
    );
    timers.set(key, { due, timer });
  };

  /** Fire what is due now and arm timers for what is due soon; returns how many fired. */
  const scanOnce = async (): Promise<number> => {
    const now = clock.now().getTime();
    const rows = await repo.pending(new Date(now + lookaheadMs + lead), new Date(now - catchUpMs));
    const wanted = new Set<string>();
    let fired = 0;
    for (const d of rows) {
      for (const type of SCHEDULED_TYPES) {
        if (d.fired.includes(type)) continue;
        const due = dueOf(type, d.starts_at, d.ends_at);
        if (due <= now) {
          if (await fire(d.id, type, due)) fired++;
        } else if (due <= now + lookaheadMs && !stopped) {
          wanted.add(`${d.id} ${type}`);
          arm(d.id, type, due);
        }
      }
    }
    // A timer whose drop was cancelled or moved out of the window is dropped.
    for (const [key, t] of timers) {
      if (!wanted.has(key)) {
        clearTimeout(t.timer);
        timers.delete(key);
      }
    }
    return fired;
  };

  /** One scan at a time; a request during a scan runs one more after it. */
  const scan = (): Promise<number> => {
    if (scanning) {
      rescan = true;
      return scanning;
    }
    scanning = scanOnce()
      .catch((err) => {
        opts.onError?.(err);
        return 0;
      })
      .finally(() => {
        scanning = undefined;
        if (rescan && !stopped) {
          rescan = false;
          void scan();
        }
      });
    return scanning;
  };

  return {
    name: "drop-scheduler",
    async start() {
      stopped = false;
      await scan();
      interval = setInterval(() => void scan(), rescanMs);
      // The catalog announces every drop or product write: re-read at once, not at the next rescan.
      sub = opts.bus
        ? await subscribeTo(opts.bus, CATALOG_INVALIDATE, () => void scan()).catch(() => undefined)
        : undefined;
    },
    async stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      await sub?.unsubscribe().catch(() => {});
      for (const t of timers.values()) clearTimeout(t.timer);
      timers.clear();
      await scanning;
    },
    /** Fire everything due by the clock now (tests move a ManualClock, then call this). */
    runDue: () => scanOnce(),
    /** How many timers are armed (for tests and metrics). */
    armed: () => timers.size,
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
