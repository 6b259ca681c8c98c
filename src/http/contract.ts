import type { FastifySchema, RouteOptions } from "fastify";
import { type TSchema, Type } from "typebox";
import { AppError, type ErrorCode } from "../shared/errors.js";
import { isServiceTokenHook, optionalUser, requireToken, requireUser } from "./auth.js";
import { statusOf } from "./envelope.js";
import { admitsOverload } from "./overload.js";

/**
 * The error half of the published contract. Routes list the codes only they can answer
 * (`...errors("SOLD_OUT", "NOT_FOUND")`); `documentRoute` adds what every route of a kind
 * can answer (bad input, a missing token, an unexpected failure), so the OpenAPI document
 * lists every status a route gives, each with the codes it can carry.
 */

/** The error envelope of one status, its `code` narrowed to the codes that status carries. */
export function ErrorResponse(codes: readonly ErrorCode[]) {
  const sorted = [...new Set(codes)].sort();
  return Type.Object(
    {
      success: Type.Literal(false),
      error: Type.Object({
        code: Type.Unsafe<ErrorCode>({ type: "string", enum: sorted }),
        message: Type.String(),
        details: Type.Optional(Type.Unknown()),
      }),
    },
    { description: `Refused: ${sorted.join(", ")}` },
  );
}

/** Response schemas for these error codes, one per status. */
export function errors(...codes: ErrorCode[]): Record<number, ReturnType<typeof ErrorResponse>> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = statusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, cs]) => [status, ErrorResponse(cs)]));
}

/** The codes of an error response built by `ErrorResponse`, or undefined for any other schema. */
function codesOf(schema: unknown): ErrorCode[] | undefined {
  const code = (schema as { properties?: { error?: { properties?: { code?: { enum?: ErrorCode[] } } } } })
    ?.properties?.error?.properties?.code;
  return code?.enum;
}

type Auth = "none" | "user" | "optional" | "service";

/** How a route authenticates, read from its own hooks (so the document cannot disagree). */
function authOf(route: RouteOptions): Auth {
  const hooks = [route.preValidation, route.preHandler, route.onRequest].flat().filter(Boolean);
  if (route.url.startsWith("/internal/") || hooks.some(isServiceTokenHook)) return "service";
  if (hooks.includes(optionalUser)) return "optional";
  if (hooks.includes(requireUser) || hooks.includes(requireToken)) return "user";
  return "none";
}

const SECURITY: Record<Auth, FastifySchema["security"]> = {
  none: [],
  user: [{ bearer: [] }],
  optional: [{}, { bearer: [] }],
  service: [{ serviceToken: [] }],
};

const hasInput = (s: FastifySchema) => Boolean(s.body || s.querystring || s.params || s.headers);

/** A schema property with a default may be left out: the validator fills it in. */
function defaultsOptional(schema: unknown): unknown {
  const s = schema as { properties?: Record<string, { default?: unknown }>; required?: string[] };
  if (!s?.properties || !s.required) return schema;
  const props = s.properties;
  const required = s.required.filter((k) => props[k]?.default === undefined);
  return required.length === s.required.length ? schema : { ...s, required };
}

/** Whether the route requires the header (it then answers its own code when the header is missing). */
const requiresHeader = (s: FastifySchema, name: string) =>
  Boolean((s.headers as { required?: string[] } | undefined)?.required?.includes(name));

/** The responses the document lists for a route (`documentRoute` keeps them in its config). */
export const documentedResponses = (config: unknown) =>
  (config as { openapiResponses?: Record<string, unknown> } | undefined)?.openapiResponses;

/**
 * Completes a route's schema before it is compiled and published: security from its auth
 * hooks, the generic error responses merged into its own, parameters with defaults made
 * optional, and a missing Idempotency-Key answered with its own code.
 */
export function documentRoute(route: RouteOptions): void {
  const schema: FastifySchema = route.schema ?? {};
  if (schema.hide || route.websocket) return;
  const auth = authOf(route);
  schema.security ??= SECURITY[auth];
  // Any route may meet a database outage: a 503 to retry after `Retry-After`; and any but
  // the health checks and /metrics may be refused past capacity (src/http/overload.ts).
  const generic: ErrorCode[] = ["INTERNAL", "UNAVAILABLE"];
  if (admitsOverload(route.config)) generic.push("OVERLOADED");
  const body = Boolean(schema.body || route.config?.openapiBody);
  if (hasInput(schema) || body) generic.push("VALIDATION_ERROR");
  if (body) generic.push("PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE");
  if (auth !== "none" || (schema.security?.length ?? 0) > 0) generic.push("UNAUTHENTICATED");
  if (auth === "service") generic.push("FORBIDDEN");
  // An alias of a documented route (seed-aliases.ts) arrives with its twin's responses.
  const response = {
    ...(documentedResponses(route.config) as Record<string, TSchema> | undefined),
    ...(schema.response as Record<string, TSchema> | undefined),
  };
  for (const [status, merged] of Object.entries(errors(...generic))) {
    const own = codesOf(response[status]);
    // A route's own body for that status (readiness's 503) is what it answers: keep it.
    if (response[status] && !own) continue;
    response[status] = own ? ErrorResponse([...own, ...(codesOf(merged) ?? [])]) : merged;
  }
  // Only the document gets the error schemas: the error handler shapes those bodies, so the
  // runtime (validation, serializers) stays exactly as the route declared it.
  schema.response = Object.fromEntries(Object.entries(response).filter(([, s]) => !codesOf(s)));
  route.config = { ...route.config, openapiResponses: response } as typeof route.config;
  for (const part of ["querystring", "headers"] as const) {
    if (schema[part]) schema[part] = defaultsOptional(schema[part]);
  }
  if (requiresHeader(schema, "idempotency-key")) route.schemaErrorFormatter ??= idempotencyKeyFirst;
  route.schema = schema;
}

/** A missing Idempotency-Key is its own error code, not a generic validation error. */
function idempotencyKeyFirst(
  errs: { keyword?: string; instancePath?: string; params?: Record<string, unknown>; message?: string }[],
  context: string,
): Error {
  if (
    context === "headers" &&
    errs.some((e) => e.keyword === "required" && e.params?.missingProperty === "idempotency-key")
  ) {
    return new AppError(
      "IDEMPOTENCY_KEY_REQUIRED",
      "Send an Idempotency-Key header (e.g. a UUID) with this request",
    );
  }
  // Fastify's own message for everything else.
  return new Error(errs.map((e) => `${context}${e.instancePath ?? ""} ${e.message}`).join(", "));
}
