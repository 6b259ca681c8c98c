import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The signature of a delivery: `LiveDrop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>" keyed by the endpoint's secret>`. The time is inside the signed text so a
 * captured delivery cannot be replayed later with a fresh time; receivers reject old ones.
 */
export const SIGNATURE_HEADER = "LiveDrop-Signature";
export const EVENT_ID_HEADER = "LiveDrop-Event-Id";

/** A new endpoint secret: 32 random bytes, prefixed so a leaked one is recognisable. */
export const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

export function sign(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * What a receiver does (the README shows the same in a snippet): recompute the HMAC over
 * the raw body, compare in constant time, and refuse a time outside the tolerance.
 */
export function verify(
  secret: string,
  body: string,
  header: string,
  opts: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || typeof parts.v1 !== "string") return false;
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const got = Buffer.from(parts.v1);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
