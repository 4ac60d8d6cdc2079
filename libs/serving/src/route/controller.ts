import { preProcessReconcile, routeConditionSet } from '@kuack/api';
import {
  type KubeObject,
  Tracker,
  enqueueControllerOf,
  globalResyncOnConfigChange,
  reconcilerController,
} from '@kuack/controller';
import type { ServingControllerDeps } from '../resources/deps';
import {
  CONFIG_MAP,
  CONFIGURATION,
  type ConfigurationObject,
  type IngressObject,
  KINGRESS,
  REVISION,
  type RevisionObject,
  ROUTE,
  type RouteObject,
} from '../resources/kinds';
import { routeSettingsFrom } from '../resources/settings';
import { K8S_SERVICE, type PlaceholderService } from './resources';
import { routeReconciler } from './route';

/**
 * The Route controller: Routes, the KIngresses they own, the Configurations and Revisions their traffic
 * references (through a tracker), and a resync of every Route when config-network, config-domain or
 * config-features change.
 */
export function routeController(deps: ServingControllerDeps) {
  const { factory } = deps;
  const configurations = factory.informerFor<ConfigurationObject>(CONFIGURATION);
  const revisions = factory.informerFor<RevisionObject>(REVISION);
  const ingresses = factory.informerFor<IngressObject>(KINGRESS);
  const services = factory.informerFor<PlaceholderService>(K8S_SERVICE);
  let enqueue: (key: string) => void = () => undefined;
  const tracker = new Tracker((key) => enqueue(key));
  const { controller, informer } = reconcilerController<RouteObject>({
    name: 'route',
    gvk: ROUTE,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    reconciler: routeReconciler({
      configurations,
      revisions,
      ingresses,
      services,
      settings: () => routeSettingsFrom(deps.config),
      tracker,
      clock: deps.now,
    }),
    hooks: { preProcess: (r) => void preProcessReconcile(r, routeConditionSet, deps.now) },
  });
  enqueue = (key) => controller.enqueueKey(key);
  ingresses.addHandler(enqueueControllerOf(controller, ROUTE));
  services.addHandler(enqueueControllerOf(controller, ROUTE));
  configurations.addHandler(tracker.handler());
  revisions.addHandler(tracker.handler());
  informer.addHandler({ onDelete: (r) => tracker.untrackAll(`${r.metadata.namespace}/${r.metadata.name}`) });
  factory
    .informerFor<KubeObject>(CONFIG_MAP, { namespace: deps.systemNamespace ?? 'knative-serving' })
    .addHandler(
      globalResyncOnConfigChange(controller, informer, [
        'config-network',
        'config-domain',
        'config-features',
      ]),
    );
  return { controller, informer, tracker };
}
