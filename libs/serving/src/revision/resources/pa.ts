import {
  AutoscalingAnnotations,
  type PodAutoscaler,
  type ReachabilityType,
  type Revision,
  RevisionConditionContainerHealthy,
  RevisionConditionResourcesAvailable,
  containerConcurrencyOf,
  defaultMetric,
  getAnnotation,
  getCondition,
  revisionProtocol,
  routingStateOf,
} from '@kuack/api';
import { DEPLOYMENT, type Deployment, POD_AUTOSCALER } from '../types';
import type { RevisionConfig } from './config';
import { makeLabels, podAutoscalerAnnotations } from './meta';
import { deploymentName, podAutoscalerName } from './names';

/**
 * Whether the PA should keep the revision scaled for traffic: Unreachable when the revision failed and has no
 * ready pod although it wants some; otherwise from the routingState label (active → Reachable, reserve →
 * Unreachable, anything else → unknown, the empty string).
 */
export function reachability(rev: Revision, deployment: Deployment | undefined): ReachabilityType {
  const failed = [RevisionConditionResourcesAvailable, RevisionConditionContainerHealthy].some(
    (t) => getCondition(rev.status, t)?.status === 'False',
  );
  const replicas = deployment?.spec?.replicas;
  if (failed && replicas !== undefined && replicas > 0 && (deployment?.status?.readyReplicas ?? 0) === 0)
    return 'Unreachable';
  switch (routingStateOf(rev)) {
    case 'active':
      return 'Reachable';
    case 'reserve':
      return 'Unreachable';
    default:
      return '';
  }
}

/** The class and metric annotations: the revision's, else config-autoscaler's class and the class's metric. */
export function autoscalingClassAndMetric(rev: Revision, cfg: RevisionConfig) {
  const anns = rev.metadata?.annotations;
  const cls = getAnnotation(anns, AutoscalingAnnotations.class)?.value || cfg.autoscaler.podAutoscalerClass;
  const metric = getAnnotation(anns, AutoscalingAnnotations.metric)?.value || defaultMetric(cls);
  return { cls, metric };
}

/** The Revision's PodAutoscaler (Knative MakePA): same name, scale target = the Deployment. */
export function makePodAutoscaler(
  rev: Revision,
  deployment: Deployment | undefined,
  cfg: RevisionConfig,
): PodAutoscaler {
  const { cls, metric } = autoscalingClassAndMetric(rev, cfg);
  const reach = reachability(rev, deployment);
  return {
    apiVersion: POD_AUTOSCALER.apiVersion,
    kind: POD_AUTOSCALER.kind,
    metadata: {
      name: podAutoscalerName(rev),
      namespace: rev.metadata?.namespace,
      labels: makeLabels(rev),
      annotations: {
        ...podAutoscalerAnnotations(rev),
        [AutoscalingAnnotations.class[0]]: cls,
        [AutoscalingAnnotations.metric[0]]: metric,
      },
    },
    spec: {
      containerConcurrency: containerConcurrencyOf(rev.spec),
      scaleTargetRef: { apiVersion: DEPLOYMENT.apiVersion, kind: DEPLOYMENT.kind, name: deploymentName(rev) },
      protocolType: revisionProtocol(rev),
      ...(reach ? { reachability: reach } : {}),
    },
  };
}
