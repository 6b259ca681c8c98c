/**
 * Two versions of the server in the same minutes. This machine's speed swings more from one
 * minute to the next than most changes move a route, so two runs of `reads` taken one after
 * the other often cannot tell them apart (issue 16: a change worth a fifth of `/health/live`'s
 * CPU looked like noise that way). Here both run at once: the reads bench's server
 * (bench/reads.ts, its child process: production defaults, embedded, 20 live drops) from this
 * tree and from another commit (checked out in a temporary git worktree that uses this tree's
 * node_modules), each loaded in turn for a few seconds, the order alternating, for several
 * rounds. Each process's own CPU per request (Linux /proc) is what compares; req/s is shown.
 *
 * npm run bench -- compare --base <git ref> [--route live|detail|list] [--rounds 8]
 *   [--seconds 2] [--connections 100]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { arg, load, machine, withCpu } from "./lib.js";
import { CHILD, embedded, productionEnv, startChild } from "./reads.js";

const ROOT = join(import.meta.dirname, "..");
const ROUTES = ["live", "detail", "list"] as const;
type Route = (typeof ROUTES)[number];

interface Side {
  label: string;
  server: Awaited<ReturnType<typeof startChild>>;
  url: string;
  /** CPU milliseconds and requests of the counted rounds, and each round's µs per request. */
  cpuMs: number;
  requests: number;
  perRound: number[];
}

async function start(label: string, dir: string, route: Route): Promise<Side> {
  const server = await startChild(
    { ...embedded(productionEnv()), [CHILD]: "1" },
    { script: join(dir, "bench/reads.ts"), cwd: dir },
  );
  const path = {
    live: "/health/live",
    detail: `/api/drops/${server.dropId}`,
    list: "/api/drops?status=live",
  };
  return { label, server, url: server.url + path[route], cpuMs: 0, requests: 0, perRound: [] };
}

/** Load one side for `seconds`; a counted round adds its CPU and requests. */
async function round(s: Side, seconds: number, connections: number, count: boolean): Promise<void> {
  const f = await withCpu(s.server, () => load(s.label, { url: s.url, connections, duration: seconds }));
  if (f.non2xx > 0 || f.errors > 0) throw new Error(`${s.label}: ${f.non2xx} non-2xx, ${f.errors} errors`);
  if (!count) return;
  s.cpuMs += f.cpuMsPerRequest * f.total;
  s.requests += f.total;
  s.perRound.push(f.cpuMsPerRequest * 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export default async function main(args: string[]): Promise<void> {
  const base = args.includes("--base") ? args[args.indexOf("--base") + 1] : undefined;
  const route = (args.includes("--route") ? args[args.indexOf("--route") + 1] : "live") as Route;
  if (!base || !ROUTES.includes(route)) {
    throw new Error(`usage: npm run bench -- compare --base <git ref> [--route ${ROUTES.join("|")}]`);
  }
  const rounds = arg(args, "rounds", 8);
  const seconds = arg(args, "seconds", 2);
  const connections = arg(args, "connections", 100);
  const git = (...a: string[]) => execFileSync("git", a, { cwd: ROOT, encoding: "utf8" }).trim();
  const sha = git("rev-parse", "--verify", `${base}^{commit}`);
  const head = git("rev-parse", "--short", "HEAD");
  const dir = mkdtempSync(join(tmpdir(), "livedrop-compare-"));
  const sides: Side[] = [];
  try {
    git("worktree", "add", "--detach", dir, sha);
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    console.log(
      `compare on ${machine()}: ${route}, ${rounds} rounds of ${seconds} s each, ${connections} connections`,
    );
    sides.push(await start(`base ${sha.slice(0, 7)}`, dir, route));
    sides.push(
      await start(`this tree (${head}${git("status", "--porcelain") ? ", modified" : ""})`, ROOT, route),
    );
    const [a, b] = sides as [Side, Side];
    // Warm both (JIT, caches) before anything counts.
    for (const s of sides) await round(s, seconds, connections, false);
    for (let i = 0; i < rounds; i++) {
      for (const s of i % 2 === 0 ? [a, b] : [b, a]) await round(s, seconds, connections, true);
    }
    for (const s of sides) {
      const us = (s.cpuMs / s.requests) * 1000;
      const rps = s.requests / (rounds * seconds);
      console.log(
        `${s.label}: ${us.toFixed(1)} µs of CPU per request, ${Math.round(rps)} req/s; rounds ${s.perRound.map((x) => x.toFixed(0)).join(" ")}`,
      );
    }
    const ratios = b.perRound.map((x, i) => x / (a.perRound[i] as number));
    console.log(
      `this tree ÷ base, CPU per request: ${(b.cpuMs / b.requests / (a.cpuMs / a.requests)).toFixed(3)} ` +
        `(per round: median ${median(ratios).toFixed(3)}, ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`,
    );
  } finally {
    await Promise.all(sides.map((s) => s.server.stop()));
    try {
      git("worktree", "remove", "--force", dir);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      git("worktree", "prune");
    }
  }
}
