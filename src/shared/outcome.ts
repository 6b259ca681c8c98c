import type { AppError, ErrorCode } from "./errors.js";

/**
 * How an operation ended, as a value: what it produced, or the coded error that refused
 * it. Idempotent operations store theirs (orders) and hand it to the transports, which
 * render it in one place each: REST in src/http/envelope.ts (`sendOutcome`), GraphQL in
 * src/graphql/context.ts (`resultOf`). A refusal on the hot path (SOLD_OUT after a sell-out)
 * is thus answered without building and throwing an exception per request.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: OutcomeError };

export interface OutcomeError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const failure = <T = never>(err: AppError): Outcome<T> => ({
  ok: false,
  error:
    err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details },
});
