/**
 * Who wins a hyped drop: honest buyers against a bot farm, on an open drop and on a
 * protected queue drop, through the real server. PostgreSQL + Redis + NATS (DATABASE_URL,
 * REDIS_URL, NATS_URL, defaults: the local servers), a fresh schema and namespace, one
 * `livedrop serve` and one `livedrop worker` (the admission job), NODE_ENV=production.
 * Every join, ticket read, admission, pass and order is the real one; the bench only plays
 * the people and the farm.
 *
 * Scenarios, each on a drop of its own of --units (100) with a limit of one per account:
 *  (i)   open drop, no bot protection: the farm's accounts all order the moment it goes live;
 *  (ii)  queue drop with botProtection, the farm firing its joins in the start second, as it
 *        did on the open drop;
 *  (iii) the same drop, the farm joining early at random times like the honest buyers (its
 *        best answer to the queue, since arriving early gives no edge).
 * Printed per scenario: units sold, the honest and bot shares, the accounts each group
 * used, and the proof of work each group solved (SHA-256 hashes tried, and the CPU seconds
 * this machine burned on them).
 *
 * The model's assumptions:
 * - --honest (500) honest buyers, one account each, arrive uniformly over the 15 minutes
 *   before the start. Those 15 minutes are compressed into --window seconds (15; the room is
 *   open from 15 real minutes before the start, so it is open throughout). From the start
 *   on the clock runs at real speed: admission at the drop's admitPerSecond (50, the
 *   default), passes of 120 s (the default), the worker ticking each second.
 * - An honest buyer follows the web app: on a queue drop they join on arrival, poll their
 *   ticket as `retryAfterMs` says, and once admitted (or, on the open drop, once it is live)
 *   order after a human delay uniform in 1-3 s (seeing the change, clicking, the app's
 *   proof of work which it solves unnoticed). They retry a 409/429/503 a second later and
 *   stop at SOLD_OUT, LIMIT_EXCEEDED or a closed ticket.
 * - The farm has --bots (1,000) accounts (registered beforehand, their cost not counted)
 *   and reacts in no time: it orders or joins within the start second (uniform in
 *   [startsAt, startsAt + 1 s)), polls its tickets every 200 ms, orders the instant one is
 *   admitted, and retries every 100 ms until the same stops.
 * - Proof of work: every join and order on a protected drop carries a real ALTCHA solution
 *   of a challenge from `GET /api/challenge` (CHALLENGE_MAX_NUMBER at its default), found
 *   with node:crypto SHA-256 by brute force on two threads. All of them are solved before
 *   the window opens: a challenge stays good for 5 minutes, so a farm stockpiles solutions
 *   before the start, and the honest buyers' browsers solve theirs in parallel on their own
 *   devices, so neither pays the solving in time here; each group's cost is the hashes and
 *   CPU counted for it. The farm's compute is not capped: at this size it needs minutes of
 *   one core, which any farm has.
 * - Everything comes from 127.0.0.1, so the per-address rate limits are raised out of the
 *   way (a farm rotates addresses through proxies; honest buyers are on addresses of their
 *   own); the per-account limits stay at their defaults. Admission control (OVERLOAD) is at
 *   its default (on).
 * Options: --units, --honest, --bots, --window (seconds), --only open|start|early.
 */
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { Db } from "../src/infra/db/index.js";
import { createPgDb } from "../src/infra/db/pg.js";
import { newId } from "../src/shared/ids.js";
import { http, insertCreator, insertDrop } from "../test/factories.js";
import { freshSchemaUrl, uniqueName } from "../test/harness.js";
import { spawnWorker } from "../test/push.client.js";
import { arg, benchSecrets, DEFAULT_PG, machine, signToken, startServer } from "./lib.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const sleepUntil = (at: number) => sleep(at - Date.now());
const uniform = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** Brute force of ALTCHA v1, in a thread: the number with SHA-256(salt + number) = challenge. */
const SOLVER = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
parentPort.on("message", (list) => {
  parentPort.postMessage(list.map((c) => {
    for (let n = 0; n <= c.maxnumber; n++) {
      if (createHash("sha256").update(c.salt + n).digest("hex") === c.challenge) return n;
    }
    return -1;
  }));
});`;

/**
 * Fetch `n` challenges from the server and solve them on the solver threads. Returns the
 * X-Challenge headers, the hashes tried (number + 1 each) and the CPU seconds the bench
 * process burned meanwhile (its main thread only waits, so that is the solving).
 */
async function solveMany(
  url: string,
  solvers: Worker[],
  n: number,
): Promise<{ headers: string[]; hashes: number; cpuSeconds: number }> {
  const challenges: Challenge[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async () => {
        // A busy server sheds with 503 (admission control): ask again, as the widget would.
        for (let attempt = 0; ; attempt++) {
          const r = await fetch(`${url}/api/challenge`);
          if (r.ok) return (await r.json()) as Challenge;
          if (attempt >= 50) throw new Error(`GET /api/challenge answered ${r.status}`);
          await sleep(200);
        }
      }),
    );
    challenges.push(...batch);
  }
  const cpu0 = process.cpuUsage();
  const share = Math.ceil(n / solvers.length);
  const parts = await Promise.all(
    solvers.map(
      (w, k) =>
        new Promise<number[]>((resolve) => {
          w.once("message", resolve);
          w.postMessage(challenges.slice(k * share, (k + 1) * share));
        }),
    ),
  );
  const cpu = process.cpuUsage(cpu0);
  const numbers = parts.flat();
  if (numbers.some((x) => x < 0)) throw new Error("a challenge had no solution below its maxnumber");
  return {
    headers: challenges.map((c, i) =>
      Buffer.from(
        JSON.stringify({
          algorithm: c.algorithm,
          challenge: c.challenge,
          number: numbers[i],
          salt: c.salt,
          signature: c.signature,
        }),
      ).toString("base64"),
    ),
    hashes: numbers.reduce((s, x) => s + x + 1, 0),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

async function accounts(db: Db, n: number, name: string): Promise<string[]> {
  const ids = Array.from({ length: n }, () => newId());
  await db.query(
    `insert into users (id, name, email, password_hash, created_at, updated_at)
     select id, $2, null, 'x', now(), now() from unnest($1::uuid[]) as t(id)`,
    [ids, name],
  );
  return ids;
}

type Kind = "open" | "start" | "early";

/** One buyer's attempt to order: done when it bought or can no longer buy. */
async function buy(
  url: string,
  token: string,
  dropId: string,
  proof: { pass?: string; challenge?: string },
  retryMs: number,
  until: number,
): Promise<void> {
  // One key for the attempt: a retry of a request that got through reaches its stored answer.
  const key = randomUUID();
  while (Date.now() < until) {
    const r = await http(url, "POST", "/api/orders", {
      token,
      headers: {
        "idempotency-key": key,
        ...(proof.pass ? { "x-drop-pass": proof.pass } : {}),
        ...(proof.challenge ? { "x-challenge": proof.challenge } : {}),
      },
      body: { dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
    }).catch(() => ({ status: 0, body: undefined as any, headers: new Headers() }));
    if (r.status === 201) return;
    const code = r.body?.error?.code as string | undefined;
    // Not live yet, busy, limited or in progress: try again. Anything else (SOLD_OUT,
    // LIMIT_EXCEEDED, a pass refused) is final.
    if (
      r.status === 0 ||
      r.status === 429 ||
      r.status === 503 ||
      code === "DROP_NOT_LIVE" ||
      code === "IDEMPOTENCY_IN_PROGRESS"
    ) {
      // A per-account limit says when its window ends: hammering before that only adds 429s.
      const after = r.status === 429 ? Number(r.headers.get("retry-after") ?? 1) * 1_000 : 0;
      await sleep(Math.min(Math.max(retryMs, after), until - Date.now()));
      continue;
    }
    return;
  }
}

/** Wait in line (polling every `pollMs`, or as the server says), then buy with the pass. */
async function queueBuyer(
  url: string,
  token: string,
  dropId: string,
  o: {
    joinAt: number;
    join: string;
    order: string;
    pollMs?: number;
    reactMs: () => number;
    retryMs: number;
    until: number;
  },
): Promise<boolean> {
  await sleepUntil(o.joinAt);
  // A busy answer is tried again with the same solution: spent on this queue by this
  // account, it is good for its retries.
  for (;;) {
    const j = await http(url, "POST", `/api/drops/${dropId}/queue`, {
      token,
      headers: { "x-challenge": o.join },
    }).catch(() => undefined);
    if (j?.status === 200) break;
    if ((j && j.status !== 503 && j.status !== 429) || Date.now() > o.until) return false;
    await sleep(o.retryMs);
  }
  while (Date.now() < o.until) {
    const t = await http(url, "GET", `/api/drops/${dropId}/queue/me`, { token }).catch(() => undefined);
    const ticket = t?.status === 200 ? t.data : undefined;
    if (ticket?.state === "admitted" && ticket.pass) {
      await sleep(o.reactMs());
      await buy(url, token, dropId, { pass: ticket.pass, challenge: o.order }, o.retryMs, o.until);
      return true;
    }
    if (ticket && ticket.state !== "waiting") return true; // closed, expired
    await sleep(o.pollMs ?? ticket?.retryAfterMs ?? 1_000);
  }
  return true;
}

interface Outcome {
  scenario: string;
  units: number;
  sold: number;
  honest: number;
  bots: number;
  honestAccounts: number;
  botAccounts: number;
  honestHashes: number;
  botHashes: number;
  honestCpu: number;
  botCpu: number;
}

export default async function main(args: string[]): Promise<void> {
  const units = arg(args, "units", 100);
  const honestN = arg(args, "honest", 500);
  const botN = arg(args, "bots", 1_000);
  const windowS = arg(args, "window", 15);
  const only = args.includes("--only") ? (args[args.indexOf("--only") + 1] as Kind) : undefined;
  const kinds: Kind[] = only ? [only] : ["open", "start", "early"];
  const schema = await freshSchemaUrl(process.env.DATABASE_URL || DEFAULT_PG);
  const secrets = benchSecrets();
  const raise = "100000000";
  const env = {
    NODE_ENV: "production",
    ...secrets,
    DATABASE_URL: schema.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    NATS_URL: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    LIVEDROP_NAMESPACE: uniqueName("bench"),
    SEED_DEMO: "false",
    // Every simulated client is on 127.0.0.1: per-address limits out of the way, per-account at their defaults.
    RATE_LIMIT_ORDERS_PER_ADDRESS: raise,
    RATE_LIMIT_PAYMENTS_PER_ADDRESS: raise,
    RATE_LIMIT_CONNECTIONS_PER_ADDRESS: raise,
    RATE_LIMIT_GRAPHQL_PER_ADDRESS: raise,
  };
  console.log(
    `fairness bench on ${machine()}; PostgreSQL + Redis + NATS, 1 server + 1 worker (NODE_ENV=production); ` +
      `${units} units, ${honestN} honest buyers over ${windowS} s (the 15 minutes before the start), ` +
      `a farm of ${botN} accounts`,
  );
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  const solvers: Worker[] = [];
  const db = createPgDb(schema.url, 2);
  const outcomes: Outcome[] = [];
  try {
    server = await startServer(["src/cli.ts", "serve"], env);
    worker = await spawnWorker(env);
    const url = server.url;
    for (let i = 0; i < 2; i++) solvers.push(new Worker(SOLVER, { eval: true }));
    const creatorId = await insertCreator(db);

    for (const kind of kinds) {
      const protectedDrop = kind !== "open";
      const honestIds = await accounts(db, honestN, "Honest");
      const botIds = await accounts(db, botN, "Bot");
      const token = (id: string) => signToken(id, secrets.JWT_SECRET);
      // Two solutions per account on the protected drop: the join and the order.
      const honestPow = protectedDrop
        ? await solveMany(url, solvers, honestN * 2)
        : { headers: [], hashes: 0, cpuSeconds: 0 };
      const botPow = protectedDrop
        ? await solveMany(url, solvers, botN * 2)
        : { headers: [], hashes: 0, cpuSeconds: 0 };

      console.log(
        `${kind}: ${protectedDrop ? `${(honestN + botN) * 2} challenges solved; ` : ""}window of ${windowS} s opens`,
      );
      const windowStart = Date.now() + 500;
      const startsAt = windowStart + windowS * 1_000;
      const { dropId } = await insertDrop(db, {
        creatorId,
        stock: units,
        perUserLimit: 1,
        startsAt: new Date(startsAt),
        endsAt: new Date(startsAt + 3_600_000),
      });
      await db.query("update drops set access = $2, bot_protection = $3 where id = $1", [
        dropId,
        protectedDrop ? "queue" : "open",
        protectedDrop,
      ]);
      // Everyone is done well before this: the admission and the orders take seconds.
      const until = startsAt + 60_000;
      const react = () => uniform(1_000, 3_000);
      const startSecond = () => uniform(startsAt, startsAt + 1_000);
      const inWindow = () => uniform(windowStart, startsAt);
      const actors: Promise<unknown>[] = [];
      for (const [i, id] of honestIds.entries()) {
        actors.push(
          protectedDrop
            ? queueBuyer(url, token(id), dropId, {
                joinAt: inWindow(),
                join: honestPow.headers[2 * i] as string,
                order: honestPow.headers[2 * i + 1] as string,
                reactMs: react,
                retryMs: 1_000,
                until,
              })
            : sleepUntil(startsAt + react()).then(() => buy(url, token(id), dropId, {}, 1_000, until)),
        );
      }
      for (const [i, id] of botIds.entries()) {
        actors.push(
          protectedDrop
            ? queueBuyer(url, token(id), dropId, {
                joinAt: kind === "early" ? inWindow() : startSecond(),
                join: botPow.headers[2 * i] as string,
                order: botPow.headers[2 * i + 1] as string,
                pollMs: 200,
                reactMs: () => 0,
                retryMs: 100,
                until,
              })
            : sleepUntil(startSecond()).then(() => buy(url, token(id), dropId, {}, 100, until)),
        );
      }
      await Promise.all(actors);
      const won = new Map(
        (
          await db.query<{ user_id: string; n: number }>(
            "select user_id, sum(quantity)::int as n from orders where drop_id = $1 and status = 'confirmed' group by user_id",
            [dropId],
          )
        ).rows.map((r) => [r.user_id, r.n]),
      );
      const sum = (ids: string[]) => ids.reduce((s, id) => s + (won.get(id) ?? 0), 0);
      outcomes.push({
        scenario:
          kind === "open"
            ? "(i) open drop"
            : kind === "start"
              ? "(ii) queue + botProtection, farm in the start second"
              : "(iii) queue + botProtection, farm joins early",
        units,
        sold: [...won.values()].reduce((s, n) => s + n, 0),
        honest: sum(honestIds),
        bots: sum(botIds),
        honestAccounts: honestN,
        botAccounts: botN,
        honestHashes: honestPow.hashes,
        botHashes: botPow.hashes,
        honestCpu: honestPow.cpuSeconds,
        botCpu: botPow.cpuSeconds,
      });
    }
    const pctOf = (n: number, of: number) => `${of ? ((n / of) * 100).toFixed(0) : 0}%`;
    console.table(
      outcomes.map((o) => ({
        scenario: o.scenario,
        units: o.units,
        sold: o.sold,
        "honest units (share)": `${o.honest} (${pctOf(o.honest, o.sold)})`,
        "bot units (share)": `${o.bots} (${pctOf(o.bots, o.sold)})`,
        "accounts honest / bots": `${o.honestAccounts} / ${o.botAccounts}`,
      })),
    );
    if (!outcomes.some((o) => o.botHashes > 0)) return;
    console.log("proof of work solved (before the window; 2 solver threads, node:crypto):");
    console.table(
      outcomes
        .filter((o) => o.botHashes > 0)
        .map((o) => ({
          scenario: o.scenario,
          "honest: M hashes, CPU s": `${(o.honestHashes / 1e6).toFixed(1)}, ${o.honestCpu.toFixed(1)}`,
          "honest CPU s per account": (o.honestCpu / o.honestAccounts).toFixed(3),
          "farm: M hashes, CPU s": `${(o.botHashes / 1e6).toFixed(1)}, ${o.botCpu.toFixed(1)}`,
          "farm CPU s per unit won": o.bots ? (o.botCpu / o.bots).toFixed(2) : "-",
        })),
    );
  } finally {
    await Promise.all(solvers.map((w) => w.terminate()));
    await worker?.stop().catch(() => {});
    await server?.stop().catch(() => {});
    await db.close();
    await schema.drop();
  }
}
