import { ServingLabels, defaultRouteSpec } from '@kuack/api';
import { ownerRefTo } from '@kuack/controller';
import { ROUTE, type RouteObject, type ServiceObject } from '../../resources/kinds';
import { LAST_APPLIED_ANNOTATION, withoutKeys } from './configuration';
import { configurationName, routeName } from './names';

/**
 * The Route a Service owns (MakeRoute): the Service's traffic, each target without a revisionName following
 * the Service's Configuration; labels plus serving.knative.dev/service; annotations minus kubectl's
 * last-applied. Traffic is defaulted as the webhook would (100% latest when empty), so a Service applied to
 * an API server without Kuack's webhook still routes.
 */
export function makeRoute(service: ServiceObject): RouteObject {
  const spec = structuredClone({ traffic: service.spec.traffic });
  if (!spec.traffic) delete spec.traffic;
  defaultRouteSpec(spec, true);
  for (const t of spec.traffic ?? []) if (!t.revisionName) t.configurationName = configurationName(service);
  return {
    apiVersion: ROUTE.apiVersion,
    kind: ROUTE.kind,
    metadata: {
      name: routeName(service),
      namespace: service.metadata.namespace,
      ownerReferences: [ownerRefTo(service)],
      labels: { ...service.metadata.labels, [ServingLabels.service]: service.metadata.name as string },
      annotations: withoutKeys(service.metadata.annotations, [LAST_APPLIED_ANNOTATION]),
    },
    spec,
  };
}
