import { ServingAnnotations, ServingLabels } from '@kuack/api';
import { ownerRefTo } from '@kuack/controller';
import { CONFIGURATION, type ConfigurationObject, type ServiceObject } from '../../resources/kinds';
import { joinSorted, listAnnotationValue } from '../../resources/list-annotation';
import { configurationName, routeName } from './names';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The rollout annotations stay on the Service and its Route; the Configuration does not take them. */
const ROLLOUT_ANNOTATIONS = [ServingAnnotations.rolloutDuration, 'serving.knative.dev/rolloutDuration'];

/**
 * The Configuration a Service owns (MakeConfigurationFromExisting): the Service's template, its labels plus
 * serving.knative.dev/service and serviceUID, its annotations minus kubectl's last-applied and the rollout
 * ones, and `serving.knative.dev/routes` naming the Service's Route (kept with routes already listed).
 */
export function makeConfiguration(
  service: ServiceObject,
  existing?: ConfigurationObject,
): ConfigurationObject {
  const annotations = withoutKeys(service.metadata.annotations, [
    LAST_APPLIED_ANNOTATION,
    ...ROLLOUT_ANNOTATIONS,
  ]);
  const routes = listAnnotationValue(existing?.metadata.annotations, ServingAnnotations.routes);
  routes.add(routeName(service));
  annotations[ServingAnnotations.routes] = joinSorted(routes);
  return {
    apiVersion: CONFIGURATION.apiVersion,
    kind: CONFIGURATION.kind,
    metadata: {
      name: configurationName(service),
      namespace: service.metadata.namespace,
      ownerReferences: [ownerRefTo(service)],
      labels: {
        ...service.metadata.labels,
        [ServingLabels.service]: service.metadata.name as string,
        [ServingLabels.serviceUID]: service.metadata.uid as string,
      },
      annotations,
    },
    spec: structuredClone({ template: service.spec.template ?? {} }),
  };
}

export function withoutKeys(map: Record<string, string> | undefined, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map ?? {})) if (!keys.includes(k)) out[k] = v;
  return out;
}
