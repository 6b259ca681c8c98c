import type { FastifyInstance } from "fastify";
import { compileRefusingNul, jsonAjv, textAjv } from "../shared/validate.js";

/**
 * REST validates with the same two validators as GraphQL (src/shared/validate.ts): JSON
 * bodies as sent, query strings, path params and headers coerced from text.
 */
export function registerValidation(app: FastifyInstance): void {
  // NUL is refused everywhere (PostgreSQL cannot store it), by the same check as GraphQL's.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    compileRefusingNul(httpPart === "body" ? jsonAjv : textAjv, schema as object),
  );
  // Generated clients (openapi-fetch) send `Content-Type: application/json` on requests with
  // no body at all: that is no body, not a malformed one. A route that wants a body still
  // refuses it through its schema; anything non-empty goes through Fastify's own parser.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "") return done(null, undefined);
    return parseJson(req, body.toString(), done);
  });
}
