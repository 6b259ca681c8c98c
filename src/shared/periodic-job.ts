/**
 * A background job that does its work every `everyMs` (and once at start), never two passes
 * at once in a process: a pass still running when the timer fires is joined, not doubled.
 * Several processes may run the same job; the work itself is written to be safe with that
 * (guarded updates, skip-locked claims). `stop` waits for the pass in flight.
 */
export function periodicJob(
  name: string,
  everyMs: number,
  work: () => Promise<unknown>,
  onError?: (err: unknown) => void,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= work()
      .catch((err) => onError?.(err))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    name,
    start() {
      if (timer) return;
      timer = setInterval(() => void run(), everyMs);
      void run();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
