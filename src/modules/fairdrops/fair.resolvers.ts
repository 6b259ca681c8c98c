import { type ResolverMap, requireCaller } from "../../graphql/context.js";
import { inputOf } from "../../graphql/validate.js";
import type { Challenges } from "./challenge.js";
import { JoinArgs, TicketArgs } from "./fair.schemas.js";
import type { QueueService } from "./queue.service.js";

export const fairTypeDefs = /* GraphQL */ `
  "An ALTCHA proof-of-work challenge: find number with SHA-256(salt + number) = challenge."
  type ProofOfWorkChallenge {
    "Always SHA-256."
    algorithm: String!
    "Hex SHA-256 of salt + the secret number."
    challenge: String!
    "The secret number is below this."
    maxnumber: Int!
    "The salt (it carries the expiry)."
    salt: String!
    "Proves the challenge is ours."
    signature: String!
  }

  "Your place in a drop's waiting room."
  type QueueTicket {
    "The ticket's id."
    ticketId: ID!
    "The drop."
    dropId: ID!
    "waiting, admitted, used, expired or closed."
    state: String!
    "Fixed place in line from 1; null for an early joiner until the drop starts."
    position: Int
    "Tickets before this one still waiting."
    ahead: Int
    "Roughly how many seconds until admission, while waiting."
    etaSeconds: Int
    "When polling again is worth it, in milliseconds."
    retryAfterMs: Int
    "Once admitted: the pass to order with (placeOrder's pass)."
    pass: String
    "When the pass expires (ISO 8601)."
    passExpiresAt: String
  }

  extend type Query {
    "Your ticket in the drop's waiting room (NOT_FOUND without one; RATE_LIMITED past queue_reads)."
    myQueueTicket(dropId: ID!): QueueTicket!
  }

  extend type Mutation {
    "A fresh proof-of-work challenge (no sign-in); send its solution as challenge (or X-Challenge) on a protected drop."
    newChallenge: ProofOfWorkChallenge!
    "Join the drop's waiting room; joining again answers the same ticket (QUEUE_NOT_OPEN, QUEUE_CLOSED, CHALLENGE_REQUIRED, RATE_LIMITED)."
    joinQueue(dropId: ID!, "base64 solution of a challenge, on a protected drop (or the X-Challenge header)." challenge: String): QueueTicket!
  }
`;

// The REST route's path and header schemas, compiled once.
const joinArgs = inputOf(JoinArgs, "arguments");
const ticketArgs = inputOf(TicketArgs, "arguments");

export function createFairResolvers(deps: { challenges: Challenges; queue: QueueService }): ResolverMap {
  return {
    Query: {
      myQueueTicket: (_p, args, ctx) =>
        deps.queue.me(requireCaller(ctx), ticketArgs(args).dropId, ctx.address),
    },
    Mutation: {
      newChallenge: () => deps.challenges.create(),
      joinQueue: (_p, args, ctx) => {
        const me = requireCaller(ctx);
        const a = joinArgs(args);
        const header = ctx.reply.request.headers["x-challenge"];
        const challenge = typeof header === "string" && header ? header : a.challenge;
        return deps.queue.join(me, a.dropId, challenge, ctx.address);
      },
    },
  };
}
