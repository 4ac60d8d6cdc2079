import { serviceConditionSet, preProcessReconcile } from '@kuack/api';
import { enqueueControllerOf, reconcilerController } from '@kuack/controller';
import type { ServingControllerDeps } from '../resources/deps';
import {
  CONFIGURATION,
  type ConfigurationObject,
  REVISION,
  type RevisionObject,
  ROUTE,
  type RouteObject,
  SERVICE,
  type ServiceObject,
} from '../resources/kinds';
import { serviceReconciler } from './service';

/** The Service controller: Services, and the Configurations and Routes they own. */
export function serviceController(deps: ServingControllerDeps) {
  const { factory } = deps;
  const clock = deps.now;
  const configurations = factory.informerFor<ConfigurationObject>(CONFIGURATION);
  const routes = factory.informerFor<RouteObject>(ROUTE);
  const revisions = factory.informerFor<RevisionObject>(REVISION);
  const { controller, informer } = reconcilerController<ServiceObject>({
    name: 'service',
    gvk: SERVICE,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    reconciler: serviceReconciler({ configurations, routes, revisions, clock }),
    hooks: { preProcess: (svc) => void preProcessReconcile(svc, serviceConditionSet, clock) },
  });
  configurations.addHandler(enqueueControllerOf(controller, SERVICE));
  routes.addHandler(enqueueControllerOf(controller, SERVICE));
  return { controller, informer };
}
