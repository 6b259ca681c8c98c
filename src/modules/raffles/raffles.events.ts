/**
 * The raffles module's events, declared once here; `src/shared/events.ts` joins them into
 * the catalogue. Written in SQL by `raffles.repository.ts` from a field map typed against
 * `RafflePayload`. `userId` routes each to that user only (push, inbox, email, web push).
 */

/** One entrant's result: the entry, its rank, and (when it won) its claim window (ISO 8601). */
export type RafflePayload = {
  userId: string;
  dropId: string;
  entryId: string;
  rank: number;
  claimStartsAt: string | null;
  claimExpiresAt: string | null;
};

export type RaffleEvents = {
  /** At the draw for its winners, and later for each entry a forfeited claim passes to. */
  "raffle.won": RafflePayload;
  /** At the draw, for every entry not among the winners. */
  "raffle.lost": RafflePayload;
};
