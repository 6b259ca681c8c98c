import type { FastifyInstance } from "fastify";
import { jsonAjv, textAjv } from "../shared/validate.js";

/**
 * REST validates with the same two validators as GraphQL (src/shared/validate.ts): JSON
 * bodies as sent, query strings, path params and headers coerced from text.
 */
export function registerValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? jsonAjv : textAjv).compile(schema as object),
  );
}
