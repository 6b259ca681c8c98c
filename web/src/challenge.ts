import { ApiError } from "./api.ts";

/** GET /api/challenge answers the bare ALTCHA object (no envelope). */
interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * A solved proof-of-work challenge, ready for the X-Challenge header: fetched, then solved
 * in a Web Worker so the page stays responsive. `onProgress` is called only once solving has
 * taken over a second (most solve faster, and the buyer should not notice them).
 */
export async function solveChallenge(onProgress?: (fraction: number) => void): Promise<string> {
  const res = await fetch("/api/challenge", { headers: { accept: "application/json" } }).catch(() => null);
  if (!res?.ok) throw new ApiError(res?.status ?? 0, "NETWORK", "Couldn't start the bot check. Try again.");
  const c = (await res.json()) as Challenge;
  const worker = new Worker(new URL("./challenge.worker.ts", import.meta.url), { type: "module" });
  const started = performance.now();
  try {
    const number = await new Promise<number | null>((resolve, reject) => {
      worker.onerror = () => reject(new ApiError(0, "ERROR", "The bot check failed in this browser."));
      worker.onmessage = (e: MessageEvent<{ done: boolean; number?: number | null; progress?: number }>) => {
        if (e.data.done) resolve(e.data.number ?? null);
        else if (performance.now() - started > 1_000) onProgress?.(e.data.progress ?? 0);
      };
      worker.postMessage({ challenge: c.challenge, salt: c.salt, maxnumber: c.maxnumber });
    });
    if (number === null) throw new ApiError(0, "ERROR", "The bot check could not be solved. Try again.");
    const { algorithm, challenge, salt, signature } = c;
    return btoa(JSON.stringify({ algorithm, challenge, number, salt, signature }));
  } finally {
    worker.terminate();
  }
}
