/**
 * Process-wide faults that nothing else catches: a promise rejected with no handler, an
 * exception thrown outside any request. Counted here, for every app's /metrics, since
 * they belong to the process rather than to one app instance. The handlers that feed
 * these are installed by the CLI (src/cli.ts), the process entry point.
 */
export const processFaults = { unhandledRejections: 0, uncaughtExceptions: 0 };

/**
 * The policy: an unhandled rejection is logged and counted, and the process goes on (one
 * forgotten `.catch` must not take a server down with every request it holds). An
 * uncaught exception may have left state half-changed: it is logged and counted, then
 * `fatal` runs (the CLI's orderly shutdown, under its deadline).
 */
export function installFaultHandlers(fatal: (err: unknown) => void): void {
  process.on("unhandledRejection", (reason) => {
    processFaults.unhandledRejections += 1;
    console.error("unhandled promise rejection (the process goes on):", reason);
  });
  process.on("uncaughtException", (err) => {
    processFaults.uncaughtExceptions += 1;
    console.error("uncaught exception (shutting down):", err);
    fatal(err);
  });
}
