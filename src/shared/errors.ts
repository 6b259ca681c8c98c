/**
 * Domain errors with stable codes. Services throw these; REST and GraphQL each map them
 * to their transport in one place (see src/http/envelope.ts). Services never import HTTP.
 */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "EMAIL_TAKEN"
  | "HANDLE_TAKEN"
  | "ALREADY_CREATOR"
  | "SELF_FOLLOW"
  | "SOLD_OUT"
  | "DROP_NOT_LIVE"
  | "DROP_NOT_EDITABLE"
  | "LIMIT_EXCEEDED"
  | "INVALID_STATE"
  | "PAYMENT_FAILED"
  | "IDEMPOTENCY_KEY_REQUIRED"
  | "IDEMPOTENCY_IN_PROGRESS"
  | "IDEMPOTENCY_KEY_REUSED"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "INTERNAL";

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  HANDLE_TAKEN: 409,
  ALREADY_CREATOR: 409,
  SELF_FOLLOW: 400,
  SOLD_OUT: 409,
  DROP_NOT_LIVE: 409,
  DROP_NOT_EDITABLE: 409,
  LIMIT_EXCEEDED: 409,
  INVALID_STATE: 409,
  PAYMENT_FAILED: 402,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  /** The HTTP status a transport should use for this code. */
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "You are not allowed to do this") => new AppError("FORBIDDEN", message);
export const invalid = (message: string, details?: unknown) =>
  new AppError("VALIDATION_ERROR", message, details);
