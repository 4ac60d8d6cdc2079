import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Controller } from './controller';
import { enqueueHandler } from './enqueue';
import { type EventRecorder, KubeEventRecorder } from './events';
import type { Informer, InformerOptions } from './informer';
import type { InformerFactory } from './informer-factory';
import type { Gvk, KubeObject } from './objects';
import type { RateLimiter } from './rate-limiter';
import { type Reconciler, type StatusHooks, wrapReconciler } from './reconciler';

export interface ReconcilerControllerOptions<T extends KubeObject> {
  /** Queue, metrics and log name, e.g. `route`. */
  name: string;
  gvk: Gvk;
  factory: InformerFactory;
  reconciler: Reconciler<T>;
  logger: Logger;
  registry?: Registry;
  /** Defaults to a KubeEventRecorder reporting as `<name>-controller`. */
  recorder?: EventRecorder;
  workers?: number;
  rateLimiter?: RateLimiter;
  finalizerName?: string;
  hooks?: StatusHooks<T>;
  skipStatusUpdates?: boolean;
  /** Options of the primary kind's informer (namespace, selector, resync, indexers). */
  informer?: Omit<InformerOptions<T>, 'gvk'>;
}

/**
 * The usual wiring of one Knative-style controller: the shared informer of the primary kind, the reconciler
 * wrapper reading from it, a work queue fed by its events. Add handlers for children (`enqueueControllerOf`),
 * trackers and config stores on the returned pieces.
 */
export function reconcilerController<T extends KubeObject>(
  options: ReconcilerControllerOptions<T>,
): { controller: Controller; informer: Informer<T>; recorder: EventRecorder } {
  const { factory, gvk, logger } = options;
  const informer = factory.informerFor<T>(gvk, options.informer ?? {});
  const recorder =
    options.recorder ?? new KubeEventRecorder(factory.client, `${options.name}-controller`, logger);
  const controller = new Controller({
    name: options.name,
    logger: logger.child({ controller: options.name }),
    registry: options.registry,
    workers: options.workers,
    rateLimiter: options.rateLimiter,
    reconcile: wrapReconciler<T>({
      gvk,
      lister: informer,
      client: factory.client,
      reconciler: options.reconciler,
      logger: logger.child({ controller: options.name }),
      recorder,
      finalizerName: options.finalizerName,
      hooks: options.hooks,
      skipStatusUpdates: options.skipStatusUpdates,
    }),
  });
  informer.addHandler(enqueueHandler(controller));
  return { controller, informer, recorder };
}
