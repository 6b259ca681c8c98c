import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { requireUser, userOf } from "../../http/auth.js";
import { errors } from "../../http/contract.js";
import { Envelope, ok } from "../../http/envelope.js";
import { IdParams } from "../../shared/schemas.js";
import type { Challenges } from "./challenge.js";
import { Challenge, JoinHeaders, QueueTicket } from "./fair.schemas.js";
import type { QueueService } from "./queue.service.js";

/** The proof-of-work challenge and the caller's place in a drop's waiting room. */
export const fairRoutes: FastifyPluginAsyncTypebox<{ challenges: Challenges; queue: QueueService }> = async (
  app,
  { challenges, queue },
) => {
  app.get(
    "/api/challenge",
    {
      schema: {
        tags: ["fair drops"],
        operationId: "getChallenge",
        summary:
          "A fresh ALTCHA proof-of-work challenge (the bare object, no envelope); solve it and send the " +
          "solution as X-Challenge to join a queue or order on a protected drop. Good for 5 minutes, once.",
        response: { 200: Challenge },
      },
    },
    // Every answer is a new challenge: no cache may keep one for the next client.
    async (_req, reply) => reply.header("cache-control", "no-store").send(await challenges.create()),
  );

  const tags = ["fair drops"];
  app.post(
    "/api/drops/:id/queue",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "joinDropQueue",
        summary:
          "Join the drop's waiting room (opens 15 minutes before the start); joining again answers the same " +
          "ticket. On a protected drop send X-Challenge.",
        params: IdParams,
        headers: JoinHeaders,
        response: {
          200: Envelope(QueueTicket),
          ...errors(
            "NOT_FOUND",
            "INVALID_STATE",
            "QUEUE_NOT_OPEN",
            "QUEUE_CLOSED",
            "CHALLENGE_REQUIRED",
            "RATE_LIMITED",
          ),
        },
      },
    },
    async (req) => ok(await queue.join(userOf(req), req.params.id, req.headers["x-challenge"], req.ip)),
  );

  app.get(
    "/api/drops/:id/queue/me",
    {
      preHandler: requireUser,
      schema: {
        tags,
        operationId: "getMyDropTicket",
        summary:
          "Your ticket in the drop's waiting room: state, position, ahead, ETA, and the pass once admitted",
        params: IdParams,
        response: { 200: Envelope(QueueTicket), ...errors("NOT_FOUND", "INVALID_STATE", "RATE_LIMITED") },
      },
    },
    async (req) => ok(await queue.me(userOf(req), req.params.id, req.ip)),
  );
};
