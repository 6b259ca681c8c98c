import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
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

/**
 * Whether a value holds U+0000 in any string or key. PostgreSQL's text and jsonb cannot
 * store it (22021, 22P05): refused as input rather than failing in the database. Iterative,
 * since a body may nest thousands of levels deep.
 */
export function hasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.includes("\u0000")) return true;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (v !== null && typeof v === "object") {
      // for-in, not Object.entries: this runs on every request's params and body, and the
      // pairs array cost ~1% of a cached read's CPU. Own keys only, as entries gave: an
      // inherited one (a polluted prototype) must not be walked, nor walked forever.
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (k.includes("\u0000")) return true;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return false;
}

const NUL_ERROR: ErrorObject = {
  keyword: "nul",
  instancePath: "",
  schemaPath: "#",
  params: {},
  message: "must not contain the NUL character (U+0000)",
};

/** A compiled schema that also refuses NUL anywhere in the value (see hasNul). */
export function compileRefusingNul(ajv: Ajv, schema: object): ValidateFunction {
  const check = ajv.compile(schema);
  const validate = ((data: unknown) => {
    if (!check(data)) {
      validate.errors = check.errors;
      return false;
    }
    validate.errors = hasNul(data) ? [NUL_ERROR] : null;
    return !validate.errors;
  }) as ValidateFunction;
  return validate;
}

/** What REST lists under `error.details` for a refused input, and GraphQL under `extensions.details`. */
export const validationDetails = (errors: ErrorObject[]) =>
  errors.map((v) => ({ path: v.instancePath || "/", message: v.message, params: v.params }));

/**
 * A checker for one schema, compiled once (at module load, not per request): it returns
 * the value with the schema's defaults applied, or throws the VALIDATION_ERROR REST would
 * answer. `what` names the value in the message ("input", "arguments").
 */
export function validator<T extends TSchema>(schema: T, what = "input"): (value: unknown) => Static<T> {
  const check = compileRefusingNul(jsonAjv, schema as object);
  return (value) => {
    if (check(value)) return value as Static<T>;
    const errors = check.errors ?? [];
    const message = errors.map((e) => `${what}${e.instancePath} ${e.message}`).join(", ");
    throw new AppError("VALIDATION_ERROR", `Invalid ${what}: ${message}`, validationDetails(errors));
  };
}
