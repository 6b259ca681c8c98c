import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./index.js";

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../migrations");

/**
 * Apply numbered SQL files from migrations/ in order, each in its own transaction, once.
 * An advisory lock makes concurrent starts (several processes) wait for each other
 * instead of racing to apply the same file.
 */
// A migration may rewrite a big table, and waits for another process's under the lock:
// neither is a request to cut short.
const LONG = { long: true };

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  // Under the same lock as the files: two processes starting on a fresh database would
  // otherwise race to create this table.
  await db.tx(async (q) => {
    await q.query("select pg_advisory_xact_lock(hashtext(current_schema() || ':migrate'))");
    await q.exec(
      "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())",
    );
  }, LONG);
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const done = await db.tx(async (q) => {
      await q.query("select pg_advisory_xact_lock(hashtext(current_schema() || ':migrate'))");
      const seen = await q.query("select 1 from schema_migrations where version = $1", [file]);
      if (seen.rowCount > 0) return false;
      await q.exec(readFileSync(join(dir, file), "utf8"));
      await q.query("insert into schema_migrations (version) values ($1)", [file]);
      return true;
    }, LONG);
    if (done) applied.push(file);
  }
  return applied;
}
