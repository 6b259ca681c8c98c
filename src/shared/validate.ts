import { Ajv, type ErrorObject, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { Static, TSchema } from "typebox";
import { AppError } from "./errors.js";

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/**
 * The two validators every transport uses. JSON values (REST bodies, GraphQL arguments) are
 * taken as sent, so `{"quantity": "2"}` is refused instead of silently converted; text
 * (query strings, path params, headers) is coerced ("20" -> 20).
 */
export const jsonAjv = addFormats.default(new Ajv({ ...base, coerceTypes: false }));
export const textAjv = addFormats.default(new Ajv({ ...base, coerceTypes: "array" }));

/** What REST lists under `error.details` for a refused input, and GraphQL under `extensions.details`. */
export const validationDetails = (errors: ErrorObject[]) =>
  errors.map((v) => ({ path: v.instancePath || "/", message: v.message, params: v.params }));

/**
 * A checker for one schema, compiled once (at module load, not per request): it returns
 * the value with the schema's defaults applied, or throws the VALIDATION_ERROR REST would
 * answer. `what` names the value in the message ("input", "arguments").
 */
export function validator<T extends TSchema>(schema: T, what = "input"): (value: unknown) => Static<T> {
  const check = jsonAjv.compile(schema as object);
  return (value) => {
    if (check(value)) return value as Static<T>;
    const errors = check.errors ?? [];
    const message = errors.map((e) => `${what}${e.instancePath} ${e.message}`).join(", ");
    throw new AppError("VALIDATION_ERROR", `Invalid ${what}: ${message}`, validationDetails(errors));
  };
}
