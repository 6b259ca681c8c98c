import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";

/** What a payment provider answers to a charge. */
export type ChargeResult =
  | { status: "succeeded"; providerRef: string }
  | { status: "declined"; code: string }
  | { status: "error"; code: string };

/**
 * The seam to a payment provider. `reference` is our payment id, sent as the provider's
 * idempotency key so a retried charge is never taken twice.
 */
export interface PaymentProvider {
  charge(req: {
    reference: string;
    amountCents: number;
    currency: string;
    method: string;
  }): Promise<ChargeResult>;
  refund(req: {
    providerRef: string;
    amountCents: number;
  }): Promise<{ ok: true } | { ok: false; code: string }>;
  /**
   * What became of a charge we sent and never heard back from (our process died): its
   * result, or null when the provider has no charge under this reference.
   */
  lookup(req: { reference: string; method: string }): Promise<ChargeResult | null>;
}

export interface SimulatedProviderOptions {
  /** How long `pm_card_slow` takes. */
  slowMs: number;
}

/**
 * The built-in provider with the spec's test methods: `pm_card_ok` succeeds,
 * `pm_card_declined` declines, `pm_card_slow` succeeds after `slowMs`, `pm_card_error`
 * fails as a provider outage would. Any other method is declined as unknown. A charge's
 * result depends only on its method, so any process can look up one another process sent
 * (and died waiting for): that is the simulated provider's stand-in for a shared ledger.
 */
export function createSimulatedProvider(opts: SimulatedProviderOptions): PaymentProvider {
  // Recent charges by reference, so a retried charge returns the first result.
  const charges = new LRUCache<string, string>({ max: 100_000 });
  return {
    async charge({ reference, method }) {
      const seen = charges.get(reference);
      if (seen) return { status: "succeeded", providerRef: seen };
      switch (method) {
        case "pm_card_ok":
          break;
        case "pm_card_slow":
          await new Promise((r) => setTimeout(r, opts.slowMs));
          break;
        case "pm_card_declined":
          return { status: "declined", code: "card_declined" };
        case "pm_card_error":
          return { status: "error", code: "provider_unavailable" };
        default:
          return { status: "declined", code: "unknown_payment_method" };
      }
      const providerRef = `sim_${randomUUID()}`;
      charges.set(reference, providerRef);
      return { status: "succeeded", providerRef };
    },
    async refund() {
      return { ok: true };
    },
    async lookup({ reference, method }) {
      const seen = charges.get(reference);
      if (seen) return { status: "succeeded", providerRef: seen };
      switch (method) {
        case "pm_card_ok":
        case "pm_card_slow":
          return { status: "succeeded", providerRef: `sim_${reference}` };
        case "pm_card_error":
          return null; // the outage took no money
        default:
          return {
            status: "declined",
            code: method === "pm_card_declined" ? "card_declined" : "unknown_payment_method",
          };
      }
    },
  };
}

/** Guard a provider call with a deadline: a provider that hangs is an error, not a hung request. */
export async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
