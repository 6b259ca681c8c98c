import type { Bus } from "./index.js";

/**
 * Which bus this process uses. Apart from index.ts (the interface and subject matching)
 * so the implementations can import it without a cycle.
 */
export interface BusOptions {
  /** One server, or a cluster's servers separated by commas. */
  natsUrl: string | undefined;
  /** Copies of the stream on a cluster (NATS_STREAM_REPLICAS); 1 on a single server. */
  streamReplicas?: number;
  namespace: string;
  /** A supervised consumer loop was made again (NATS only). */
  onConsumerRestart?: (subject: string, err: unknown) => void;
}

export async function createBus(opts: BusOptions): Promise<Bus> {
  if (opts.natsUrl) {
    const { createNatsBus } = await import("./nats.js");
    return createNatsBus(opts.natsUrl, opts.namespace, opts);
  }
  const { createMemoryBus } = await import("./memory.js");
  return createMemoryBus();
}
