import type { Db, Queryable } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { decodeKeyset, encodeCursor, type Page, pageFrom } from "../../shared/cursor.js";
import { AppError, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import { commitmentOf, newSeed } from "./draw.js";
import { createRafflesRepository, type EntryRow } from "./raffles.repository.js";
import type { Draw, Entry, Ranked, Withdrawal } from "./raffles.schemas.js";

export interface RafflesDeps {
  db: Db;
  clock: Clock;
  /** A drop's times and bot protection (catalog facade), or null when there is no such drop. */
  dropTimes: (
    dropId: string,
  ) => Promise<{ startsAt: Date; cancelledAt: Date | null; botProtection: boolean } | null>;
  /**
   * Checks and spends a proof-of-work solution (the bot defence's), CHALLENGE_REQUIRED when
   * it is missing or no good: entering a protected drop's raffle needs one.
   */
  spendChallenge: (solution: string | undefined, userId: string, purpose: string) => Promise<void>;
  /** The abuse limits: `entries` on entering and withdrawing, `queue_reads` on reading one's entry. */
  limits: Pick<RateLimits, "check">;
}

const toEntry = (e: EntryRow): Entry => ({
  entryId: e.id,
  state: e.state,
  rank: e.rank,
  claimStartsAt: e.claim_starts_at?.toISOString() ?? null,
  claimExpiresAt: e.claim_expires_at?.toISOString() ?? null,
});

const RANKING = "ranking";

/**
 * Raffles: entries until `entriesCloseAt`, then one draw (raffle.job.ts) whose seed and
 * ranking anyone can check against the commitment published at the drop's creation.
 */
export function createRafflesService(deps: RafflesDeps) {
  const { db, clock, limits } = deps;
  const repo = createRafflesRepository(db);

  /** The drop's raffle: 404 for no drop, NOT_A_RAFFLE for a drop sold another way. */
  const raffle = async (dropId: string) => {
    const [r, d] = await Promise.all([repo.find(dropId), deps.dropTimes(dropId)]);
    if (!d) throw notFound("Drop");
    if (!r)
      throw new AppError("NOT_A_RAFFLE", "This drop is not sold by raffle: order it directly", { dropId });
    return { raffle: r, drop: d };
  };
  const closed = (r: { entries_close_at: Date }, dropId: string) =>
    new AppError("ENTRIES_CLOSED", "Entries to this raffle are closed", {
      dropId,
      entriesCloseAt: r.entries_close_at.toISOString(),
    });

  /** The published draw; DRAW_PENDING (no seed) until it ran. */
  async function draw(dropId: string): Promise<Draw> {
    const { raffle: r } = await raffle(dropId);
    if (!r.drawn_at) {
      throw new AppError(
        "DRAW_PENDING",
        "The raffle has not been drawn yet: the seed stays secret until then",
        {
          dropId,
          entriesCloseAt: r.entries_close_at.toISOString(),
          drawCommitment: r.commitment,
        },
      );
    }
    return {
      dropId,
      drawCommitment: r.commitment,
      seed: r.seed,
      drawnAt: r.drawn_at.toISOString(),
      entries: r.entries ?? 0,
      winners: r.winners ?? 0,
    };
  }

  return {
    repo,
    draw,

    /**
     * The drops service calls this in a raffle drop's creation transaction: the seed is
     * made here and never leaves the module before the draw; only its commitment does.
     */
    async setup(
      q: Queryable,
      d: { dropId: string; entriesCloseAt: Date; claimTtlSeconds: number; now: Date },
    ): Promise<{ drawCommitment: string }> {
      const seed = newSeed();
      const commitment = commitmentOf(seed);
      await repo.insert(q, { ...d, seed, commitment });
      return { drawCommitment: commitment };
    },

    /**
     * Idempotent: entering again answers the same entry. A protected drop needs a solved
     * challenge. Counted on `entries` with withdrawals (and queue joins): `address` is the
     * client's (null: an in-process caller).
     */
    async enter(
      userId: string,
      dropId: string,
      challenge?: string,
      address: string | null = null,
    ): Promise<Entry> {
      await limits.check("entries", { account: userId, address });
      const { raffle: r, drop } = await raffle(dropId);
      if (drop.botProtection) await deps.spendChallenge(challenge, userId, `raffle:${dropId}`);
      if (drop.cancelledAt) throw closed(r, dropId);
      const e = await repo.enter(dropId, userId, newId(), clock.now());
      if (!e) throw closed(r, dropId);
      return toEntry(e);
    },

    /** Idempotent while entries are open; ENTRIES_CLOSED after (the ranking is being or was drawn). */
    async withdraw(userId: string, dropId: string, address: string | null = null): Promise<Withdrawal> {
      await limits.check("entries", { account: userId, address });
      const { raffle: r } = await raffle(dropId);
      const removed = await repo.withdraw(dropId, userId, clock.now());
      if (removed === null) throw closed(r, dropId);
      return { dropId, withdrawn: removed };
    },

    /**
     * The caller's entry; NOT_FOUND when they did not enter. `limited` counts the read on
     * `queue_reads` (REST's route and GraphQL's myRaffleEntry); the Raffle.myEntry field of a
     * drop read passes null: a list of drops would spend one per drop, and the request is
     * already counted by the overall `graphql` limit.
     */
    async mine(userId: string, dropId: string, limited: { address: string | null } | null): Promise<Entry> {
      if (limited) await limits.check("queue_reads", { account: userId, address: limited.address });
      await raffle(dropId);
      const e = await repo.entryOf(dropId, userId);
      if (!e) throw notFound("Entry");
      return toEntry(e);
    },

    /** The ranking in rank order, a keyset page over (drop, rank). DRAW_PENDING before the draw. */
    async ranking(dropId: string, opts: { limit: number; after?: string }): Promise<Page<Ranked>> {
      await draw(dropId);
      const after = decodeKeyset(opts.after, "number", RANKING);
      const rows = await repo.ranking(dropId, after?.[0] ?? 0, opts.limit + 1);
      return pageFrom(
        rows,
        opts.limit,
        (x) => encodeCursor([x.rank, x.id], RANKING),
        (x) => ({ rank: x.rank, entryId: x.id }),
      );
    },

    /**
     * The order path's gate for a raffle drop: only an entry that won and holds a claim
     * window open now may order (a winner who already ordered may order again within the
     * window, up to the drop's per-user limit). NOT_A_WINNER otherwise.
     */
    async admit(dropId: string, userId: string): Promise<void> {
      const e = await repo.entryOf(dropId, userId);
      const now = clock.now().getTime();
      const holds =
        e &&
        (e.state === "won" || e.state === "claimed") &&
        e.claim_starts_at !== null &&
        e.claim_expires_at !== null &&
        e.claim_starts_at.getTime() <= now &&
        now < e.claim_expires_at.getTime();
      if (!holds) {
        throw new AppError(
          "NOT_A_WINNER",
          "Only a raffle winner holding an unexpired claim can order this drop",
          {
            dropId,
            state: e?.state ?? null,
            claimStartsAt: e?.claim_starts_at?.toISOString() ?? null,
            claimExpiresAt: e?.claim_expires_at?.toISOString() ?? null,
          },
        );
      }
    },

    /** A deleted account's entries in raffles not drawn yet go in its deletion's transaction. */
    removeAllOf: (q: Queryable, userId: string) => repo.removeAllOf(q, userId),
  };
}

export type RafflesService = ReturnType<typeof createRafflesService>;
