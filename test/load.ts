import { randomUUID } from "node:crypto";
import { createDrop, creatorWithProduct, http, registerAt } from "./factories.js";

/**
 * Steady mixed load for the store-failure tests: reads (a drop, the drop list), logins and
 * orders (each with an Idempotency-Key, retried with the same key until it has an answer
 * that is not a 5xx). Every answer is tallied by kind and status; a request that hangs past
 * `hangMs` is tallied as "hang". Bounded: it stops when told or at `maxMs`.
 */
export interface Tally {
  kind: "read" | "login" | "order";
  status: number | "hang" | "network";
  at: number;
  /** How long the answer took. */
  ms: number;
  retryAfter: string | null;
}

export interface Shop {
  dropId: string;
  buyers: { email: string; password: string; token: string }[];
}

const PASSWORD = "correct horse battery";

/** A creator, a live drop with plenty of stock, and `n` buyers, over HTTP. */
export async function openShop(base: string, n: number): Promise<Shop> {
  const creator = await registerAt(base, "Creator");
  const c = await http(base, "POST", "/api/creators", {
    token: creator.token,
    body: { handle: `c_${randomUUID().slice(0, 8)}`, displayName: "Creator" },
  });
  if (c.status !== 201) throw new Error(`creator: ${c.status} ${JSON.stringify(c.body)}`);
  const { productId } = await creatorWithProduct(base, creator.token);
  const now = Date.now();
  const drop = await createDrop(base, creator.token, {
    productId,
    startsAt: new Date(now - 1_000),
    endsAt: new Date(now + 3_600_000),
    initialStock: 1_000_000,
  });
  const buyers = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const email = `buyer${i}_${randomUUID().slice(0, 8)}@example.com`;
      const r = await http(base, "POST", "/api/auth/register", {
        body: { name: `Buyer ${i}`, email, password: PASSWORD },
      });
      if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
      return { email, password: PASSWORD, token: r.body.data.token as string };
    }),
  );
  return { dropId: drop.id, buyers };
}

export function startLoad(
  bases: string[],
  shop: Shop,
  opts: { workers?: number; hangMs?: number; maxMs?: number } = {},
) {
  const tallies: Tally[] = [];
  /** Each order's key and its last answer (the one the client kept). */
  const orders = new Map<string, { status: number | string; text: string; buyer: number }>();
  const hangMs = opts.hangMs ?? 15_000;
  const endAt = Date.now() + (opts.maxMs ?? 55_000);
  let running = true;
  let turn = 0;

  const send = async (
    kind: Tally["kind"],
    base: string,
    method: string,
    path: string,
    o: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const ctrl = new AbortController();
    const started = Date.now();
    const timer = setTimeout(() => ctrl.abort(), hangMs);
    try {
      const res = await fetch(base + path, {
        method,
        signal: ctrl.signal,
        headers: {
          ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
        body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
      });
      const text = await res.text();
      tallies.push({
        kind,
        status: res.status,
        at: Date.now(),
        ms: Date.now() - started,
        retryAfter: res.headers.get("retry-after"),
      });
      return { status: res.status, text };
    } catch (err) {
      const status = ctrl.signal.aborted ? "hang" : "network";
      tallies.push({ kind, status, at: Date.now(), ms: Date.now() - started, retryAfter: null });
      if (status === "network") await new Promise((r) => setTimeout(r, 100)); // a dead process: do not spin
      return { status, text: String(err) };
    } finally {
      clearTimeout(timer);
    }
  };

  const worker = async (w: number) => {
    while (running && Date.now() < endAt) {
      const n = turn++;
      const base = bases[n % bases.length] as string;
      const buyer = shop.buyers[(w + n) % shop.buyers.length] as Shop["buyers"][number];
      switch (n % 4) {
        case 0:
          await send("read", base, "GET", `/api/drops/${shop.dropId}`);
          break;
        case 1:
          await send("read", base, "GET", "/api/drops?limit=10");
          break;
        case 2:
          await send("login", base, "POST", "/api/auth/login", {
            body: { email: buyer.email, password: buyer.password },
          });
          break;
        default: {
          // Retried with the same key until it has an answer that is not a 5xx or a hang.
          const key = randomUUID();
          for (let attempt = 0; running && attempt < 50; attempt++) {
            const r = await send(
              "order",
              bases[(n + attempt) % bases.length] as string,
              "POST",
              "/api/orders",
              {
                token: buyer.token,
                body: { dropId: shop.dropId, quantity: 1, paymentMethodId: "pm_card_ok" },
                headers: { "idempotency-key": key },
              },
            );
            orders.set(key, { ...r, buyer: (w + n) % shop.buyers.length });
            // A key another process held when it died answers 409 in progress for a few
            // seconds (its lease): a client retries that too.
            if (typeof r.status === "number" && r.status < 500 && r.status !== 409) break;
            await new Promise((res) => setTimeout(res, 200));
          }
        }
      }
    }
  };

  const done = Promise.all(Array.from({ length: opts.workers ?? 6 }, (_, w) => worker(w)));
  return {
    tallies,
    orders,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Tallies grouped as "kind status" → count, for readable failures. */
export const summary = (ts: Tally[]) => {
  const out: Record<string, number> = {};
  for (const t of ts) out[`${t.kind} ${t.status}`] = (out[`${t.kind} ${t.status}`] ?? 0) + 1;
  return out;
};
