import { createHash } from "node:crypto";

/** An ALTCHA v1 challenge as `GET /api/challenge` answers it. */
export interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * Solve a challenge the way a browser does, with node's SHA-256 (altcha-lib's JS solver is
 * slow): the `X-Challenge` value, base64 of the JSON solution.
 */
export function solve(c: Challenge): string {
  for (let n = 0; n <= c.maxnumber; n++) {
    if (
      createHash("sha256")
        .update(c.salt + n)
        .digest("hex") === c.challenge
    ) {
      const { algorithm, challenge, salt, signature } = c;
      return Buffer.from(JSON.stringify({ algorithm, challenge, number: n, salt, signature })).toString(
        "base64",
      );
    }
  }
  throw new Error("unsolvable challenge");
}
