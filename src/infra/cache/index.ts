/**
 * A small cache and counter store: serialised responses, rate-limit windows and other
 * ephemeral state. In-process by default, Redis when REDIS_URL is set so that every
 * server process sees the same counters. Never a reason for a request to fail: when Redis
 * is away, reads miss, writes are skipped and counters count in-process (see redis.ts).
 */
/** The operations a degraded cache answers without its store (counted in /metrics). */
export type CacheFallback = "get" | "set" | "del" | "incr";

export interface Cache {
  readonly kind: "memory" | "redis";
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Add 1 to a counter and return the new value; the window starts (and expires) with the first hit. */
  incr(key: string, windowMs: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
