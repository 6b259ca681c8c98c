import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { checkResponsesWith } from "../src/http/docs.js";

/**
 * Every response a test receives from an app is checked against the OpenAPI document the
 * same app publishes: its status must be declared for the route, its content type listed,
 * and a JSON body must match the schema of that status. A mismatch fails the test that
 * produced it, so the document and the code cannot drift apart.
 */

interface MediaType {
  schema?: object;
}
interface Operation {
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: object;
}

const ajv = addFormats.default(new Ajv({ strict: false, allErrors: true, validateFormats: true }));

/** Compiled lazily and shared by the apps of a test file, whose documents are the same. */
const compiled = new Map<string, ValidateFunction>();

function validatorFor(doc: OpenApiDoc, key: string, schema: object): ValidateFunction {
  const v = compiled.get(key) ?? ajv.compile({ ...schema, components: doc.components });
  compiled.set(key, v);
  return v;
}

/** The declared response of an operation for a status: exact, then `4XX`, then `default`. */
function declared(op: Operation, status: number) {
  const r = op.responses ?? {};
  return r[String(status)] ?? r[`${String(status)[0]}XX`] ?? r.default;
}

/** A short key per distinct document: apps of a file publish equal documents. */
const docIds = new WeakMap<object, number>();
const idOfText = new Map<string, number>();
function docId(doc: OpenApiDoc): number {
  let id = docIds.get(doc);
  if (id === undefined) {
    const text = JSON.stringify(doc);
    id = idOfText.get(text) ?? idOfText.size;
    idOfText.set(text, id);
    docIds.set(doc, id);
  }
  return id;
}

/** Why a response disagrees with the document, or undefined when it agrees. */
export function contractViolation(
  doc: OpenApiDoc,
  r: { method: string; route: string; status: number; contentType: string | undefined; body: unknown },
): string | undefined {
  const path = r.route.replace(/:(\w+)/g, "{$1}");
  const op = doc.paths[path]?.[r.method.toLowerCase()];
  if (!op) return undefined; // not part of the document (pages, /docs, /metrics, websockets)
  const where = `${r.method} ${path} answered ${r.status}`;
  const response = declared(op, r.status);
  if (!response) return `${where}, a status the document does not declare`;
  if (!response.content) return undefined; // no body declared (304)
  const type = r.contentType?.split(";")[0]?.trim() ?? "";
  const media = response.content[type];
  if (!media) return `${where} with content type "${type}"; declared: ${Object.keys(response.content)}`;
  if (type !== "application/json" || !media.schema) return undefined; // HTML, CSV, SSE: status and type only
  const validate = validatorFor(doc, `${docId(doc)} ${path} ${r.method} ${r.status}`, media.schema);
  if (validate(r.body)) return undefined;
  return `${where} with a body the document does not allow: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(r.body).slice(0, 500)}`;
}

/** Violations seen outside any test (in a hook), reported when the app closes. */
export const lateViolations: string[] = [];

function parse(payload: unknown): unknown {
  const text = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString() : null;
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** vitest's `expect`, loaded only under vitest: the benches import the harness for its helpers. */
let softExpect: ((v: unknown, m: string) => { toBeUndefined(): void }) | undefined;

/** Installs the check for every app built after this module is imported (see test/harness.ts). */
export function checkEveryResponse(): void {
  if (!process.env.VITEST) return;
  void import("vitest").then((m) => {
    softExpect = (v, msg) => m.expect.soft(v, msg);
  });
  checkResponsesWith((app: FastifyInstance, r) => {
    if (r.route === "/graphql") return; // GraphQL has its own schema (test/graphql.*.test.ts)
    const doc = app.swagger() as unknown as OpenApiDoc;
    const violation = contractViolation(doc, { ...r, body: parse(r.payload) });
    if (!violation) return;
    try {
      if (!softExpect) throw new Error("vitest not loaded yet");
      softExpect(violation, "response disagrees with the OpenAPI document").toBeUndefined();
    } catch {
      lateViolations.push(violation);
    }
  });
}
