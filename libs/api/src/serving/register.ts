import { childName } from '../core/names';

// serving.knative.dev names: labels, annotations and reserved values (pkg/apis/serving/register.go).
export const SERVING_GROUP = 'serving.knative.dev';

export const ServingLabels = {
  service: `${SERVING_GROUP}/service`,
  configuration: `${SERVING_GROUP}/configuration`,
  configurationGeneration: `${SERVING_GROUP}/configurationGeneration`,
  configurationUID: `${SERVING_GROUP}/configurationUID`,
  revision: `${SERVING_GROUP}/revision`,
  revisionUID: `${SERVING_GROUP}/revisionUID`,
  route: `${SERVING_GROUP}/route`,
  routeNamespace: `${SERVING_GROUP}/routeNamespace`,
  routingState: `${SERVING_GROUP}/routingState`,
  serviceUID: `${SERVING_GROUP}/serviceUID`,
  domainMappingUID: `${SERVING_GROUP}/domainMappingUID`,
  domainMappingNamespace: `${SERVING_GROUP}/domainMappingNamespace`,
  deploymentHash: `${SERVING_GROUP}/deployment-hash`,
} as const;

export const ServingAnnotations = {
  creator: `${SERVING_GROUP}/creator`,
  lastModifier: `${SERVING_GROUP}/lastModifier`,
  routes: `${SERVING_GROUP}/routes`,
  rolloutDuration: `${SERVING_GROUP}/rollout-duration`,
  routingStateModified: `${SERVING_GROUP}/routingStateModified`,
  lastPinned: `${SERVING_GROUP}/lastPinned`,
  noGC: `${SERVING_GROUP}/no-gc`,
  progressDeadline: `${SERVING_GROUP}/progress-deadline`,
  queueSidecarResourcePercentage: `queue.sidecar.${SERVING_GROUP}/resource-percentage`,
  queueSidecarCpuResourceRequest: `queue.sidecar.${SERVING_GROUP}/cpu-resource-request`,
  queueSidecarCpuResourceLimit: `queue.sidecar.${SERVING_GROUP}/cpu-resource-limit`,
  queueSidecarMemoryResourceRequest: `queue.sidecar.${SERVING_GROUP}/memory-resource-request`,
  queueSidecarMemoryResourceLimit: `queue.sidecar.${SERVING_GROUP}/memory-resource-limit`,
  queueSidecarEphemeralStorageResourceRequest: `queue.sidecar.${SERVING_GROUP}/ephemeral-storage-resource-request`,
  queueSidecarEphemeralStorageResourceLimit: `queue.sidecar.${SERVING_GROUP}/ephemeral-storage-resource-limit`,
} as const;

export type RoutingState = '' | 'pending' | 'active' | 'reserve';

/** networking.knative.dev/visibility=cluster-local keeps a route off the external domain. */
export const VisibilityLabelKey = 'networking.knative.dev/visibility';
export const VisibilityClusterLocal = 'cluster-local';

/** Ports the queue-proxy and its metrics/profiling use (networking ports.go + profiling). */
export const RESERVED_PORTS: ReadonlySet<number> = new Set([8012, 8013, 8022, 9090, 9091, 8008]);
export const RESERVED_ENV_VARS: ReadonlySet<string> = new Set([
  'PORT',
  'K_SERVICE',
  'K_CONFIGURATION',
  'K_REVISION',
]);
export const RESERVED_SIDECAR_ENV_VARS: ReadonlySet<string> = new Set([
  'K_SERVICE',
  'K_CONFIGURATION',
  'K_REVISION',
]);
export const RESERVED_CONTAINER_NAMES: ReadonlySet<string> = new Set(['queue-proxy']);
export const RESERVED_MOUNT_PATHS: ReadonlySet<string> = new Set(['/', '/dev', '/dev/log']);

export const DEFAULT_USER_PORT = 8080;
export const DEFAULT_USER_PORT_NAME = 'http';
export const QUEUE_CONTAINER_NAME = 'queue-proxy';

/** The name a Configuration gives the Revision of a generation: `{config}-{generation:05}` (hashed past 63). */
export function revisionNameFor(configurationName: string, generation: number): string {
  return childName(configurationName, `-${String(generation).padStart(5, '0')}`);
}
