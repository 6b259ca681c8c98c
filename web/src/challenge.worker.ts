/**
 * Solves an ALTCHA proof-of-work challenge off the main thread: finds `number` with
 * SHA-256(salt + number) = challenge using WebCrypto, telling progress every few thousand
 * tries so the page can show it when solving takes a while.
 */
interface Job {
  challenge: string;
  salt: string;
  maxnumber: number;
}

const ctx = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((e: MessageEvent<Job>) => void) | null;
};
const encoder = new TextEncoder();

const hex = (buf: ArrayBuffer) =>
  Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");

ctx.onmessage = async (e) => {
  const { challenge, salt, maxnumber } = e.data;
  for (let n = 0; n <= maxnumber; n++) {
    if (hex(await crypto.subtle.digest("SHA-256", encoder.encode(salt + n))) === challenge) {
      ctx.postMessage({ done: true, number: n });
      return;
    }
    if (n % 2_000 === 0) ctx.postMessage({ done: false, progress: n / maxnumber });
  }
  ctx.postMessage({ done: true, number: null });
};
