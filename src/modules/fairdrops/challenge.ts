import { createHmac } from "node:crypto";
import { createChallenge, extractParams, verifySolution } from "altcha-lib/v1";
import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import { AppError } from "../../shared/errors.js";
import { createChallengesRepository } from "./challenges.repository.js";
import type { Challenge } from "./fair.schemas.js";

/** How long a challenge may be solved and used: long enough for a slow phone, short enough to keep few rows. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

const refused = (why: string) =>
  new AppError(
    "CHALLENGE_REQUIRED",
    `Solve a challenge (GET /api/challenge) and send it as X-Challenge: ${why}`,
  );

/** The solution a client sends, base64 of JSON, decoded and shape-checked (never trusted before that). */
function decode(header: string): {
  algorithm: "SHA-256";
  challenge: string;
  number: number;
  salt: string;
  signature: string;
} | null {
  if (header.length > 2_000) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    return null;
  }
  const p = v as Record<string, unknown>;
  if (typeof p !== "object" || p === null) return null;
  // Only the algorithm we hand out: a client may not pick a cheaper hash.
  if (p.algorithm !== "SHA-256") return null;
  if (typeof p.challenge !== "string" || typeof p.salt !== "string" || typeof p.signature !== "string")
    return null;
  if (!Number.isSafeInteger(p.number) || (p.number as number) < 0) return null;
  return {
    algorithm: "SHA-256",
    challenge: p.challenge,
    number: p.number as number,
    salt: p.salt,
    signature: p.signature,
  };
}

/**
 * ALTCHA proof of work (v1 format). The HMAC key is derived from the app's secret, so a
 * challenge made by one process verifies in any other, and it is a different key from the
 * tokens'. A solution is good once: its signature is recorded in `spent_challenges` by an
 * insert that only one request can win, across every process.
 */
export function createChallenges(deps: { db: Db; clock: Clock; secret: string; maxNumber: number }) {
  const { clock } = deps;
  const repo = createChallengesRepository(deps.db);
  const hmacKey = createHmac("sha256", deps.secret).update("livedrop altcha v1").digest("hex");

  return {
    /** A fresh challenge, the bare object ALTCHA's widget expects. */
    async create(): Promise<Challenge> {
      const c = await createChallenge({
        hmacKey,
        maxnumber: deps.maxNumber,
        expires: new Date(clock.now().getTime() + CHALLENGE_TTL_MS),
      });
      return {
        algorithm: "SHA-256",
        challenge: c.challenge,
        maxnumber: c.maxnumber ?? deps.maxNumber,
        salt: c.salt,
        signature: c.signature,
      };
    },

    /**
     * Check a solution and spend it on `purpose` for `userId`. Missing, wrong, expired or
     * spent on anything else: CHALLENGE_REQUIRED. The same user presenting it again for the
     * same purpose (a retried request with the same Idempotency-Key, joining the same queue
     * again) gets through, so a retry gets its first answer, not a refusal.
     */
    async spend(header: string | undefined, userId: string, purpose: string): Promise<void> {
      if (!header) throw refused("none was sent");
      const payload = decode(header);
      if (!payload) throw refused("it is not base64 of the solution's JSON");
      // The expiry is ours to check against the injected clock; the library reads Date.now().
      const expires = Number(extractParams(payload).expires);
      const now = clock.now();
      if (!Number.isFinite(expires) || expires * 1000 <= now.getTime()) throw refused("it has expired");
      if (!(await verifySolution(payload, hmacKey, false))) throw refused("it is not a solution of ours");
      const row = await repo.spend(payload.signature, userId, purpose, new Date(expires * 1000));
      if (!row || row.user_id !== userId || row.purpose !== purpose) throw refused("it was already used");
    },

    /** Forget spent solutions whose challenges have expired (a batch per call); the worker calls it. */
    purge: (limit = 5_000): Promise<number> => repo.purge(clock.now(), limit),
  };
}

export type Challenges = ReturnType<typeof createChallenges>;
