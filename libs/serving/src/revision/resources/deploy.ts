import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import {
  AutoscalingAnnotations,
  QUEUE_CONTAINER_NAME,
  type Revision,
  ServingAnnotations,
  ServingLabels,
  UserPortName,
  getAnnotation,
  parseGoDuration,
  userPort,
} from '@kuack/api';
import { DEPLOYMENT, type Deployment } from '../types';
import type { RevisionConfig } from './config';
import { deploymentAnnotations, makeLabels, makeSelector, podAnnotations } from './meta';
import { deploymentName } from './names';
import { QUEUE_ADMIN_PORT, env as envVar, makeQueueContainer } from './queue';

export const DRAIN_PATH = '/wait-for-drain';

/** Fields of a RevisionSpec that are Knative's, not the PodSpec's. */
const REVISION_ONLY_FIELDS = [
  'containerConcurrency',
  'timeoutSeconds',
  'responseStartTimeoutSeconds',
  'idleTimeoutSeconds',
] as const;

function isServing(rev: Revision, c: V1Container): boolean {
  const cs = rev.spec?.containers ?? [];
  return cs.length === 1 || (c.ports ?? []).length > 0;
}

function knativeEnv(rev: Revision) {
  return [
    envVar('K_REVISION', rev.metadata?.name ?? ''),
    envVar('K_CONFIGURATION', rev.metadata?.labels?.[ServingLabels.configuration] ?? ''),
    envVar('K_SERVICE', rev.metadata?.labels?.[ServingLabels.service] ?? ''),
  ];
}

/** The image the Pod runs: the digest resolved into the status when there is one. */
function resolvedImage(rev: Revision, c: V1Container, index: number): string | undefined {
  const statuses = rev.status?.containerStatuses ?? [];
  const status = statuses.find((s) => s.name === c.name) ?? statuses[index];
  return status?.imageDigest || c.image;
}

/**
 * One user container as it runs: `$PORT` and the `K_*` variables, the serving port named `user-port`, the
 * liveness probe pointed at the user port, no network readiness probe (the queue-proxy runs it), and a
 * preStop that waits for the queue-proxy to drain.
 */
export function makeUserContainer(rev: Revision, source: V1Container, index: number, cfg: RevisionConfig) {
  const c: V1Container = JSON.parse(JSON.stringify(source)) as V1Container;
  if (!c.name) c.name = cfg.defaults.userContainerNameTemplate;
  const image = resolvedImage(rev, source, index);
  if (image) c.image = image;
  const env = [...(c.env ?? [])];
  if (isServing(rev, source)) {
    const port = userPort(rev.spec);
    c.ports = [{ name: UserPortName, containerPort: port }];
    env.push(envVar('PORT', port));
    const live = c.livenessProbe;
    if (live?.httpGet) live.httpGet.port = port;
    if (live?.tcpSocket) live.tcpSocket.port = port;
  }
  env.push(...knativeEnv(rev));
  c.env = env;
  c.lifecycle = { preStop: { httpGet: { port: QUEUE_ADMIN_PORT, path: DRAIN_PATH } } };
  // false is what the API server stores as absent; leaving them out keeps re-reads equal.
  delete c.stdin;
  delete c.stdinOnce;
  delete c.tty;
  c.terminationMessagePolicy ||= 'FallbackToLogsOnError';
  // An exec readiness probe stays (the kubelet runs it in the container); network probes move to the queue-proxy.
  if (c.readinessProbe && !c.readinessProbe.exec) delete c.readinessProbe;
  return c;
}

export function makePodSpec(rev: Revision, cfg: RevisionConfig): V1PodSpec {
  const spec: Record<string, unknown> = JSON.parse(JSON.stringify(rev.spec ?? {})) as Record<string, unknown>;
  for (const f of REVISION_ONLY_FIELDS) delete spec[f];
  const pod = spec as unknown as V1PodSpec;
  const users = (rev.spec?.containers ?? []).map((c, i) => makeUserContainer(rev, c, i, cfg));
  pod.containers = [...users, makeQueueContainer(rev, cfg)];
  pod.terminationGracePeriodSeconds = rev.spec?.timeoutSeconds ?? cfg.defaults.revisionTimeoutSeconds;
  if (pod.enableServiceLinks === undefined && cfg.defaults.enableServiceLinks !== undefined)
    pod.enableServiceLinks = cfg.defaults.enableServiceLinks;
  if (cfg.deployment.defaultAffinityType === 'prefer-spread-revision-over-nodes' && !rev.spec?.affinity) {
    pod.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { [ServingLabels.revision]: rev.metadata?.name ?? '' } },
            },
          },
        ],
      },
    };
  }
  return pod;
}

/** Replicas a new Deployment starts with: `initial-scale` annotation, else config-autoscaler initial-scale. */
export function initialReplicas(rev: Revision, cfg: RevisionConfig): number {
  const ann = getAnnotation(rev.metadata?.annotations, AutoscalingAnnotations.initialScale);
  const n = ann ? Number.parseInt(ann.value, 10) : NaN;
  return Number.isFinite(n) ? n : cfg.autoscaler.initialScale;
}

/** progressDeadlineSeconds: the `serving.knative.dev/progress-deadline` annotation, else config-deployment. */
export function progressDeadlineSeconds(rev: Revision, cfg: RevisionConfig): number {
  const ann = rev.metadata?.annotations?.[ServingAnnotations.progressDeadline];
  const ms = ann ? parseGoDuration(ann) : undefined;
  return ms !== undefined && ms > 0 ? Math.floor(ms / 1000) : cfg.deployment.progressDeadlineSeconds;
}

/** The Revision's Deployment (Knative MakeDeployment): user containers + queue-proxy, rolling with no unavailability. */
export function makeDeployment(rev: Revision, cfg: RevisionConfig): Deployment {
  const labels = makeLabels(rev);
  const userContainer = (rev.spec?.containers ?? []).find((c) => isServing(rev, c));
  return {
    apiVersion: DEPLOYMENT.apiVersion,
    kind: DEPLOYMENT.kind,
    metadata: {
      name: deploymentName(rev),
      namespace: rev.metadata?.namespace,
      labels,
      annotations: deploymentAnnotations(rev),
    },
    spec: {
      replicas: initialReplicas(rev, cfg),
      selector: makeSelector(rev),
      progressDeadlineSeconds: progressDeadlineSeconds(rev, cfg),
      revisionHistoryLimit: 0,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: {
        metadata: {
          labels: { ...labels },
          annotations: podAnnotations(rev, userContainer?.name || cfg.defaults.userContainerNameTemplate),
        },
        spec: makePodSpec(rev, cfg),
      },
    },
  };
}

export { QUEUE_CONTAINER_NAME };
