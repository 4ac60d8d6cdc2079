/** What a reconcile asks of the queue besides success: come back after a while. */
export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** A failure retrying cannot fix (bad spec, missing permission): logged and reported, never re-queued. */
export class PermanentError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

export function permanentError(err: unknown): PermanentError {
  if (err instanceof PermanentError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  return new PermanentError(e.message, e);
}

export function isPermanent(err: unknown): err is PermanentError {
  return err instanceof PermanentError;
}

/** Thrown (or returned as a result) to re-queue the key after `ms` without counting a failure. */
export class RequeueAfter extends Error {
  constructor(readonly ms: number) {
    super(`requeue after ${ms} ms`);
    this.name = 'RequeueAfter';
  }
}

export function requeueAfter(ms: number): ReconcileResult {
  return { requeueAfterMs: ms };
}
