import { Tracker, reconcilerController } from '@kuack/controller';
import type { ServingControllerDeps } from '../resources/deps';
import {
  CONFIGURATION,
  type ConfigurationObject,
  REVISION,
  type RevisionObject,
  ROUTE,
  type RouteObject,
} from '../resources/kinds';
import { labelerReconciler } from './labeler';

/** The labeler: a Route controller without status writes, owning the Route finalizer `routes.serving.knative.dev`. */
export function labelerController(deps: ServingControllerDeps) {
  const { factory } = deps;
  const configurations = factory.informerFor<ConfigurationObject>(CONFIGURATION);
  const revisions = factory.informerFor<RevisionObject>(REVISION);
  let enqueue: (key: string) => void = () => undefined;
  const tracker = new Tracker((key) => enqueue(key));
  const { controller, informer } = reconcilerController<RouteObject>({
    name: 'labeler',
    gvk: ROUTE,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    reconciler: labelerReconciler({ configurations, revisions, tracker, now: deps.now }),
    skipStatusUpdates: true,
  });
  enqueue = (key) => controller.enqueueKey(key);
  configurations.addHandler(tracker.handler());
  revisions.addHandler(tracker.handler());
  informer.addHandler({ onDelete: (r) => tracker.untrackAll(`${r.metadata.namespace}/${r.metadata.name}`) });
  return { controller, informer };
}
