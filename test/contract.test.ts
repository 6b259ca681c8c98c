import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TYPES_FILE, apiTypes } from "../scripts/openapi.js";
import type { OpenApiDoc } from "./contract.js";
import { createTestApp, type TestApp } from "./harness.js";

/** The published contracts: the OpenAPI document's shape and the GraphQL schema's descriptions. */

let t: TestApp;
let doc: OpenApiDoc;
beforeAll(async () => {
  t = await createTestApp();
  doc = JSON.parse(JSON.stringify(t.app.swagger())) as OpenApiDoc;
});
afterAll(async () => {
  await t.close();
});

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { default?: unknown };
}
interface Op {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema?: any }> }>;
}
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, Op>).map(([method, op]) => ({ name: `${method} ${path}`, op })),
  );
const op = (id: string) => {
  const found = operations().find((o) => o.op.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
};

describe("the OpenAPI document", () => {
  it("names and summarises every operation, once, in camelCase", () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((o) => !/^[a-z][a-zA-Z0-9]+$/.test(o.op.operationId ?? "")).map((o) => o.name)).toEqual(
      [],
    );
    expect(all.filter((o) => !o.op.summary?.trim()).map((o) => o.name)).toEqual([]);
    const ids = all.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(op("placeOrder")).toBeDefined();
    expect(op("listDrops")).toBeDefined();
  });

  it("lists a success and each error status of every REST operation, with the envelope and its codes", () => {
    for (const { name, op } of operations()) {
      if (name.endsWith(" /graphql")) continue;
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith("2")),
        name,
      ).toBe(true);
      expect(statuses, name).toContain("500");
      for (const status of statuses.filter((s) => Number(s) >= 400 && Number(s) !== 503)) {
        const schema = op.responses[status]?.content?.["application/json"]?.schema;
        expect(schema?.properties?.success?.enum, `${name} ${status}`).toEqual([false]);
        expect(
          schema?.properties?.error?.properties?.code?.enum?.length,
          `${name} ${status}`,
        ).toBeGreaterThan(0);
      }
    }
    const place = op("placeOrder").responses;
    expect(place["409"]?.content?.["application/json"]?.schema.properties.error.properties.code.enum).toEqual(
      expect.arrayContaining(["SOLD_OUT", "DROP_NOT_LIVE", "LIMIT_EXCEEDED", "IDEMPOTENCY_IN_PROGRESS"]),
    );
    expect(Object.keys(place)).toEqual(expect.arrayContaining(["201", "400", "401", "402", "404", "422"]));
  });

  it("requires what the server requires and nothing it fills in itself", () => {
    for (const id of ["placeOrder", "payOrder"]) {
      const key = op(id).parameters?.find((p) => p.in === "header" && p.name === "idempotency-key");
      expect(key?.required, id).toBe(true);
    }
    const requiredWithDefault = operations().flatMap(({ name, op }) =>
      (op.parameters ?? [])
        .filter((p) => p.required && p.schema?.default !== undefined)
        .map((p) => `${name} ${p.name}`),
    );
    expect(requiredWithDefault).toEqual([]);
    const drops = op("listDrops").parameters ?? [];
    expect(drops.filter((p) => p.required).map((p) => p.name)).toEqual([]);
  });

  it("describes the push stream as text/event-stream with its event names and Last-Event-ID", () => {
    const stream = op("streamNotifications");
    const body = stream.responses["200"]?.content?.["text/event-stream"];
    expect(body).toBeDefined();
    expect(body?.schema["x-event-names"]).toEqual(
      expect.arrayContaining(["welcome", "order.confirmed", "stock.changed", "drop.started"]),
    );
    const header = stream.parameters?.find((p) => p.in === "header" && p.name === "last-event-id");
    expect(header?.required).toBe(false);
  });

  it("is what the web app's generated API types were made from (npm run openapi:types)", async () => {
    const committed = await readFile(API_TYPES_FILE, "utf8");
    expect(committed === (await apiTypes(doc)), "web/src/api-schema.ts is stale: npm run openapi:types").toBe(
      true,
    );
  });
});

describe("the GraphQL schema", () => {
  it("describes every type and every field", () => {
    // Duck-typed: vitest may load a second copy of graphql-js, so instanceof cannot be trusted.
    interface Described {
      name: string;
      description?: string | null;
    }
    const schema = (t.app as unknown as { graphql: { schema: { getTypeMap(): Record<string, unknown> } } })
      .graphql.schema;
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap()) as (Described & {
      getFields?: () => Record<string, Described>;
    })[]) {
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name))
        continue;
      if (!type.description?.trim()) missing.push(type.name);
      for (const f of Object.values(type.getFields?.() ?? {}))
        if (!f.description?.trim()) missing.push(`${type.name}.${f.name}`);
    }
    expect(missing).toEqual([]);
  });
});
