import { type Static, Type } from "typebox";
import { Uuid } from "../../shared/schemas.js";

/** GET /api/challenge: the bare ALTCHA (v1) challenge, as its widget expects it (no envelope). */
export const Challenge = Type.Object(
  {
    algorithm: Type.Literal("SHA-256"),
    challenge: Type.String({ description: "Hex SHA-256 of salt + the secret number" }),
    maxnumber: Type.Integer({ description: "The secret number is below this" }),
    salt: Type.String({ description: "Carries the expiry (?expires=<unix seconds>&)" }),
    signature: Type.String({ description: "HMAC of challenge: proves it is ours" }),
  },
  { description: "Find number with SHA-256(salt + number) = challenge" },
);
export type Challenge = Static<typeof Challenge>;

/** The solution header (base64 of JSON { algorithm, challenge, number, salt, signature }). */
const SolutionHeader = Type.String({
  minLength: 1,
  maxLength: 2_000,
  description: "base64 of the JSON { algorithm, challenge, number, salt, signature }",
});
const PassValue = Type.String({
  minLength: 1,
  maxLength: 300,
  description: "The pass of an admitted ticket",
});

/** Headers of the calls a protected or queue drop gates; both optional, the service says what is missing. */
export const FairHeaders = Type.Object({
  "x-challenge": Type.Optional(SolutionHeader),
  "x-drop-pass": Type.Optional(PassValue),
});
export const JoinHeaders = Type.Object({ "x-challenge": Type.Optional(SolutionHeader) });

/** GraphQL arguments of joinQueue / myQueueTicket, checked like REST's path and header. */
export const JoinArgs = Type.Object(
  { dropId: Uuid, challenge: Type.Optional(SolutionHeader) },
  { additionalProperties: false },
);
export const TicketArgs = Type.Object({ dropId: Uuid }, { additionalProperties: false });
/** The order's proof fields on GraphQL (REST takes them as headers; `pass` also in the body). */
export const OrderProof = Type.Object({
  pass: Type.Optional(PassValue),
  challenge: Type.Optional(SolutionHeader),
});
export { PassValue };

export const TicketState = Type.Union(
  [
    Type.Literal("waiting"),
    Type.Literal("admitted"),
    Type.Literal("used"),
    Type.Literal("expired"),
    Type.Literal("closed"),
  ],
  {
    description:
      "waiting in line; admitted (holds a pass); used (the pass bought); expired (the pass ran out); " +
      "closed (the drop sold out or ended before this ticket's turn)",
  },
);
export type TicketState = Static<typeof TicketState>;

export const QueueTicket = Type.Object({
  ticketId: Uuid,
  dropId: Uuid,
  state: TicketState,
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: "Fixed place in line from 1; null for an early joiner until startsAt (the random draw)",
  }),
  ahead: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: "Tickets before this one still waiting; null before the draw",
  }),
  etaSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: "Roughly when this ticket is admitted, while waiting in line",
  }),
  retryAfterMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: "When polling again is worth it; null once there is nothing to wait for",
  }),
  pass: Type.Optional(Type.String({ description: "When admitted: send as X-Drop-Pass (or pass) to order" })),
  passExpiresAt: Type.Optional(Type.String({ format: "date-time" })),
});
export type QueueTicket = Static<typeof QueueTicket>;
