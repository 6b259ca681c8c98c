/**
 * The OpenAPI document the app serves at /docs/json, built from an in-memory app (embedded
 * database, no port, no network), for tools that want it as a file:
 *   npm run openapi:dump   -> openapi.json (Redocly lints it in .ci/run)
 *   npm run openapi:types  -> web/src/api-schema.ts (the web app's API types; a test keeps it current)
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { type OpenAPI3 } from "openapi-typescript";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra } from "../src/infra/index.js";

export const API_TYPES_FILE = fileURLToPath(new URL("../web/src/api-schema.ts", import.meta.url));

export async function openApiDocument(): Promise<object> {
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: "memory://",
    SEED_DEMO: "false",
  });
  const infra = await createInfra(config);
  try {
    const app = await buildApp(infra);
    try {
      await app.ready();
      // As a client reads it: JSON, without the undefined values of the live object.
      return JSON.parse(JSON.stringify(app.swagger())) as object;
    } finally {
      await app.close();
    }
  } finally {
    await closeInfra(infra);
  }
}

/** TypeScript types of the document, as openapi-typescript writes them (generated, not formatted). */
export async function apiTypes(doc: object): Promise<string> {
  const types = await openapiTS(JSON.parse(JSON.stringify(doc)) as OpenAPI3, {
    silent: true,
    commentHeader:
      "/**\n * Generated from the OpenAPI document by openapi-typescript: `npm run openapi:types`.\n" +
      " * Do not edit; test/contract.test.ts fails when it is out of date.\n */\n\n",
  });
  return types;
}

async function main(command: string | undefined, file: string | undefined): Promise<void> {
  const doc = await openApiDocument();
  if (command === "dump") {
    await writeFile(file ?? "openapi.json", `${JSON.stringify(doc, null, 2)}\n`);
  } else if (command === "types") {
    await writeFile(file ?? API_TYPES_FILE, await apiTypes(doc));
  } else {
    throw new Error("usage: tsx scripts/openapi.ts dump|types [file]");
  }
  console.error(
    `openapi ${command}: wrote ${file ?? (command === "dump" ? "openapi.json" : API_TYPES_FILE)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv[2], process.argv[3]);
