import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { type Bus, publishTo, subscribeTo } from "../../infra/bus/index.js";
import type { Cache } from "../../infra/cache/index.js";
import type { Metrics } from "../../infra/metrics.js";
import type { Clock } from "../../shared/clock.js";
import { CATALOG_INVALIDATE } from "./catalog.events.js";

/**
 * A value serialised once, with its ETag. The cache knows no transport: REST wraps the JSON
 * in its envelope (src/http/envelope.ts `okJson`), GraphQL caches its own answers in it.
 */
export interface CachedResponse {
  json: string;
  etag: string;
}

interface Entry extends CachedResponse {
  /** Clock time (ms) after which the entry must not be served: TTL or a status boundary. */
  validUntil: number;
  /** A reload could not extend it (a status boundary caps it): let it expire, do not refresh ahead. */
  final?: boolean;
}

export interface Fill {
  data: unknown;
  /** How long the answer may be served, counted from before it was read. */
  ttlMs: number;
}

const GEN_KEY = "catalog:gen";
const YEAR_MS = 365 * 24 * 3_600_000;
/** How often a process re-reads the shared generation, in case it missed a bus message. */
const GEN_POLL_MS = 1_000;
/**
 * A hot entry this close to expiry is reloaded in the background while it is still served,
 * so readers of a hot key never queue behind a reload (each second for stock).
 */
const REFRESH_AHEAD_MS = 200;

/**
 * Serialised responses in two layers: an in-process LRU in front of the shared cache
 * (Redis when configured; with the in-process cache there is only the LRU).
 *
 * Invalidation is by generation: every key carries the catalog's generation number and a
 * write bumps it, so one bump retires every detail and every page of every list at once;
 * lists have too many keys (status x creator x cursor) to delete one by one. The writer's
 * process switches at once; others hear it on the bus, and re-read the shared number at
 * least every second in case a message was lost. Catalog writes are rare next to reads,
 * so retiring everything on a write costs little. A load that was running when the
 * generation moved may have read the old rows, so its answer is returned but not kept.
 */
export function createResponseCache(deps: { cache: Cache; bus: Bus; clock: Clock; metrics: Metrics }) {
  const { cache, bus, clock, metrics } = deps;
  const shared = cache.kind !== "memory";
  const local = new LRUCache<string, Entry>({ max: 20_000 });
  const inflight = new Map<string, Promise<{ entry: Entry; shared: boolean }>>();
  let gen = 0;
  let genLoaded = !shared;
  let lastPoll = 0;

  const adopt = (g: unknown) => {
    const n = Number(g);
    if (Number.isFinite(n) && n > gen) gen = n;
  };
  const pollGen = async () => {
    try {
      adopt(await cache.get(GEN_KEY));
    } catch {
      // The shared cache is down: keep the generation we have; the bus still moves it.
    }
  };
  const subscribed = subscribeTo(bus, CATALOG_INVALIDATE, (m) => adopt(m.gen)).catch(() => undefined);

  const count = (name: string, result: "hit" | "miss") => metrics.cacheRequests.inc({ cache: name, result });

  const readShared = async (key: string, newerThan: number): Promise<Entry | undefined> => {
    try {
      const raw = await cache.get(key);
      const e = raw ? (JSON.parse(raw) as Entry) : undefined;
      const ok = e !== undefined && e.validUntil > newerThan;
      count("catalog_shared", ok ? "hit" : "miss");
      return ok ? e : undefined;
    } catch {
      return undefined;
    }
  };

  /** Read through to the shared cache, then to `load`; `shared` says where the answer came from. */
  const fill = async (
    key: string,
    load: () => Promise<Fill>,
    replacing?: Entry,
  ): Promise<{ entry: Entry; shared: boolean }> => {
    const startedGen = gen;
    const started = clock.now().getTime();
    const found = shared ? await readShared(key, replacing?.validUntil ?? started) : undefined;
    let entry = found;
    if (!entry) {
      const { data, ttlMs } = await load();
      entry = { ...serialise(data), validUntil: started + Math.max(1, ttlMs) };
      if (replacing && entry.validUntil <= replacing.validUntil) entry.final = true;
    }
    const ttl = entry.validUntil - clock.now().getTime();
    if (ttl > 0 && gen === startedGen) {
      local.set(key, entry, { ttl });
      if (shared && !found) cache.set(key, JSON.stringify(entry), ttl).catch(() => {});
    }
    return { entry, shared: found !== undefined };
  };

  return {
    /** The cached value for `key`, else `load` it; concurrent misses share one load. */
    async get(name: string, key: string, load: () => Promise<Fill>): Promise<CachedResponse> {
      if (shared) {
        if (!genLoaded) {
          await pollGen();
          genLoaded = true;
          lastPoll = Date.now();
        } else if (Date.now() - lastPoll > GEN_POLL_MS) {
          lastPoll = Date.now();
          void pollGen();
        }
      }
      const full = `catalog:${gen}:${key}`;
      const hit = local.get(full);
      const now = clock.now().getTime();
      if (hit && hit.validUntil > now) {
        count(name, "hit");
        if (hit.validUntil - now < REFRESH_AHEAD_MS && !hit.final && !inflight.has(full)) {
          const refresh = fill(full, load, hit).finally(() => inflight.delete(full));
          inflight.set(full, refresh);
          refresh.catch(() => {}); // the next reader after expiry loads again and sees the error
        }
        return hit;
      }
      let pending = inflight.get(full);
      if (!pending) {
        pending = fill(full, load).finally(() => inflight.delete(full));
        inflight.set(full, pending);
      }
      // Requests that wait on another's load count as misses too: none was served from cache.
      const filled = await pending;
      count(name, filled.shared ? "hit" : "miss");
      return filled.entry;
    },

    /**
     * Retire everything cached so far, here at once and in other processes through the bus.
     * Call after the write committed. Never throws: the write stands, and the short TTLs
     * and the generation poll bound how long another process can serve the old answer.
     */
    async invalidate(): Promise<void> {
      let next = gen + 1;
      try {
        next = Math.max(next, await cache.incr(GEN_KEY, 10 * YEAR_MS));
      } catch {}
      gen = Math.max(gen, next);
      local.clear();
      try {
        await subscribed;
        await publishTo(bus, CATALOG_INVALIDATE, { gen });
      } catch {}
    },
  };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;

/** A value as JSON with an ETag of its bytes (a cache that stores it or a search that does not). */
export function serialise(data: unknown): CachedResponse {
  const json = JSON.stringify(data);
  return { json, etag: `"${createHash("sha1").update(json).digest("base64url").slice(0, 27)}"` };
}
