import { type Static, Type } from "typebox";
import { PageOf, PageQuery, Uuid } from "../../shared/schemas.js";

const Hex64 = (description: string) => Type.String({ pattern: "^[0-9a-f]{64}$", description });

export const EntryState = Type.Union(
  [
    Type.Literal("entered"),
    Type.Literal("won"),
    Type.Literal("lost"),
    Type.Literal("claimed"),
    Type.Literal("forfeited"),
  ],
  {
    description:
      "entered until the draw; then won (holding a claim) or lost; a winner who orders is claimed, one " +
      "whose claim ran out unused is forfeited (the claim passes to the next-ranked entry, which becomes won)",
  },
);
export type EntryState = Static<typeof EntryState>;

/** The caller's entry in a raffle (REST answers and GraphQL results). */
export const Entry = Type.Object({
  entryId: Uuid,
  state: EntryState,
  rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "From the draw on" }),
  claimStartsAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
    description: "A winner's claim window opens (the drop's start, or when a forfeited claim passed to it)",
  }),
  claimExpiresAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
    description: "A winner's claim window closes; order before it",
  }),
});
export type Entry = Static<typeof Entry>;

/** What withdrawing did: `withdrawn` is false when there was no entry (withdrawing is idempotent). */
export const Withdrawal = Type.Object({ dropId: Uuid, withdrawn: Type.Boolean() });
export type Withdrawal = Static<typeof Withdrawal>;

/** The published draw: check SHA-256(seed) = drawCommitment, then recompute the ranking. */
export const Draw = Type.Object({
  dropId: Uuid,
  drawCommitment: Hex64("Hex SHA-256 of the seed's 64 characters as UTF-8, published at the drop's creation"),
  seed: Hex64("The 32 random bytes drawn with, as 64 lowercase hex characters"),
  drawnAt: Type.String({ format: "date-time" }),
  entries: Type.Integer({ minimum: 0, description: "Entries in the draw" }),
  winners: Type.Integer({ minimum: 0, description: "Entries that won at the draw (the ranking's head)" }),
});
export type Draw = Static<typeof Draw>;

/** One ranked entry: its key is hex HMAC-SHA256(seed, entryId); rank 1 has the smallest. */
export const Ranked = Type.Object({ rank: Type.Integer({ minimum: 1 }), entryId: Uuid });
export type Ranked = Static<typeof Ranked>;
export const RankingPage = PageOf(Ranked);
export const RankingQuery = Type.Object(PageQuery);

/** A solved proof-of-work challenge (the bot defence's X-Challenge), to enter a protected drop's raffle. */
const Solution = Type.String({
  minLength: 1,
  maxLength: 2_000,
  description: "base64 of the JSON { algorithm, challenge, number, salt, signature }",
});
export const EnterHeaders = Type.Object({ "x-challenge": Type.Optional(Solution) });

/** The GraphQL arguments, checked like REST's path and query. */
export const RaffleArgs = Type.Object({ dropId: Uuid }, { additionalProperties: false });
export const EnterArgs = Type.Object(
  { dropId: Uuid, challenge: Type.Optional(Solution) },
  { additionalProperties: false },
);
export const RankingArgs = Type.Object({ dropId: Uuid, ...PageQuery }, { additionalProperties: false });
