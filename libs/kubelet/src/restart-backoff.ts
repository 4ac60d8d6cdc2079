export interface RestartBackoffOptions {
  /** First delay (kubelet: 10 s). */
  baseMs: number;
  /** Cap (kubelet: 5 min). */
  maxMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoffOptions = { baseMs: 10_000, maxMs: 300_000 };

/** The wait before restart number `restart` (1 = the first restart): base, doubling, capped. */
export function restartDelayMs(
  restart: number,
  options: RestartBackoffOptions = DEFAULT_RESTART_BACKOFF,
): number {
  if (restart < 1) return 0;
  const delay = options.baseMs * 2 ** Math.min(restart - 1, 30);
  return Math.min(delay, options.maxMs);
}

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** Whether a container that exited with `exitCode` is started again under the Pod's restartPolicy. */
export function shouldRestart(policy: RestartPolicy | undefined, exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}

/**
 * The crash count that sets the next delay: it starts over when the container ran for longer than twice the
 * cap since it last started (the kubelet forgets a backoff entry after 2 × the maximum delay).
 */
export function nextCrashCount(
  previous: number,
  ranForMs: number,
  options: RestartBackoffOptions = DEFAULT_RESTART_BACKOFF,
): number {
  return ranForMs > 2 * options.maxMs ? 1 : previous + 1;
}
