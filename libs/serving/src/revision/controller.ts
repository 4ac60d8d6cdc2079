import {
  type ConfigStore,
  type InformerFactory,
  autoscalerConfig,
  defaultsConfig,
  deploymentConfig,
  type KubeObject,
  enqueueControllerOf,
  globalResyncOnConfigChange,
  isResync,
  keyOf,
  observabilityConfig,
  reconcilerController,
} from '@kuack/controller';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { BackgroundDigestResolver, type DigestSource } from './digest';
import { revisionReconciler } from './reconciler';
import type { RevisionConfig } from './resources/config';
import {
  DEPLOYMENT,
  type Deployment,
  POD,
  POD_AUTOSCALER,
  type Pod,
  type PodAutoscalerObject,
  REVISION,
  type RevisionObject,
} from './types';

const REVISION_LABEL = 'serving.knative.dev/revision';

/** The ConfigMaps the Revision reconciler reads; a change re-enqueues every Revision. */
export const REVISION_CONFIG_MAPS = [
  autoscalerConfig.name,
  defaultsConfig.name,
  deploymentConfig.name,
  observabilityConfig.name,
];

/** A RevisionConfig snapshot from a ConfigStore that watches the ConfigMaps above. */
export function revisionConfigFrom(store: ConfigStore): RevisionConfig {
  return {
    deployment: store.get(deploymentConfig),
    defaults: store.get(defaultsConfig),
    autoscaler: store.get(autoscalerConfig),
    loggingUrlTemplate: store.get(observabilityConfig).loggingUrlTemplate,
  };
}

export interface RevisionControllerDeps {
  factory: InformerFactory;
  logger: Logger;
  config: () => RevisionConfig;
  digestSource: DigestSource;
  registry?: Registry;
  workers?: number;
  /** Namespace of Knative's ConfigMaps (default knative-serving): a change of theirs re-enqueues every Revision. */
  systemNamespace?: string;
}

/**
 * The Revision controller: Revisions, plus the Deployments and PodAutoscalers they own and the Pods labelled
 * with a revision (their failures become the revision's conditions).
 */
export function revisionController(deps: RevisionControllerDeps) {
  const { factory } = deps;
  const deployments = factory.informerFor<Deployment>(DEPLOYMENT);
  const podAutoscalers = factory.informerFor<PodAutoscalerObject>(POD_AUTOSCALER);
  const pods = factory.informerFor<Pod>(POD, { labelSelector: REVISION_LABEL });
  const enqueue = (key: string) => built.controller.enqueueKey(key);
  const resolver = new BackgroundDigestResolver(deps.digestSource, enqueue);
  const built = reconcilerController<RevisionObject>({
    name: 'revision',
    gvk: REVISION,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    workers: deps.workers,
    reconciler: revisionReconciler({
      config: deps.config,
      deployments,
      podAutoscalers,
      pods,
      resolver,
    }),
    hooks: {
      preProcess: (rev) => {
        rev.status ??= {};
      },
    },
  });
  // A deleted Revision's pending digest work is dropped (Knative's resolver.Forget).
  built.informer.addHandler({ onDelete: (rev) => resolver.clear(keyOf(rev)) });
  deployments.addHandler(enqueueControllerOf(built.controller, REVISION));
  podAutoscalers.addHandler(enqueueControllerOf(built.controller, REVISION));
  const enqueuePodRevision = (pod: Pod) => {
    const rev = pod.metadata.labels?.[REVISION_LABEL];
    if (rev) enqueue(`${pod.metadata.namespace}/${rev}`);
  };
  factory
    .informerFor<KubeObject>(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { namespace: deps.systemNamespace ?? 'knative-serving' },
    )
    .addHandler(globalResyncOnConfigChange(built.controller, built.informer, REVISION_CONFIG_MAPS));
  pods.addHandler({
    onAdd: enqueuePodRevision,
    onUpdate: (old, pod) => !isResync(old, pod) && enqueuePodRevision(pod),
    onDelete: enqueuePodRevision,
  });
  return { ...built, deployments, podAutoscalers, pods };
}
