import type { Logger } from 'pino';
import type { KubeClient } from './client';
import { isConflict, isNotFound } from './errors';
import type { EventRecorder, EventType } from './events';
import { type Gvk, type KubeObject, deepCopy, splitKey } from './objects';
import { type ReconcileResult, isPermanent, RequeueAfter } from './reconcile-result';
import { semanticEqual } from './semantic';

/** What a reconciler gets besides the object: its key, a per-key logger and an event recorder. */
export interface ReconcileContext {
  key: string;
  logger: Logger;
  client: KubeClient;
  /** Records an Event about the object being reconciled. */
  event(type: EventType, reason: string, message: string): void;
}

/** The only thing a Kuack reconciler writes (DESIGN.md convention 3); it changes `obj.status`, never writes it. */
export interface Reconciler<T extends KubeObject> {
  reconcileKind(ctx: ReconcileContext, obj: T): Promise<ReconcileResult | void>;
  /** Runs once when the object is being deleted; the wrapper removes the finalizer after it succeeds. */
  finalizeKind?(ctx: ReconcileContext, obj: T): Promise<ReconcileResult | void>;
}

/** Where the wrapper reads objects: an informer cache (or anything with `get(key)`). */
export interface Lister<T extends KubeObject> {
  get(key: string): T | undefined;
}

export interface StatusHooks<T extends KubeObject> {
  /** Before reconcileKind, e.g. initialize conditions and mark Ready Unknown for a new generation. */
  preProcess?(obj: T): void;
  /** After reconcileKind (also when it failed). Default: `status.observedGeneration = metadata.generation`. */
  postProcess?(obj: T, error: unknown): void;
}

export interface ReconcilerWrapperOptions<T extends KubeObject> {
  gvk: Gvk;
  lister: Lister<T>;
  client: KubeClient;
  reconciler: Reconciler<T>;
  logger: Logger;
  recorder?: EventRecorder;
  /** Finalizer this controller owns; defaults to the lower-cased plural-ish `<kind>s.<group>`. Only used with finalizeKind. */
  finalizerName?: string;
  hooks?: StatusHooks<T>;
  /** Skip status writes (kinds without a status subresource). */
  skipStatusUpdates?: boolean;
  /** Tries of the status write on conflict, each against a fresh read (default 5). */
  statusRetries?: number;
}

export function defaultFinalizerName(gvk: Gvk): string {
  const group = gvk.apiVersion.includes('/') ? gvk.apiVersion.split('/')[0] : 'core';
  return `${gvk.kind.toLowerCase()}s.${group}`;
}

function setObservedGeneration(obj: KubeObject): void {
  if (obj.metadata.generation === undefined) return;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  status.observedGeneration = obj.metadata.generation;
  obj.status = status;
}

/**
 * Turns a Reconciler into the queue's reconcile function: cache read → deep copy → finalizer add/remove (merge
 * patch guarded by resourceVersion) → reconcileKind/finalizeKind → status write only on a semantic change,
 * retried on conflict against a fresh read → Events for failures.
 */
export function wrapReconciler<T extends KubeObject>(
  options: ReconcilerWrapperOptions<T>,
): (key: string) => Promise<ReconcileResult | void> {
  const { gvk, lister, client, reconciler, recorder } = options;
  const finalizer = options.finalizerName ?? defaultFinalizerName(gvk);
  const postProcess = options.hooks?.postProcess ?? ((obj: T) => setObservedGeneration(obj));

  return async (key) => {
    splitKey(key);
    const logger = options.logger.child({ key, kind: gvk.kind });
    const cached = lister.get(key);
    if (!cached) {
      logger.debug('object is gone; nothing to reconcile');
      return;
    }
    const original = deepCopy(cached);
    let obj = deepCopy(cached);
    if (!obj.apiVersion) obj.apiVersion = gvk.apiVersion;
    if (!obj.kind) obj.kind = gvk.kind;
    const ctx: ReconcileContext = {
      key,
      logger,
      client,
      event: (type, reason, message) => recorder?.event(obj, type, reason, message),
    };
    const finalizers = obj.metadata.finalizers ?? [];

    if (obj.metadata.deletionTimestamp) {
      if (!reconciler.finalizeKind || !finalizers.includes(finalizer)) return;
      const result = await reconciler.finalizeKind(ctx, obj).catch((err) => {
        if (!(err instanceof RequeueAfter))
          recorder?.event(obj, 'Warning', 'FinalizeFailed', `Failed to finalize: ${(err as Error).message}`);
        throw err;
      });
      if (result?.requeueAfterMs !== undefined) return result;
      await patchFinalizers(
        obj,
        finalizers.filter((f) => f !== finalizer),
        'removed',
      );
      return result;
    }

    if (reconciler.finalizeKind && !finalizers.includes(finalizer)) {
      obj = {
        ...obj,
        metadata: { ...(await patchFinalizers(obj, [...finalizers, finalizer], 'added')).metadata },
      } as T;
      ctx.event = (type, reason, message) => recorder?.event(obj, type, reason, message);
    }

    options.hooks?.preProcess?.(obj);
    let result: ReconcileResult | void = undefined;
    let failure: unknown;
    try {
      result = await reconciler.reconcileKind(ctx, obj);
    } catch (err) {
      failure = err;
    }
    postProcess(obj, failure);

    if (!options.skipStatusUpdates && !semanticEqual(original.status, obj.status)) {
      try {
        await updateStatus(obj, logger);
      } catch (err) {
        recorder?.event(
          obj,
          'Warning',
          'UpdateFailed',
          `Failed to update status for "${obj.metadata.name}": ${(err as Error).message}`,
        );
        throw failure ?? err;
      }
    }
    if (failure !== undefined) {
      if (!(failure instanceof RequeueAfter)) {
        recorder?.event(obj, 'Warning', 'InternalError', (failure as Error)?.message ?? String(failure));
        if (!isPermanent(failure)) logger.debug({ err: (failure as Error)?.message }, 'reconcileKind failed');
      }
      throw failure;
    }
    return result;
  };

  async function patchFinalizers(obj: T, next: string[], verb: 'added' | 'removed'): Promise<KubeObject> {
    try {
      const patched = await client.patch(gvk, obj.metadata.name as string, obj.metadata.namespace, {
        metadata: { finalizers: next, resourceVersion: obj.metadata.resourceVersion },
      });
      recorder?.event(obj, 'Normal', 'FinalizerUpdate', `Updated "${obj.metadata.name}" finalizers`);
      return patched;
    } catch (err) {
      if (verb === 'removed' && isNotFound(err)) return obj;
      recorder?.event(
        obj,
        'Warning',
        'FinalizerUpdateFailed',
        `Failed to update finalizers for "${obj.metadata.name}": ${(err as Error).message}`,
      );
      throw err;
    }
  }

  async function updateStatus(desired: T, logger: Logger): Promise<void> {
    const tries = options.statusRetries ?? 5;
    let target: KubeObject = desired;
    for (let attempt = 1; ; attempt++) {
      try {
        await client.updateStatus({ ...target, status: desired.status });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= tries) throw err;
        logger.debug({ attempt }, 'status update conflicted; retrying on a fresh read');
        const fresh = await client.get(gvk, desired.metadata.name as string, desired.metadata.namespace);
        if (semanticEqual(fresh.status, desired.status)) return;
        target = fresh;
      }
    }
  }
}
