import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { IdParams } from "../../shared/schemas.js";
import { Draw, EnterHeaders, Entry, RankingPage, RankingQuery, Withdrawal } from "./raffles.schemas.js";
import type { RafflesService } from "./raffles.service.js";

/** Entering a raffle (the caller's own entry only) and the published draw (anyone). */
export const rafflesRoutes: FastifyPluginAsyncTypebox<{ raffles: RafflesService }> = async (
  app,
  { raffles },
) => {
  const tags = ["raffles"];

  app.post(
    "/api/drops/:id/entries",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "enterRaffle",
        summary:
          "Enter the drop's raffle, once per account: entering again answers the same entry. On a protected " +
          "drop send X-Challenge.",
        params: IdParams,
        headers: EnterHeaders,
        response: {
          200: Envelope(Entry),
          ...errors("NOT_FOUND", "NOT_A_RAFFLE", "ENTRIES_CLOSED", "CHALLENGE_REQUIRED", "RATE_LIMITED"),
        },
      },
    },
    async (req) => ok(await raffles.enter(userOf(req), req.params.id, req.headers["x-challenge"], req.ip)),
  );
  app.delete(
    "/api/drops/:id/entries",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "withdrawFromRaffle",
        summary: "Withdraw your entry before entries close; withdrawing twice is a no-op",
        params: IdParams,
        response: {
          200: Envelope(Withdrawal),
          ...errors("NOT_FOUND", "NOT_A_RAFFLE", "ENTRIES_CLOSED", "RATE_LIMITED"),
        },
      },
    },
    async (req) => ok(await raffles.withdraw(userOf(req), req.params.id, req.ip)),
  );
  app.get(
    "/api/drops/:id/entries/me",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "getMyRaffleEntry",
        summary:
          "Your entry and its state (entered, won, lost, claimed, forfeited); 404 when you did not enter",
        params: IdParams,
        response: { 200: Envelope(Entry), ...errors("NOT_FOUND", "NOT_A_RAFFLE", "RATE_LIMITED") },
      },
    },
    async (req) => ok(await raffles.mine(userOf(req), req.params.id, { address: req.ip })),
  );
  app.get(
    "/api/drops/:id/draw",
    {
      schema: {
        tags,
        operationId: "getRaffleDraw",
        summary:
          "The draw, once it ran: seed, commitment and counts, so anyone can check SHA-256(seed) = drawCommitment " +
          "(409 DRAW_PENDING before: the seed stays secret)",
        params: IdParams,
        response: { 200: Envelope(Draw), ...errors("NOT_FOUND", "NOT_A_RAFFLE", "DRAW_PENDING") },
      },
    },
    async (req) => ok(await raffles.draw(req.params.id)),
  );
  app.get(
    "/api/drops/:id/draw/ranking",
    {
      schema: {
        tags,
        operationId: "getRaffleRanking",
        summary:
          "Every entry in rank order (key = hex HMAC-SHA256(seed, entryId), ascending); the first `winners` won " +
          "at the draw (409 DRAW_PENDING before)",
        params: IdParams,
        querystring: RankingQuery,
        response: {
          200: Envelope(RankingPage),
          ...errors("NOT_FOUND", "NOT_A_RAFFLE", "DRAW_PENDING", "VALIDATION_ERROR"),
        },
      },
    },
    async (req) => ok(await raffles.ranking(req.params.id, req.query)),
  );
};
