import { ServingAnnotations, ServingLabels, formatTime } from '@kuack/api';
import type { KubeObject } from '@kuack/controller';
import { joinSorted, listAnnotationValue } from '../resources/list-annotation';

/**
 * The merge patch that adds (or, with `remove`, drops) a route in an object's `serving.knative.dev/routes`
 * annotation and, for Revisions (`withRoutingState`), moves serving.knative.dev/routingState to `active`
 * while some route lists it and to `reserve` when none does, stamping routingStateModified on a change.
 * Undefined when nothing changes.
 */
export function routingMetadataPatch(
  obj: KubeObject,
  routeName: string,
  options: { remove: boolean; withRoutingState: boolean; now: Date },
):
  { metadata: { labels?: Record<string, string>; annotations?: Record<string, string | null> } } | undefined {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string | null> = {};
  const routes = listAnnotationValue(obj.metadata.annotations, ServingAnnotations.routes);
  const has = routes.has(routeName);
  if (has && options.remove) {
    routes.delete(routeName);
    annotations[ServingAnnotations.routes] = routes.size ? joinSorted(routes) : null;
  } else if (!has && !options.remove) {
    routes.add(routeName);
    annotations[ServingAnnotations.routes] = joinSorted(routes);
  }
  if (options.withRoutingState) {
    let hasRoute = !!obj.metadata.annotations?.[ServingAnnotations.routes];
    if (ServingAnnotations.routes in annotations) hasRoute = annotations[ServingAnnotations.routes] !== null;
    const want = hasRoute ? 'active' : 'reserve';
    if (obj.metadata.labels?.[ServingLabels.routingState] !== want) {
      labels[ServingLabels.routingState] = want;
      annotations[ServingAnnotations.routingStateModified] = formatTime(options.now);
    }
  }
  const metadata: { labels?: Record<string, string>; annotations?: Record<string, string | null> } = {};
  if (Object.keys(labels).length) metadata.labels = labels;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return Object.keys(metadata).length ? { metadata } : undefined;
}
