/** Fair drops: the waiting room and the bot defence. Other modules import only from here. */
import type { Db } from "../../infra/db/index.js";
import type { Clock } from "../../shared/clock.js";
import type { RateLimits } from "../../shared/rate-limit.js";
import type { DropTerms } from "../catalog/index.js";
import { createAdmission } from "./admission.js";
import { createChallenges } from "./challenge.js";
import { createPasses } from "./pass.js";
import { createQueueJob } from "./queue.job.js";
import { createQueueService } from "./queue.service.js";

export { type OrderProof, proofOf } from "./admission.js";
export {
  QUEUE_ADMITTED,
  QUEUE_CLOSED,
  type QueueAdmittedPayload,
  type QueueClosedPayload,
  type QueueEvents,
} from "./fair.events.js";
export { createFairResolvers, fairTypeDefs } from "./fair.resolvers.js";
export { fairRoutes } from "./fair.routes.js";
export { FairHeaders, OrderProof as OrderProofFields, PassValue, type QueueTicket } from "./fair.schemas.js";
export { QUEUE_OPENS_BEFORE_MS } from "./queue.service.js";

export interface FairDropsDeps {
  db: Db;
  clock: Clock;
  /** The app's secret: the challenge and pass keys are derived from it, so every process agrees. */
  secret: string;
  /** CHALLENGE_MAX_NUMBER. */
  challengeMaxNumber: number;
  /** A drop's terms (catalog facade), with its access mode and settings. */
  dropTerms: (id: string) => Promise<DropTerms | null>;
  /** Abuse limits on joining a waiting room and reading one's ticket (src/shared/rate-limit.ts). */
  limits: Pick<RateLimits, "check">;
}

/**
 * Tickets are polled: keep a drop's terms a second (as the order path does), so a read of a
 * ticket costs one query of this module's own tables. An edit is seen within that second.
 */
function cachedTerms(read: (id: string) => Promise<DropTerms | null>, ttlMs = 1_000) {
  const cache = new Map<string, { at: number; value: Promise<DropTerms | null> }>();
  return (id: string): Promise<DropTerms | null> => {
    const hit = cache.get(id);
    if (hit && performance.now() - hit.at < ttlMs) return hit.value;
    if (cache.size > 10_000) cache.clear();
    const value = read(id);
    cache.set(id, { at: performance.now(), value });
    value.catch(() => cache.delete(id));
    return value;
  };
}

/** The module: challenges, the queue, the order path's gate and the worker's job. */
export function createFairDrops(deps: FairDropsDeps) {
  const challenges = createChallenges({
    db: deps.db,
    clock: deps.clock,
    secret: deps.secret,
    maxNumber: deps.challengeMaxNumber,
  });
  const queue = createQueueService({
    db: deps.db,
    clock: deps.clock,
    terms: cachedTerms(deps.dropTerms),
    challenges,
    passes: createPasses(deps.secret),
    limits: deps.limits,
  });
  return {
    challenges,
    queue,
    /** Orders call this before reserving on every public order (see orders.service `place`). */
    admission: createAdmission({ challenges, queue }),
    /** The worker's job; several workers may run it at once. */
    workerJob: (pollMs: number, onError?: (err: unknown) => void) =>
      createQueueJob({ queue, challenges, clock: deps.clock, pollMs, onError }),
  };
}

export type FairDrops = ReturnType<typeof createFairDrops>;
