import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { type TSchema, Type } from "typebox";
import { unavailableError } from "../infra/db/unavailable.js";
import { AppError, type ErrorCode } from "../shared/errors.js";
import type { Outcome, OutcomeError } from "../shared/outcome.js";
import { markRefused } from "./overload.js";

/** The spec's success envelope. */
export const ok = <T>(data: T) => ({ success: true as const, data });

/** The success envelope around a value already serialised (the catalog's cached reads). */
export const okJson = (json: string) => `{"success":true,"data":${json}}`;

/** Response schema for `{ success: true, data }`. */
export const Envelope = <T extends TSchema>(data: T) => Type.Object({ success: Type.Literal(true), data });

export const ErrorEnvelope = Type.Object({
  success: Type.Literal(false),
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** The HTTP status of each domain error code: REST's half of the error contract. */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  // Not 401: the caller's token is fine, only the password they typed is not (a 401 would
  // sign a client out for a typo).
  WRONG_PASSWORD: 403,
  HANDLE_TAKEN: 409,
  ALREADY_CREATOR: 409,
  SELF_FOLLOW: 400,
  SOLD_OUT: 409,
  DROP_NOT_LIVE: 409,
  DROP_NOT_EDITABLE: 409,
  LIMIT_EXCEEDED: 409,
  // The address is well formed (not a 400) but the drop does not ship there.
  CANNOT_SHIP_TO: 422,
  INVALID_STATE: 409,
  // Fair drops: the caller may not order or join yet (no proof of work, no valid pass).
  CHALLENGE_REQUIRED: 403,
  PASS_REQUIRED: 403,
  PASS_INVALID: 403,
  PASS_EXPIRED: 403,
  PASS_USED: 403,
  QUEUE_NOT_OPEN: 409,
  QUEUE_CLOSED: 409,
  PAYMENT_FAILED: 402,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
  UNAVAILABLE: 503,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // Raffles: entering a drop sold otherwise, entering or withdrawing after entriesCloseAt,
  // asking for the seed before the draw published it, ordering without a live claim.
  NOT_A_RAFFLE: 409,
  ENTRIES_CLOSED: 409,
  DRAW_PENDING: 409,
  NOT_A_WINNER: 403,
  INTERNAL: 500,
};

export const statusOf = (code: ErrorCode): number => STATUS[code];

/** Fastify's own 4xx errors, with the code and message a client should see. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "VALIDATION_ERROR", message: "Malformed JSON body" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "VALIDATION_ERROR", message: "Empty JSON body" },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: "Request body is too large",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Unsupported Content-Type; send application/json",
  },
  // The router's own refusals (see frameworkErrors): a malformed URL, a path parameter longer
  // than the router takes (ids are UUIDs).
  FST_ERR_BAD_URL: { status: 400, code: "VALIDATION_ERROR", message: "Malformed URL" },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 400,
    code: "VALIDATION_ERROR",
    message: "A path parameter is too long",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "VALIDATION_ERROR",
    message: "Content-Length does not match the body",
  },
};

/**
 * A domain refusal as REST answers it: the code's status and the error envelope. RATE_LIMITED,
 * OVERLOADED and UNAVAILABLE carry `retryAfterSeconds`, which REST says in a header.
 */
function sendRefusal(reply: FastifyReply, e: OutcomeError): FastifyReply {
  // The order queue's refusal paces its connection as admission control's does (overload.ts).
  if (e.code === "OVERLOADED") markRefused(reply.request);
  if (typeof e.details === "object" && e.details) {
    const retry = (e.details as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retry) reply.header("retry-after", String(retry));
  }
  return reply.status(statusOf(e.code)).send({
    success: false,
    error: { code: e.code, message: e.message, details: e.details },
  });
}

/**
 * An operation's outcome (src/shared/outcome.ts) as REST answers it: the value in the success
 * envelope with `okStatus`, or the refusal exactly as a thrown `AppError` would be answered.
 */
export function sendOutcome<T>(reply: FastifyReply, outcome: Outcome<T>, okStatus = 200): FastifyReply {
  if (outcome.ok) return reply.status(okStatus).send(ok(outcome.value));
  return sendRefusal(reply, outcome.error);
}

/**
 * A constant answer serialized once at startup (e.g. a sold-out refusal from memory), sent
 * as is: the bytes must be the ones the route's schema would have written.
 */
export function sendSerialized(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type("application/json; charset=utf-8").send(body);
}

/**
 * Errors the router answers before any route or error handler runs (Fastify's
 * `frameworkErrors` option): in the envelope like every other refusal.
 */
export function frameworkErrors(err: FastifyError, _request: unknown, reply: FastifyReply): void {
  const known = FASTIFY_ERRORS[err.code];
  if (known) {
    void reply
      .status(known.status)
      .send({ success: false, error: { code: known.code, message: known.message } });
    return;
  }
  void reply
    .status(500)
    .send({ success: false, error: { code: "INTERNAL", message: "Something went wrong on our side" } });
}

/**
 * The one place REST maps errors to responses: domain errors keep their code, validation
 * errors list what was wrong, a database outage is a 503 UNAVAILABLE to retry (see
 * src/infra/db/unavailable.ts), and anything unexpected becomes a 500 whose details stay in
 * the log, never in the response.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) return sendRefusal(reply, err);
    if (err.validation) {
      return reply.status(400).send({
        success: false,
        error: {
          code: "VALIDATION_ERROR",
          message: `Invalid request ${err.validationContext ?? "input"}: ${err.message}`,
          details: err.validation.map((v) => ({
            path: v.instancePath || "/",
            message: v.message,
            params: v.params,
          })),
        },
      });
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) {
      return reply
        .status(known.status)
        .send({ success: false, error: { code: known.code, message: known.message } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({
        success: false,
        error: { code: err.statusCode === 429 ? "RATE_LIMITED" : "BAD_REQUEST", message: err.message },
      });
    }
    const outage = unavailableError(err);
    if (outage) {
      request.log.warn({ err }, "database unavailable");
      return sendRefusal(reply, outage);
    }
    request.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send({ success: false, error: { code: "INTERNAL", message: "Something went wrong on our side" } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      success: false,
      error: { code: "NOT_FOUND", message: `Route ${request.method} ${request.url.split("?")[0]} not found` },
    }),
  );
}
