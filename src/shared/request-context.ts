import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request a piece of work is done for, without passing it through every call: the
 * transports enter it once per request (REST, GraphQL and the push sockets all arrive
 * through Fastify's onRequest), and the outbox reads it when it records an event, so one
 * id follows a request from the gateway's X-Request-Id into the event and out to the push
 * message. Batches run outside any request (see group-commit.ts): a batch serves many
 * requests, so it passes each one's id explicitly instead.
 */
const store = new AsyncLocalStorage<{ requestId: string }>();

/** Run `fn` (and everything it starts) as part of the request `requestId`. */
export const withRequestId = <T>(requestId: string, fn: () => T): T => store.run({ requestId }, fn);

/** The request the current work is for, if any. */
export const currentRequestId = (): string | undefined => store.getStore()?.requestId;

/** Run `fn` as part of no request: work on behalf of many must not take the first one's id. */
export const outsideRequest = <T>(fn: () => T): T => store.exit(fn);
