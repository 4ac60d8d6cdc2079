import {
  enqueueControllerOf,
  gcConfig,
  globalResyncOnConfigChange,
  reconcilerController,
} from '@kuack/controller';
import type { KubeObject } from '@kuack/controller';
import type { ServingControllerDeps } from '../resources/deps';
import {
  CONFIG_MAP,
  CONFIGURATION,
  type ConfigurationObject,
  REVISION,
  type RevisionObject,
} from '../resources/kinds';
import { configOrDefaults } from '../resources/settings';
import { revisionGcReconciler } from './gc';

/** The revision GC controller (Knative's `revision-gc-controller`): Configurations, their Revisions, config-gc. */
export function revisionGcController(deps: ServingControllerDeps) {
  const { factory } = deps;
  const revisions = factory.informerFor<RevisionObject>(REVISION);
  const { controller, informer } = reconcilerController<ConfigurationObject>({
    name: 'revision-gc',
    gvk: CONFIGURATION,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    reconciler: revisionGcReconciler({
      revisions,
      gc: () => configOrDefaults(deps.config, gcConfig),
      now: deps.now ? () => deps.now!().getTime() : undefined,
    }),
    skipStatusUpdates: true,
  });
  revisions.addHandler(enqueueControllerOf(controller, CONFIGURATION));
  factory
    .informerFor<KubeObject>(CONFIG_MAP, { namespace: deps.systemNamespace ?? 'knative-serving' })
    .addHandler(globalResyncOnConfigChange(controller, informer, ['config-gc']));
  return { controller, informer };
}
