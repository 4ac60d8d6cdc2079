import { domainMappingConditionSet, preProcessReconcile } from '@kuack/api';
import { Tracker, enqueueControllerOf, networkConfig, reconcilerController } from '@kuack/controller';
import type { ServingControllerDeps } from '../resources/deps';
import { type IngressObject, KINGRESS, ROUTE, SERVICE } from '../resources/kinds';
import { configOrDefaults } from '../resources/settings';
import { domainMappingReconciler } from './domainmapping';
import { DOMAIN_MAPPING, type DomainMappingObject } from './resources';

/**
 * The DomainMapping controller: DomainMappings, their KIngresses, and the Knative Services and Routes they
 * point at (tracked; other Addressable kinds are read on each reconcile and picked up by the resync).
 */
export function domainMappingController(deps: ServingControllerDeps) {
  const { factory } = deps;
  const ingresses = factory.informerFor<IngressObject>(KINGRESS);
  let enqueue: (key: string) => void = () => undefined;
  const tracker = new Tracker((key) => enqueue(key));
  let all: { list(namespace?: string): DomainMappingObject[] } = { list: () => [] };
  const { controller, informer } = reconcilerController<DomainMappingObject>({
    name: 'domainmapping',
    gvk: DOMAIN_MAPPING,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    reconciler: domainMappingReconciler({
      ingresses,
      domainMappings: { list: (ns) => all.list(ns) },
      network: () => configOrDefaults(deps.config, networkConfig),
      tracker,
      clock: deps.now,
    }),
    hooks: { preProcess: (dm) => void preProcessReconcile(dm, domainMappingConditionSet, deps.now) },
  });
  all = informer;
  enqueue = (key) => controller.enqueueKey(key);
  ingresses.addHandler(enqueueControllerOf(controller, DOMAIN_MAPPING));
  factory.informerFor(SERVICE).addHandler(tracker.handler());
  factory.informerFor(ROUTE).addHandler(tracker.handler());
  // A mapping that releases a domain lets the next claimant take it.
  informer.addHandler({
    onDelete: (dm) => {
      tracker.untrackAll(`${dm.metadata.namespace}/${dm.metadata.name}`);
      for (const other of informer.list())
        if (other.metadata.name === dm.metadata.name) controller.enqueue(other);
    },
  });
  return { controller, informer };
}
