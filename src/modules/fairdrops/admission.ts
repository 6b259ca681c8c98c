import type { DropTerms } from "../catalog/index.js";
import type { Challenges } from "./challenge.js";
import type { QueueService } from "./queue.service.js";

/** What a placed order brings to prove it may go ahead on a fair drop. */
export interface OrderProof {
  userId: string;
  /** The order's idempotency key: what the pass and the solution are spent on. */
  key: string;
  pass?: string;
  challenge?: string;
}

/**
 * The order path's one gate (orders.service calls it before anything is reserved): the
 * proof of work on a protected drop, then the pass on a queue drop. An open, unprotected
 * drop costs nothing here. Returns what to tell once the order's outcome is known (a
 * refused order gives its pass back), or undefined when there is nothing to tell.
 */
export function createAdmission(deps: { challenges: Challenges; queue: QueueService }) {
  return async (
    d: DropTerms,
    proof: OrderProof,
  ): Promise<{ settled(ok: boolean): Promise<void> } | undefined> => {
    if (d.botProtection) await deps.challenges.spend(proof.challenge, proof.userId, `order:${proof.key}`);
    if (d.access !== "queue") return undefined;
    return deps.queue.spendPass(d, proof.userId, proof.key, proof.pass);
  };
}

/**
 * Where the proof comes from, one rule for both transports: the header wins, else the
 * field (REST's body `pass`, GraphQL's arguments), so a client that cannot set headers
 * still can order.
 */
export function proofOf(
  headers: Record<string, string | string[] | undefined>,
  fields: { pass?: string; challenge?: string },
): { pass?: string; challenge?: string } {
  const header = (name: string) => {
    const v = headers[name];
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  return {
    pass: header("x-drop-pass") ?? fields.pass,
    challenge: header("x-challenge") ?? fields.challenge,
  };
}
