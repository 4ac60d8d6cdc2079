import type { RunningFunction } from './serve';

/**
 * SIGTERM/SIGINT → stop accepting, finish in-flight requests, shutdown()/stop(), then exit (0, or 1 when the
 * shutdown failed). A second signal exits at once. The signal is never swallowed: the process always ends.
 */
export function exitOnSignals(
  fn: RunningFunction,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      fn.log.warn(`${signal} again: exiting without waiting`);
      exit(130);
      return;
    }
    stopping = true;
    fn.log.info(`${signal}: draining ${fn.server.inFlight()} in-flight request(s)`);
    fn.close().then(
      () => exit(0),
      (err: unknown) => {
        fn.log.error(err, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
