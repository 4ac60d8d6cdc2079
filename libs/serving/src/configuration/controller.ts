import { configurationConditionSet, preProcessReconcile } from '@kuack/api';
import { enqueueControllerOf, reconcilerController } from '@kuack/controller';
import type { ServingControllerDeps } from '../resources/deps';
import { CONFIGURATION, type ConfigurationObject, REVISION, type RevisionObject } from '../resources/kinds';
import { configurationReconciler } from './configuration';

/** The Configuration controller: Configurations and the Revisions they own. */
export function configurationController(deps: ServingControllerDeps) {
  const { factory } = deps;
  const revisions = factory.informerFor<RevisionObject>(REVISION);
  const { controller, informer } = reconcilerController<ConfigurationObject>({
    name: 'configuration',
    gvk: CONFIGURATION,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    reconciler: configurationReconciler({ revisions, clock: deps.now }),
    hooks: { preProcess: (c) => void preProcessReconcile(c, configurationConditionSet, deps.now) },
  });
  revisions.addHandler(enqueueControllerOf(controller, CONFIGURATION));
  return { controller, informer };
}
