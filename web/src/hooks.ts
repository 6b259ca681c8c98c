import { useEffect, useRef, useState } from "preact/hooks";
import { api, serverNow } from "./api.ts";
import { isDirect, onPush, pushState, watchDrop } from "./push.ts";
import { useStore } from "./store.ts";
import type { Drop, DropStatus, Stock } from "./types.ts";

/** The server's "now", re-rendered on every whole second and exactly at `until` moments. */
export function useNow(moments: (string | number | undefined)[] = []): number {
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      const n = serverNow();
      setNow(n);
      const nextMoment = moments
        .map((m) => (typeof m === "string" ? Date.parse(m) : (m ?? Number.NaN)))
        .filter((m) => m > n)
        .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      const nextSecond = 1000 - (n % 1000);
      t = setTimeout(tick, Math.max(5, Math.min(nextSecond, nextMoment - n)));
    };
    tick();
    return () => clearTimeout(t);
  }, [moments.join("|")]);
  return now;
}

/** A drop's status at `now`: the clock decides between upcoming, live and ended, the server on cancelling. */
export function phaseOf(d: Pick<Drop, "status" | "startsAt" | "endsAt">, now: number): DropStatus {
  if (d.status === "cancelled") return "cancelled";
  if (d.status === "ended") return "ended";
  if (now < Date.parse(d.startsAt)) return "upcoming";
  if (now < Date.parse(d.endsAt)) return "live";
  return "ended";
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** When the request that produced `data` was sent (server time, ms since epoch). */
  fetchedAt: number;
  reload: () => void;
  set: (fn: (prev: T | undefined) => T | undefined) => void;
}

/** Fetch `path` (null: nothing) and keep the answer; `everyMs` polls while mounted. */
export function useApi<T>(path: string | null, everyMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; fetchedAt: number }>({
    loading: !!path,
    fetchedAt: 0,
  });
  const [nonce, setNonce] = useState(0);
  const shown = useRef(path);
  useEffect(() => {
    if (!path) return setState({ loading: false, fetchedAt: 0 });
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A different resource starts empty; a reload of the same one keeps what is on screen.
    setState((s) => (shown.current === path ? { ...s, loading: true } : { loading: true, fetchedAt: 0 }));
    shown.current = path;
    const run = async () => {
      const sentAt = serverNow();
      try {
        const data = await api<T>(path);
        if (!cancelled) setState({ data, loading: false, fetchedAt: sentAt });
      } catch (error) {
        if (!cancelled) setState((s) => ({ ...s, error: error as Error, loading: false }));
      }
      if (!cancelled && everyMs) timer = setTimeout(run, everyMs);
    };
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [path, nonce, everyMs]);
  return {
    ...state,
    reload: () => setNonce((n) => n + 1),
    set: (fn) => setState((s) => ({ ...s, data: fn(s.data) })),
  } as Loaded<T>;
}

/** Reads of a drop may be up to this old (the server's read cache). */
const READ_STALENESS_MS = 1_000;

/** A stock snapshot that arrived on its own (push, or an order's answer), and as of when (server time). */
export interface FreshStock {
  stock: Stock;
  at: number;
}

/** Keep the later of two snapshots: pushes can arrive after an order's own, newer answer. */
export const laterStock = (prev: FreshStock | undefined, next: FreshStock) =>
  prev && prev.at > next.at ? prev : next;

/** Snapshots of a drop's variants by id (a variant's stock event or order answer). */
export type FreshVariants = Record<string, FreshStock>;

/**
 * The newer of a polled drop and a snapshot received on its own: a poll is only known to
 * be as fresh as its sending time minus the read cache's age. A drop with variants takes
 * each variant's newer stock and sums them, as the server does.
 */
export function withFreshStock(
  d: Drop,
  fetchedAt: number,
  fresh: FreshStock | undefined,
  variants: FreshVariants = {},
): Drop {
  const newer = (f: FreshStock | undefined) => f && f.at >= fetchedAt - READ_STALENESS_MS;
  if (d.variants) {
    const vs = d.variants.map((v) => {
      const f = variants[v.id];
      return newer(f) && f ? { ...v, stock: f.stock, soldOut: f.stock.available === 0 } : v;
    });
    const sum = (k: keyof Stock) => vs.reduce((n, v) => n + v.stock[k], 0);
    const stock = {
      initial: sum("initial"),
      available: sum("available"),
      reserved: sum("reserved"),
      sold: sum("sold"),
    };
    return { ...d, variants: vs, stock, soldOut: stock.available === 0 };
  }
  if (!fresh || !newer(fresh)) return d;
  return { ...d, stock: fresh.stock, soldOut: fresh.stock.available === 0 };
}

/** The stock in a stock event's payload (which also names the drop). */
export const stockOf = (s: Stock): Stock => ({
  initial: s.initial,
  available: s.available,
  reserved: s.reserved,
  sold: s.sold,
});

/**
 * A drop that stays current: `stock.changed` from /push as it happens, plus polling
 * (every second without a socket, every 5 s with one) so nothing is missed.
 */
export function useLiveDrop(
  id: string,
): Loaded<Drop> & { lastChange: number; noteStock: (s: Stock, variantId?: string | null) => void } {
  const push = useStore(pushState);
  const loaded = useApi<Drop>(`/api/drops/${id}`, push === "open" ? 5_000 : 1_000);
  const [fresh, setFresh] = useState<FreshStock>();
  const [variants, setVariants] = useState<FreshVariants>({});
  const { reload } = loaded;
  const noteVariant = (variantId: string, next: FreshStock) =>
    setVariants((prev) => ({ ...prev, [variantId]: laterStock(prev[variantId], next) }));
  useEffect(() => {
    setFresh(undefined);
    setVariants({});
    const unwatch = watchDrop(id);
    const off = onPush((m) => {
      if (isDirect(m) || m.data.dropId !== id) return;
      if (m.type === "stock.changed") {
        const at = Date.parse(m.createdAt) || serverNow();
        // A variant's event is exact for that variant; its totals may lag another variant's move.
        const v = m.data.variant;
        if (v) noteVariant(v.id, { stock: stockOf(v), at });
        setFresh((prev) => laterStock(prev, { stock: stockOf(m.data), at }));
      } else if (m.type.startsWith("drop.")) reload();
    });
    return () => {
      unwatch();
      off();
    };
  }, [id]);
  const data = loaded.data && withFreshStock(loaded.data, loaded.fetchedAt, fresh, variants);
  return {
    ...loaded,
    data,
    lastChange: fresh?.at ?? 0,
    noteStock: (stock, variantId) => {
      const next = { stock, at: serverNow() };
      if (variantId) noteVariant(variantId, next);
      else setFresh((prev) => laterStock(prev, next));
    },
  };
}

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · LiveDrop` : "LiveDrop";
  }, [title]);
}

/**
 * Drops from several status lists as one list without duplicates: a drop that started
 * while the lists were fetched can be in two of them; the copy whose status agrees with
 * the clock wins (it carries the fresher stock).
 */
export function mergeDrops(lists: (Drop[] | undefined)[], now: number): Drop[] {
  const byId = new Map<string, Drop>();
  for (const d of lists.flatMap((l) => l ?? [])) {
    const seen = byId.get(d.id);
    if (!seen || (seen.status !== phaseOf(seen, now) && d.status === phaseOf(d, now))) byId.set(d.id, d);
  }
  const rank = { live: 0, upcoming: 1, ended: 2, cancelled: 3 } as const;
  return [...byId.values()].sort((a, b) => {
    const pa = phaseOf(a, now);
    const pb = phaseOf(b, now);
    if (pa !== pb) return rank[pa] - rank[pb];
    if (pa === "live") return Date.parse(a.endsAt) - Date.parse(b.endsAt);
    if (pa === "upcoming") return Date.parse(a.startsAt) - Date.parse(b.startsAt);
    return Date.parse(b.endsAt) - Date.parse(a.endsAt);
  });
}
