export interface WatchParentOptions {
  intervalMs?: number;
  /** Watch even when not started by `kuack up`. */
  always?: boolean;
  /** Injected for tests; the live parent pid by default. */
  parentPid?: () => number;
}

/**
 * Calls `onOrphaned` once when the process that started this one is gone (its parent pid changes, as the
 * kernel re-parents an orphan). `kuack up` starts each component in its own process group so Ctrl-C reaches
 * only the supervisor; if the supervisor itself is killed hard, this is how components notice and stop.
 * Active only under a supervisor (KUACK_SUPERVISED=1) unless `always` is set; returns a function that stops it.
 */
export function watchParent(onOrphaned: () => void, options: WatchParentOptions = {}): () => void {
  if (!options.always && process.env['KUACK_SUPERVISED'] !== '1') return () => undefined;
  const parentPid = options.parentPid ?? (() => process.ppid);
  const parent = parentPid();
  const timer = setInterval(() => {
    if (parentPid() !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, options.intervalMs ?? 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
