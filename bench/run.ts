/**
 * `npm run bench -- <name> [args]` runs bench/<name>.ts. Each scenario prints its figures
 * beside a baseline measured in the same run: this machine is noisy, ratios matter more
 * than absolute numbers. Nothing here is asserted by the tests.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(import.meta.dirname)
  // a scenario's helpers (messages.children.ts) are not scenarios
  .filter((f) => /^[^.]+\.ts$/.test(f) && !["run.ts", "lib.ts"].includes(f) && !f.startsWith("naive"))
  .map((f) => f.replace(/\.ts$/, ""));

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join("|")}> [args]`);
  process.exit(name ? 2 : 0);
}
const mod = (await import(join(import.meta.dirname, `${name}.ts`))) as {
  default: (args: string[]) => Promise<void>;
};
await mod.default(args);
process.exit(0);
