import { MetricCollector, type StatMessage, statsHandler } from '@kuack/autoscaler';
import {
  type ConfigStore,
  type InformerFactory,
  autoscalerConfig,
  deploymentConfig,
  enqueueControllerOf,
  globalResyncOnConfigChange,
  isResync,
  keyOf,
  reconcilerController,
} from '@kuack/controller';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type ActivatorProbe, endpointsActivatorProbe } from './activator-probe';
import { Deciders } from './deciders';
import { autoscalerMetrics } from './metrics';
import {
  type PodAutoscalerConfig,
  PrivateEndpoints,
  isKpa,
  podAutoscalerHooks,
  podAutoscalerReconciler,
} from './reconciler';
import {
  ENDPOINTS,
  type EndpointsObject,
  POD_AUTOSCALER,
  type PodAutoscalerObject,
  SERVERLESS_SERVICE,
  type ScalableObject,
  type ServerlessServiceObject,
} from './types';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const PRIVATE_SUFFIX = '-private';

/** The ConfigMaps the PA reconciler reads; a change re-enqueues every PA. */
export const POD_AUTOSCALER_CONFIG_MAPS = [autoscalerConfig.name, deploymentConfig.name];

/** A PodAutoscalerConfig snapshot from a ConfigStore watching config-autoscaler and config-deployment. */
export function podAutoscalerConfigFrom(store: ConfigStore): PodAutoscalerConfig {
  return { autoscaler: store.get(autoscalerConfig), deployment: store.get(deploymentConfig) };
}

export interface PodAutoscalerControllerDeps {
  factory: InformerFactory;
  logger: Logger;
  /** A ConfigStore with config-autoscaler and config-deployment, or a snapshot function (tests). */
  config: ConfigStore | (() => PodAutoscalerConfig);
  registry?: Registry;
  workers?: number;
  /** Shared with the stats endpoint; created when absent. */
  collector?: MetricCollector;
  /** Default: probe the public Service's Endpoints (`K-Network-Probe: activator`). */
  probeActivator?: ActivatorProbe;
  now?: () => number;
  /** KPA tick (2 s) and scrape period (1 s), shorter in tests. */
  tickMs?: number;
  scrapeIntervalMs?: number;
  /** ConfigMap informer of the system namespace, to resync every PA when config-autoscaler changes. */
  configMaps?: { addHandler(h: ReturnType<typeof globalResyncOnConfigChange>): void };
}

/**
 * The KPA PodAutoscaler controller for the serving-controller app. Besides the controller it returns:
 * - `statsHandler`: the node:http handler of `POST /v1/stats` (mount it on --autoscaler-address); it records
 *   each stat and pokes the revision's KPA (a stat with traffic for a revision at zero decides at once);
 * - `onStat`: the same hook for in-process callers; `collector` and `deciders` for inspection.
 * The 2 s KPA tick and the 1 s scrape loop start with the first reconcile and stop with the controller.
 */
export function podAutoscalerController(deps: PodAutoscalerControllerDeps) {
  const { factory, logger } = deps;
  const now = deps.now ?? Date.now;
  const config =
    typeof deps.config === 'function'
      ? deps.config
      : (
          (store: ConfigStore) => () =>
            podAutoscalerConfigFrom(store)
        )(deps.config);
  const serverlessServices = factory.informerFor<ServerlessServiceObject>(SERVERLESS_SERVICE);
  const endpoints = factory.informerFor<EndpointsObject>(ENDPOINTS);
  const scaleTargets = factory.informerFor<ScalableObject>(DEPLOYMENT);
  const collector =
    deps.collector ?? new MetricCollector({ logger: logger.child({ component: 'collector' }), now });
  const privateEndpoints = new PrivateEndpoints(endpoints);
  const enqueue = (key: string) => built.controller.enqueueKey(key);
  const deciders = new Deciders({
    source: collector,
    metrics: deps.registry ? autoscalerMetrics(deps.registry) : undefined,
    readyPods: (key) => privateEndpoints.readyPods(key),
    onChange: enqueue,
    now,
    logger,
    tickMs: deps.tickMs,
  });

  let stopScraping: (() => Promise<void>) | undefined;
  const startLoops = () => {
    deciders.start();
    stopScraping ??= collector.scrapeLoop({
      targets: (key) => privateEndpoints.scrapeTargets(key),
      intervalMs: deps.scrapeIntervalMs,
    });
  };
  const stopLoops = async () => {
    deciders.stop();
    const stop = stopScraping;
    stopScraping = undefined;
    await stop?.();
  };

  const reconciler = podAutoscalerReconciler({
    config,
    serverlessServices,
    scaleTargets,
    privateEndpoints,
    deciders,
    collector,
    probeActivator: deps.probeActivator ?? endpointsActivatorProbe(endpoints),
    now,
  });
  const built = reconcilerController<PodAutoscalerObject>({
    name: 'podautoscaler',
    gvk: POD_AUTOSCALER,
    factory,
    logger,
    registry: deps.registry,
    workers: deps.workers,
    reconciler: {
      reconcileKind: (ctx, pa) => {
        startLoops();
        return reconciler.reconcileKind(ctx, pa);
      },
    },
    hooks: podAutoscalerHooks(now),
  });

  // A deleted PA drops its KPA and metrics (Knative ObserveDeletion).
  built.informer.addHandler({
    onDelete: (pa) => {
      const key = keyOf(pa);
      deciders.delete(key);
      collector.delete(key);
      privateEndpoints.forget(key);
    },
  });
  serverlessServices.addHandler(enqueueControllerOf(built.controller, POD_AUTOSCALER));
  // Ready pods change: the private Service's Endpoints (`<rev>-private`); the activator probe: the public one.
  endpoints.addHandler({
    onAdd: (ep) => enqueueForEndpoints(ep),
    onUpdate: (old, ep) => !isResync(old, ep) && enqueueForEndpoints(ep),
    onDelete: (ep) => enqueueForEndpoints(ep),
  });
  function enqueueForEndpoints(ep: EndpointsObject): void {
    const name = ep.metadata.name ?? '';
    const paName = name.endsWith(PRIVATE_SUFFIX) ? name.slice(0, -PRIVATE_SUFFIX.length) : name;
    const key = `${ep.metadata.namespace}/${paName}`;
    const pa = built.informer.get(key);
    if (pa && isKpa(pa)) enqueue(key);
  }
  deps.configMaps?.addHandler(
    globalResyncOnConfigChange(built.controller, built.informer, POD_AUTOSCALER_CONFIG_MAPS),
  );

  // Leaving leadership or stopping ends the loops (the KPAs are rebuilt fresh, in panic, by the next leader).
  const controller = built.controller;
  const stop = controller.stop.bind(controller);
  const suspend = controller.suspend.bind(controller);
  controller.stop = async () => {
    await stopLoops();
    deciders.clear();
    await stop();
  };
  controller.suspend = async () => {
    await stopLoops();
    deciders.clear();
    await suspend();
  };

  /** Records a pushed stat and pokes the revision's KPA. */
  const onStat = (m: StatMessage) => {
    collector.record(m.key, m.stat);
    deciders.poke(m.key, m.stat);
  };
  const handler: (req: IncomingMessage, res: ServerResponse) => void = statsHandler({
    onStat,
    logger: logger.child({ component: 'stats' }),
  });

  return {
    ...built,
    serverlessServices,
    endpoints,
    scaleTargets,
    collector,
    deciders,
    onStat,
    statsHandler: handler,
    /** Enqueue a PA at once (e.g. the activator's poke arriving by another path). */
    poke: enqueue,
  };
}
