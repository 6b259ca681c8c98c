import type { ResolverMap } from "../../graphql/context.js";
import { requireCaller } from "../../graphql/context.js";
import { inputOf, pageArgsOf } from "../../graphql/validate.js";
import { toConnection } from "../../shared/cursor.js";
import { AppError } from "../../shared/errors.js";
import { EnterArgs, RaffleArgs, RankingArgs } from "./raffles.schemas.js";
import type { RafflesService } from "./raffles.service.js";

export const rafflesTypeDefs = /* GraphQL */ `
  "Where an entry is: ENTERED until the draw, then WON (holding a claim) or LOST; CLAIMED once a winner ordered, FORFEITED when a claim ran out unused (it passes to the next-ranked entry)."
  enum RaffleEntryState {
    ENTERED
    WON
    LOST
    CLAIMED
    FORFEITED
  }

  "Your entry in a raffle."
  type RaffleEntry {
    "The entry's id: the message of its HMAC key."
    entryId: ID!
    "Where the entry is."
    state: RaffleEntryState!
    "Its rank from the draw on (1 = first); null before."
    rank: Int
    "A winner's claim window opens (ISO 8601)."
    claimStartsAt: String
    "A winner's claim window closes (ISO 8601): order before it."
    claimExpiresAt: String
  }

  "What withdrawing did."
  type RaffleWithdrawal {
    "The drop."
    dropId: ID!
    "False when there was no entry to withdraw."
    withdrawn: Boolean!
  }

  "A raffle's published draw: check SHA-256(seed) = drawCommitment, then recompute the ranking."
  type RaffleDraw {
    "The drop."
    dropId: ID!
    "Hex SHA-256 of the seed's 64 characters (UTF-8), published at the drop's creation."
    drawCommitment: String!
    "The seed: 32 random bytes as 64 lowercase hex characters."
    seed: String!
    "When the draw ran (ISO 8601)."
    drawnAt: String!
    "Entries in the draw."
    entries: Int!
    "Entries that won at the draw: the ranking's head."
    winners: Int!
  }

  "An entry's place in the ranking."
  type RankedEntry {
    "1 for the smallest key."
    rank: Int!
    "The entry; its key is hex HMAC-SHA256(key = seed, message = entryId)."
    entryId: ID!
  }
  "A ranked entry, with its cursor."
  type RankedEntryEdge {
    "The ranked entry."
    node: RankedEntry!
    "Pass as after to continue after it."
    cursor: String!
  }
  "A page of the ranking, in rank order."
  type RankedEntryConnection {
    "The entries of this page."
    edges: [RankedEntryEdge!]!
    "Where this page ends."
    pageInfo: PageInfo!
  }

  "A raffle drop's settings and, after the draw, its result."
  type Raffle {
    "Entries close, and the draw runs, at this time (ISO 8601), before the drop starts."
    entriesCloseAt: String!
    "How long a winner's claim lasts, from the drop's start (or from when it passed on)."
    claimTtlSeconds: Int!
    "Hex SHA-256 of the secret seed, published from creation."
    drawCommitment: String!
    "Whether the draw ran."
    drawn: Boolean!
    "The published draw; null before it ran (the seed stays secret)."
    draw: RaffleDraw
    "Your entry; null when signed out or not entered."
    myEntry: RaffleEntry
    "The ranking in rank order (DRAW_PENDING before the draw)."
    ranking(first: Int = 20, after: String): RankedEntryConnection!
  }

  extend type Drop {
    "The raffle, for a drop sold by raffle (access raffle); null otherwise."
    raffle: Raffle
  }

  extend type Query {
    "Your entry in a drop's raffle (NOT_FOUND when you did not enter, NOT_A_RAFFLE; RATE_LIMITED past queue_reads)."
    myRaffleEntry(dropId: ID!): RaffleEntry!
    "A raffle's published draw (DRAW_PENDING before it ran, NOT_A_RAFFLE)."
    raffleDraw(dropId: ID!): RaffleDraw!
    "A raffle's ranking in rank order (DRAW_PENDING before the draw)."
    raffleRanking(dropId: ID!, first: Int = 20, after: String): RankedEntryConnection!
  }

  extend type Mutation {
    "Enter a drop's raffle, once per account; entering again answers the same entry (ENTRIES_CLOSED, NOT_A_RAFFLE, CHALLENGE_REQUIRED, RATE_LIMITED)."
    enterRaffle(dropId: ID!, "base64 solution of a challenge, on a protected drop (or the X-Challenge header)." challenge: String): RaffleEntry!
    "Withdraw your entry before entries close; a no-op without one (ENTRIES_CLOSED after, RATE_LIMITED)."
    withdrawFromRaffle(dropId: ID!): RaffleWithdrawal!
  }
`;

// The same schemas as REST's path and query.
const dropArgs = inputOf(RaffleArgs, "arguments");
const enterArgs = inputOf(EnterArgs, "arguments");
const rankingArgs = pageArgsOf(RankingArgs);

interface RaffleParent {
  dropId: string;
  entriesCloseAt: string;
  claimTtlSeconds: number;
  drawCommitment: string;
}

/** null for the refusal a nullable field stands for; anything else still fails the field. */
const orNull = async <T>(p: Promise<T>, code: string): Promise<T | null> => {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AppError && err.code === code) return null;
    throw err;
  }
};

export function createRafflesResolvers({ raffles }: { raffles: RafflesService }): ResolverMap {
  return {
    Query: {
      myRaffleEntry: (_p, args, ctx) =>
        raffles.mine(requireCaller(ctx), dropArgs(args).dropId, { address: ctx.address }),
      raffleDraw: (_p, args) => raffles.draw(dropArgs(args).dropId),
      raffleRanking: async (_p, args) => {
        const { dropId, ...page } = rankingArgs(args);
        return toConnection(await raffles.ranking(dropId, page));
      },
    },
    Mutation: {
      enterRaffle: (_p, args, ctx) => {
        const me = requireCaller(ctx);
        const a = enterArgs(args);
        const header = ctx.reply.request.headers["x-challenge"];
        const challenge = typeof header === "string" && header ? header : a.challenge;
        return raffles.enter(me, a.dropId, challenge, ctx.address);
      },
      withdrawFromRaffle: (_p, args, ctx) =>
        raffles.withdraw(requireCaller(ctx), dropArgs(args).dropId, ctx.address),
    },
    Drop: {
      // The drop answer carries the raffle's public settings (catalog's drop read).
      raffle: (d: {
        id: string;
        access?: string;
        entriesCloseAt?: string;
        claimTtlSeconds?: number;
        drawCommitment?: string;
      }): RaffleParent | null =>
        d.access === "raffle" && d.entriesCloseAt && d.drawCommitment && d.claimTtlSeconds
          ? {
              dropId: d.id,
              entriesCloseAt: d.entriesCloseAt,
              claimTtlSeconds: d.claimTtlSeconds,
              drawCommitment: d.drawCommitment,
            }
          : null,
    },
    Raffle: {
      drawn: async (r: RaffleParent) => (await orNull(raffles.draw(r.dropId), "DRAW_PENDING")) !== null,
      draw: (r: RaffleParent) => orNull(raffles.draw(r.dropId), "DRAW_PENDING"),
      myEntry: (r: RaffleParent, _a, ctx) =>
        ctx.userId ? orNull(raffles.mine(ctx.userId, r.dropId, null), "NOT_FOUND") : null,
      ranking: async (r: RaffleParent, args) =>
        toConnection(await raffles.ranking(r.dropId, rankingArgs({ ...args, dropId: r.dropId }))),
    },
    RaffleEntry: {
      state: (e: { state: string }) => e.state.toUpperCase(),
    },
  };
}
