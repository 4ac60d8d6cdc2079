import { AUTOSCALING_GROUP, type Revision, ServingAnnotations, ServingLabels } from '@kuack/api';

export const APP_LABEL = 'app';
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

const EXCLUDED_LABELS = new Set<string>([ServingLabels.route, ServingLabels.routingState]);
const EXCLUDED_ANNOTATIONS = new Set<string>([
  ServingAnnotations.lastPinned,
  'serving.knative.dev/preserve',
  ServingAnnotations.routingStateModified,
  ServingAnnotations.routes,
]);

function filter(m: Record<string, string> | undefined, drop: (key: string) => boolean) {
  return Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => !drop(k)));
}

/**
 * The labels of the Deployment, its Pods and the PodAutoscaler: the revision's own (without route and
 * routingState, which change while the Deployment must not), plus revision name and UID, and `app`.
 */
export function makeLabels(rev: Revision): Record<string, string> {
  const labels: Record<string, string> = {
    ...filter(rev.metadata?.labels, (k) => EXCLUDED_LABELS.has(k)),
    [ServingLabels.revision]: rev.metadata?.name ?? '',
    [ServingLabels.revisionUID]: rev.metadata?.uid ?? '',
  };
  labels[APP_LABEL] ??= rev.metadata?.name ?? '';
  return labels;
}

const excludedOrAutoscaling = (k: string) => EXCLUDED_ANNOTATIONS.has(k) || k.startsWith(AUTOSCALING_GROUP);

export function deploymentAnnotations(rev: Revision): Record<string, string> {
  return filter(rev.metadata?.annotations, excludedOrAutoscaling);
}

export function podAnnotations(rev: Revision, userContainerName: string | undefined) {
  const anns = filter(rev.metadata?.annotations, excludedOrAutoscaling);
  if (userContainerName) anns[DEFAULT_CONTAINER_ANNOTATION] = userContainerName;
  return anns;
}

export function podAutoscalerAnnotations(rev: Revision): Record<string, string> {
  return filter(rev.metadata?.annotations, (k) => EXCLUDED_ANNOTATIONS.has(k));
}

/** The Deployment selects its Pods by revision UID, as Knative does. */
export function makeSelector(rev: Revision) {
  return { matchLabels: { [ServingLabels.revisionUID]: rev.metadata?.uid ?? '' } };
}
