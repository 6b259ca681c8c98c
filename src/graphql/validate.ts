import type { Static, TSchema } from "typebox";
import { AppError } from "../shared/errors.js";
import { validator } from "../shared/validate.js";

/** GraphQL gives a left-out optional field as absent or null; REST schemas know only absent. */
function withoutNulls(o: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * A GraphQL input checked by its REST twin's TypeBox schema, with the same Ajv options
 * (src/shared/validate.ts): the same input gets the same VALIDATION_ERROR on both
 * transports. Call it where the resolvers are defined, so each schema compiles once.
 */
export function inputOf<T extends TSchema>(schema: T, what = "input") {
  const check = validator(schema, what);
  return (value: Record<string, unknown> | null | undefined): Static<T> => check(withoutNulls(value));
}

/** `first` in the message and details of an error about REST's `limit`. */
function asFirst(err: unknown): unknown {
  if (!(err instanceof AppError) || !err.message.includes("/limit")) return err;
  const details = Array.isArray(err.details)
    ? err.details.map((d: { path?: string }) => (d.path === "/limit" ? { ...d, path: "/first" } : d))
    : err.details;
  return new AppError(err.code, err.message.replaceAll("/limit", "/first"), details);
}

/**
 * A connection's arguments checked by the REST list's query schema: Relay's `first` is
 * REST's `limit` (default 20, at most 100), `after` the same opaque cursor.
 */
export function pageArgsOf<T extends TSchema>(schema: T) {
  const check = inputOf(schema, "arguments");
  return ({ first, ...rest }: Record<string, unknown>): Static<T> => {
    try {
      return check({ ...rest, limit: first });
    } catch (err) {
      throw asFirst(err);
    }
  };
}
