import type { V1Container, V1EnvVar, V1Probe } from '@kubernetes/client-node';
import {
  AutoscalingQueueMetricsPortName,
  QUEUE_CONTAINER_NAME,
  QueueAdminPortName,
  type Revision,
  ServingLabels,
  containerConcurrencyOf,
  servingContainer,
  userPort,
} from '@kuack/api';
import type { RevisionConfig } from './config';

export const QUEUE_SERVING_PORT = 8012;
export const QUEUE_ADMIN_PORT = 8022;
export const QUEUE_METRICS_PORT = 9090;
export const QUEUE_HTTP_PORT_NAME = 'http';
export const PROBE_HEADER = 'K-Network-Probe';
export const QUEUE_PROBE_VALUE = 'queue';
/** Where the queue-proxy reaches the user container (it substitutes SERVING_POD_IP locally). */
export const LOCAL_ADDRESS = '127.0.0.1';

/**
 * The user readiness probe as the queue-proxy runs it: the port rewritten to the user port (or the probe's
 * own port when set), host 127.0.0.1, an exec probe turned into TCP; without a probe, Knative's default TCP
 * probe on the user port.
 */
export function queueReadinessProbe(rev: Revision): V1Probe {
  const port = userPort(rev.spec);
  const user = servingContainer(rev.spec).readinessProbe;
  if (!user) return { tcpSocket: { port, host: LOCAL_ADDRESS }, successThreshold: 1 };
  const p: V1Probe = JSON.parse(JSON.stringify(user)) as V1Probe;
  const own = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
  if (p.httpGet) {
    p.httpGet = {
      ...p.httpGet,
      host: LOCAL_ADDRESS,
      port: own(p.httpGet.port) ?? port,
      scheme: p.httpGet.scheme || 'HTTP',
    };
  } else if (p.tcpSocket) {
    p.tcpSocket = { ...p.tcpSocket, host: LOCAL_ADDRESS, port: own(p.tcpSocket.port) ?? port };
  } else if (p.grpc) {
    p.grpc = { ...p.grpc, port: own(p.grpc.port) ?? port };
  } else {
    delete p.exec;
    p.tcpSocket = { host: LOCAL_ADDRESS, port };
  }
  if ((p.periodSeconds ?? 0) > 0 && (p.timeoutSeconds ?? 0) < 1) p.timeoutSeconds = 1;
  if (!p.successThreshold) p.successThreshold = 1;
  return p;
}

/** The kubelet's probe of the queue-proxy: HTTP GET :8012/ with `K-Network-Probe: queue`, every second. */
export function queueProxyKubeletProbe(rev: Revision): V1Probe {
  const user = servingContainer(rev.spec).readinessProbe;
  const probe: V1Probe = {
    httpGet: {
      path: '/',
      port: QUEUE_SERVING_PORT,
      httpHeaders: [{ name: PROBE_HEADER, value: QUEUE_PROBE_VALUE }],
    },
    periodSeconds: user?.periodSeconds || 1,
  };
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'] as const)
    if (user?.[k] !== undefined) probe[k] = user[k];
  return probe;
}

/** An env var; an empty value is left out, as the API server drops it (so a re-read compares equal). */
export const env = (name: string, value: string | number): V1EnvVar =>
  value === '' ? { name } : { name, value: String(value) };
const fieldEnv = (name: string, fieldPath: string): V1EnvVar => ({
  name,
  valueFrom: { fieldRef: { fieldPath } },
});

/** The queue-proxy sidecar (the Revision Pod contract in docs/serving-contracts; Knative's queue.go names). */
export function makeQueueContainer(rev: Revision, cfg: RevisionConfig): V1Container {
  const spec = rev.spec;
  const timeout = spec?.timeoutSeconds ?? cfg.defaults.revisionTimeoutSeconds;
  const configuration =
    rev.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'Configuration')?.name ??
    rev.metadata?.labels?.[ServingLabels.configuration] ??
    '';
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const d = cfg.deployment;
  if (d.queueSidecarCpuRequest) requests.cpu = d.queueSidecarCpuRequest;
  if (d.queueSidecarMemoryRequest) requests.memory = d.queueSidecarMemoryRequest;
  if (d.queueSidecarEphemeralStorageRequest)
    requests['ephemeral-storage'] = d.queueSidecarEphemeralStorageRequest;
  if (d.queueSidecarCpuLimit) limits.cpu = d.queueSidecarCpuLimit;
  if (d.queueSidecarMemoryLimit) limits.memory = d.queueSidecarMemoryLimit;
  if (d.queueSidecarEphemeralStorageLimit) limits['ephemeral-storage'] = d.queueSidecarEphemeralStorageLimit;
  return {
    name: QUEUE_CONTAINER_NAME,
    image: d.queueSidecarImage,
    ports: [
      { name: QUEUE_HTTP_PORT_NAME, containerPort: QUEUE_SERVING_PORT },
      { name: QueueAdminPortName, containerPort: QUEUE_ADMIN_PORT },
      { name: AutoscalingQueueMetricsPortName, containerPort: QUEUE_METRICS_PORT },
    ],
    readinessProbe: queueProxyKubeletProbe(rev),
    resources: {
      ...(Object.keys(requests).length ? { requests } : {}),
      ...(Object.keys(limits).length ? { limits } : {}),
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    env: [
      env('SERVING_NAMESPACE', rev.metadata?.namespace ?? ''),
      env('SERVING_SERVICE', rev.metadata?.labels?.[ServingLabels.service] ?? ''),
      env('SERVING_CONFIGURATION', configuration),
      env('SERVING_REVISION', rev.metadata?.name ?? ''),
      fieldEnv('SERVING_POD', 'metadata.name'),
      fieldEnv('SERVING_POD_IP', 'status.podIP'),
      env('QUEUE_SERVING_PORT', QUEUE_SERVING_PORT),
      env('USER_PORT', userPort(spec)),
      env('CONTAINER_CONCURRENCY', containerConcurrencyOf(spec)),
      env('REVISION_TIMEOUT_SECONDS', timeout),
      env('REVISION_RESPONSE_START_TIMEOUT_SECONDS', spec?.responseStartTimeoutSeconds ?? 0),
      env('REVISION_IDLE_TIMEOUT_SECONDS', spec?.idleTimeoutSeconds ?? 0),
      env('SERVING_READINESS_PROBE', JSON.stringify(queueReadinessProbe(rev))),
      env('METRICS_PORT', QUEUE_METRICS_PORT),
    ],
  };
}
