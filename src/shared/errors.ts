/**
 * Domain errors with stable codes. Services throw these; REST and GraphQL each map them
 * to their transport in one place (src/http/envelope.ts gives each code its HTTP status,
 * src/graphql/index.ts its `extensions.code`). Services never import HTTP.
 */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "EMAIL_TAKEN"
  | "WRONG_PASSWORD"
  | "HANDLE_TAKEN"
  | "ALREADY_CREATOR"
  | "SELF_FOLLOW"
  | "SOLD_OUT"
  | "DROP_NOT_LIVE"
  | "DROP_NOT_EDITABLE"
  | "LIMIT_EXCEEDED"
  | "CANNOT_SHIP_TO"
  | "INVALID_STATE"
  | "CHALLENGE_REQUIRED"
  | "PASS_REQUIRED"
  | "PASS_INVALID"
  | "PASS_EXPIRED"
  | "PASS_USED"
  | "QUEUE_NOT_OPEN"
  | "QUEUE_CLOSED"
  | "PAYMENT_FAILED"
  | "IDEMPOTENCY_KEY_REQUIRED"
  | "IDEMPOTENCY_IN_PROGRESS"
  | "IDEMPOTENCY_KEY_REUSED"
  | "RATE_LIMITED"
  | "OVERLOADED"
  | "UNAVAILABLE"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "NOT_A_RAFFLE"
  | "ENTRIES_CLOSED"
  | "DRAW_PENDING"
  | "NOT_A_WINNER"
  | "INTERNAL";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  /**
   * The code as GraphQL errors carry it. src/graphql/index.ts maps errors itself over HTTP,
   * but a subscription refused on a WebSocket is formatted by Mercurius, which keeps only an
   * error's own `extensions` (a limit's RATE_LIMITED, a missing drop's NOT_FOUND).
   */
  get extensions(): { code: ErrorCode; details: unknown } {
    return { code: this.code, details: this.details };
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You are not allowed to do this") => new AppError("FORBIDDEN", message);
export const invalid = (message: string, details?: unknown) =>
  new AppError("VALIDATION_ERROR", message, details);
