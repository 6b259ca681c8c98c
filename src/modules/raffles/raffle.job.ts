import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { periodicJob } from "../../shared/periodic-job.js";
import { rankEntries, winnersOf } from "./draw.js";
import type { RafflesRepository } from "./raffles.repository.js";

export interface RaffleJobOptions {
  db: Db;
  repo: RafflesRepository;
  clock: Clock;
  /** How often to look for draws due and claims run out. */
  pollMs: number;
  onError?: (err: unknown) => void;
}

/**
 * Worker job, safe with any number of workers:
 * - draws each raffle whose entries closed, once: the transaction that claims the draw
 *   (`drawn_at`, a guarded update) also ranks the entries and writes every entrant's
 *   raffle.won / raffle.lost, so a draw is all there or not at all;
 * - marks winners who paid `claimed`;
 * - forfeits claims that ran out unused and passes each to the next-ranked entry.
 */
export function createRaffleJob(opts: RaffleJobOptions) {
  const { db, repo, clock } = opts;

  /** One raffle's draw; false when another worker drew it first. */
  const drawOne = (dropId: string): Promise<boolean> =>
    db.tx(async (q) => {
      const now = clock.now();
      const d = await repo.claimDraw(q, dropId, now);
      if (!d) return false;
      // Read after the claim: an entrant holding the row `for share` committed before it.
      const ranked = rankEntries(d.seed, await repo.entryIds(q, dropId));
      await repo.writeDraw(q, {
        dropId,
        ranked,
        winners: winnersOf(d.initial_stock, d.per_user_limit),
        startsAt: d.starts_at,
        ttlSeconds: d.claim_ttl_seconds,
        now,
      });
      return true;
    });

  const runOnce = async (): Promise<{
    drawn: number;
    claimed: number;
    forfeited: number;
    promoted: number;
  }> => {
    const out = { drawn: 0, claimed: 0, forfeited: 0, promoted: 0 };
    for (const dropId of await repo.due(clock.now(), 100)) if (await drawOne(dropId)) out.drawn++;
    out.claimed = await repo.markClaimed();
    for (const dropId of await repo.expiredClaimDrops(clock.now(), 100)) {
      const r = await repo.passOn(dropId, clock.now());
      out.forfeited += r.forfeited;
      out.promoted += r.promoted;
    }
    return out;
  };

  return {
    ...periodicJob("raffle-draws", opts.pollMs, runOnce, opts.onError),
    /** Draw and pass on what is due by the clock now (tests move a ManualClock, then call this). */
    runDue: () => runOnce(),
    /** Draw one raffle now if nobody has (tests race two of these). */
    drawOne,
  };
}

export type RaffleJob = ReturnType<typeof createRaffleJob>;
