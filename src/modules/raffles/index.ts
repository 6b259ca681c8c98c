/** Raffles: entries, the verifiable draw, winners' claims and the order gate. Other modules import only from here. */
import { createRaffleJob } from "./raffle.job.js";
import { createRafflesService, type RafflesDeps } from "./raffles.service.js";

export { commitmentOf, entryKey, rankEntries } from "./draw.js";
export type { RaffleEvents, RafflePayload } from "./raffles.events.js";
export { createRafflesResolvers, rafflesTypeDefs } from "./raffles.resolvers.js";
export { rafflesRoutes } from "./raffles.routes.js";
export type { RafflesService } from "./raffles.service.js";

/** The module: the service routes, resolvers and the order gate use, and the worker's job. */
export function createRaffles(deps: RafflesDeps) {
  const service = createRafflesService(deps);
  return {
    ...service,
    /** The worker's job; several workers may run it at once. */
    workerJob: (pollMs: number, onError?: (err: unknown) => void) =>
      createRaffleJob({ db: deps.db, repo: service.repo, clock: deps.clock, pollMs, onError }),
  };
}

export type RafflesModule = ReturnType<typeof createRaffles>;
