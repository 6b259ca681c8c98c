import { randomUUID } from "node:crypto";
import {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import pino, { type Bindings, type ChildLoggerOptions, type Logger } from "pino";
import type { Config } from "../config.js";

/**
 * The process logger and the request log policy.
 *
 * Fastify's default writes two synchronous lines per request ("incoming request",
 * "request completed"); on a cached read that costs more than the route itself (issue 16
 * measured the cached drop detail at 0.37 of a bare route with it, 0.80 without). So:
 *
 * - lines go to stdout through an asynchronous destination (pino's SonicBoom with
 *   `sync: false`): a request never waits on the terminal or a pipe; buffered lines are
 *   flushed when the app closes and by pino's exit handler;
 * - one line per request, written after the response, chosen by `LOG_REQUESTS`:
 *   `all` logs every request (the development default); `sampled` (the default elsewhere)
 *   logs every 5xx, every request slower than `LOG_SLOW_MS`, and one in `LOG_SAMPLE_EVERY`
 *   of the rest; `errors` logs only 5xx and slow requests.
 *
 * Errors themselves are logged where they happen (the error handler logs each 500 with its
 * stack), at any setting.
 */
export function createLogger(config: Pick<Config, "logLevel" | "env">): Logger | undefined {
  if (config.logLevel === "silent") return undefined;
  // Tests read logs synchronously; everything else gets the asynchronous destination.
  const destination = pino.destination({ dest: 1, sync: config.env === "test" });
  return pino(
    {
      level: config.logLevel,
      redact: ["req.headers.authorization", "req.headers.cookie"],
      serializers: {
        // The push socket takes its token in the query string: keep it out of logs.
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.replace(/([?&]token=)[^&]*/, "$1[redacted]"),
          remoteAddress: req.ip,
        }),
      },
    },
    destination,
  );
}

export type RequestLogPolicy = Pick<Config, "logRequests" | "logSlowMs" | "logSampleEvery">;

/** Whether a finished request gets a log line, and at which level. */
export function requestLogLevel(
  policy: RequestLogPolicy,
  status: number,
  ms: number,
  seq: number,
): "error" | "warn" | "info" | undefined {
  if (status >= 500) return "error";
  if (ms >= policy.logSlowMs) return "warn";
  if (policy.logRequests === "all") return "info";
  if (policy.logRequests === "sampled" && seq % policy.logSampleEvery === 0) return "info";
  return undefined;
}

/**
 * Fastify's extension point for its own request lines: no "incoming request" line, and the
 * "request completed" line (written once the response is sent) only when the policy says so.
 */
export class RequestLogController extends LogController {
  private seq = 0;

  constructor(private readonly policy: RequestLogPolicy) {
    super({ disableRequestLogging: false });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const ms = reply.elapsedTime;
    const level = error ? "error" : requestLogLevel(this.policy, reply.statusCode, ms, ++this.seq);
    if (!level || !(request.log as unknown as Logger).isLevelEnabled(level)) return;
    request.log[level](
      {
        req: request,
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(ms * 10) / 10,
        ...(error ? { err: error } : {}),
      },
      level === "warn" ? "slow request" : error ? "request errored" : "request completed",
    );
  }
}

type LogMethod = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_METHODS: readonly LogMethod[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * A request's logger, made when the request first logs. Fastify gives every request a child
 * logger bound to its id, and pino makes one by copying options and serialising the bindings:
 * ~2% of a cached read's CPU (issue 16), for a logger most requests never use (with
 * LOG_REQUESTS=sampled only errors, slow requests and one in LOG_SAMPLE_EVERY write a line).
 * It answers what Fastify and our code ask of a request's logger; anything it logs is the
 * child's line, with the request id.
 */
class LazyChildLogger {
  private made: Logger | undefined;
  declare fatal: Logger["fatal"];
  declare error: Logger["error"];
  declare warn: Logger["warn"];
  declare info: Logger["info"];
  declare debug: Logger["debug"];
  declare trace: Logger["trace"];
  declare silent: Logger["silent"];

  constructor(
    private readonly parent: Logger,
    private readonly bound: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): Logger {
    this.made ??=
      Object.keys(this.options).length > 0
        ? this.parent.child(this.bound, this.options)
        : this.parent.child(this.bound);
    return this.made;
  }

  get level(): string {
    return this.real.level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  isLevelEnabled(level: string): boolean {
    return this.real.isLevelEnabled(level);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.real.child(bindings, options);
  }
  bindings(): Bindings {
    return this.real.bindings();
  }
  flush(cb?: (err?: Error) => void): void {
    this.real.flush(cb);
  }
}
for (const method of LOG_METHODS) {
  Object.defineProperty(LazyChildLogger.prototype, method, {
    // As on a pino logger, a method may be replaced (a test's spy, say).
    writable: true,
    configurable: true,
    value(this: LazyChildLogger, ...args: unknown[]) {
      const real = (this as unknown as { real: Logger }).real;
      return (real[method] as (...a: unknown[]) => void).apply(real, args);
    },
  });
}

/** Fastify's `childLoggerFactory`: each request's logger, made lazily (see LazyChildLogger). */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyChildLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger;
}

/** Whatever the asynchronous destination still buffers reaches stdout before the app goes. */
export function flushLogOnClose(app: FastifyInstance, logger?: Logger): void {
  if (!logger) return;
  app.addHook("onClose", async () => {
    try {
      logger.flush();
    } catch {}
  });
}

// A request id a gateway may hand us: short, and only characters that are safe in a log line.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id of a request: the gateway's `X-Request-Id` (nginx sets one per request) when it is
 * a sane token, so one id follows a request from the edge through the logs; otherwise our
 * own. Answered back in `X-Request-Id` by `echoRequestId`.
 */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers["x-request-id"];
  if (typeof given === "string" && REQUEST_ID.test(given)) return given;
  // Random, not a counter: the id travels in push messages to other users, and a counter
  // would tell them the process and how many requests it has served.
  return randomUUID();
}

/**
 * Every answer names its request id, so a client's report can be found in the logs. The
 * transports pass the id to the services that record events (the outbox keeps it with the
 * event, and a buyer's order.confirmed carries it to the socket). It is passed, not held in
 * an AsyncLocalStorage: on Node 20 one entered store turns on async hooks for every promise
 * and tick in the process, about a fifth of `/health/live`'s CPU per request (issue 16).
 */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook("onRequest", (req, reply, done) => {
    reply.header("x-request-id", req.id);
    done();
  });
}
