export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A run at least this long counts as healthy and resets the backoff. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };

/**
 * How long to wait before restart number `restarts` (1-based) of a component whose last run lasted
 * `lastRunMs`: doubling from initialMs up to maxMs; a run that lasted resetAfterMs starts over.
 */
export function restartDelay(
  policy: BackoffPolicy,
  restarts: number,
  lastRunMs: number,
): { delayMs: number; restarts: number } {
  const effective = lastRunMs >= policy.resetAfterMs ? 1 : restarts;
  const delayMs = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, effective - 1));
  return { delayMs, restarts: effective };
}
