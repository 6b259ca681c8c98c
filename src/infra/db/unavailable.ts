import { AppError } from "../../shared/errors.js";

/**
 * The one place that tells "the database is away" from "this request is wrong". A store
 * outage (a restart, a failover, a cut connection, a full pool) is not the caller's fault
 * and not a bug: it is answered `503 UNAVAILABLE` with `Retry-After`, on REST and GraphQL
 * alike, and the same request works once the database is back. Everything else stays
 * what it was (a domain error, or a 500 with its details in the log).
 */

/** How long a client should wait before trying again: a restart takes a few seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs of an outage rather than of the statement: class 08 (connection exception),
 * class 53 (insufficient resources, e.g. too many connections), 57P01-57P03 (admin or
 * crash shutdown, cannot connect now), 57014 (statement_timeout or a cancel: overloaded),
 * 25P03 (idle_in_transaction_session_timeout ended the session), 55P03 (lock_timeout).
 */
const OUTAGE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "57014", "25P03", "55P03"]);
const OUTAGE_SQLSTATE_CLASSES = ["08", "53"];

/** Node socket errors of a connection that failed or broke. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Messages of node-postgres and pg-pool, which throw plain Errors without a code for these. */
const OUTAGE_MESSAGES = [
  /connection terminated/i, // "Connection terminated unexpectedly", "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool's connectionTimeoutMillis
  /connection timeout/i,
  /client has encountered a connection error/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i, // a request racing shutdown
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

const codeOf = (err: object): string | undefined =>
  "code" in err && typeof err.code === "string" ? err.code : undefined;

/** Whether `err` (or its cause, or one of an AggregateError's) says the database is unreachable. */
export function isStoreOutage(err: unknown, depth = 0): boolean {
  if (typeof err !== "object" || err === null || depth > 4) return false;
  if (err instanceof AppError) return false;
  const code = codeOf(err);
  if (code) {
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (OUTAGE_SQLSTATES.has(code) || OUTAGE_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
    }
    if (SOCKET_CODES.has(code)) return true;
  }
  const message = err instanceof Error ? err.message : "";
  if (OUTAGE_MESSAGES.some((re) => re.test(message))) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isStoreOutage(e, depth + 1))) return true;
  return "cause" in err && isStoreOutage(err.cause, depth + 1);
}

/** The answer to an outage, or undefined when `err` is something else. */
export function unavailableError(err: unknown): AppError | undefined {
  if (!isStoreOutage(err)) return undefined;
  return new AppError("UNAVAILABLE", "The service is briefly unavailable; try again in a moment", {
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
  });
}
