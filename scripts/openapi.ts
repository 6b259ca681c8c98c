/**
 * `npm run openapi:dump [-- file]`: the OpenAPI document the app serves at /docs/json, built
 * from an in-memory app (embedded database, no port, no network) and written to a file
 * (default openapi.json) for linting and client generation. Exits when written.
 */
import { writeFile } from "node:fs/promises";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { closeInfra, createInfra } from "../src/infra/index.js";

export async function openApiDocument(): Promise<Record<string, unknown>> {
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
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await closeInfra(infra);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? "openapi.json";
  await writeFile(file, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
  console.error(`wrote ${file}`);
}
