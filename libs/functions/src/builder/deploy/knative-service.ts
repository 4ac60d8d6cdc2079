import type { V1Container, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { Service } from '@kuack/api';
import { FunctionBuildError } from '../build-error';
import type { FunctionBuildConfig, FunctionBuildEnv, FunctionVolume } from '../function-config';
import { FUNCTION_PORT } from '../image-config';
import { containerEnv } from './function-env';

export const FUNCTION_LABELS = {
  name: 'function.knative.dev/name',
  runtime: 'function.knative.dev/runtime',
  boson: 'boson.dev/function',
} as const;
export const DEPLOYER_ANNOTATION = 'function.knative.dev/deployer';
export const DEFAULT_LIVENESS = '/health/liveness';
export const DEFAULT_READINESS = '/health/readiness';

const SCALE_ANNOTATIONS = {
  min: 'autoscaling.knative.dev/min-scale',
  max: 'autoscaling.knative.dev/max-scale',
  metric: 'autoscaling.knative.dev/metric',
  target: 'autoscaling.knative.dev/target',
  utilization: 'autoscaling.knative.dev/target-utilization-percentage',
} as const;

/** Annotations Knative Serving sets on a Service, kept when deploy updates it. */
const SYSTEM_ANNOTATIONS = ['serving.knative.dev/creator', 'serving.knative.dev/lastModifier'];

export interface ServiceMappingInput {
  config: FunctionBuildConfig;
  /** The image to run: `repository@sha256:…`. */
  image: string;
  namespace: string;
  /** run.envs after `-e` flags (default: func.yaml's). */
  envs?: FunctionBuildEnv[];
  /** For `{{ env:X }}` values. */
  processEnv?: NodeJS.ProcessEnv;
}

/**
 * The serving.knative.dev/v1 Service of a function, mapped from func.yaml as Knative's deployer does:
 * function labels (+ deploy.labels) on the Service and its template, deploy.annotations (+ the deployer
 * annotation), scale options as autoscaling annotations on the template, resources and
 * limits.concurrency → containerConcurrency, httpGet probes on 8080 at the health endpoints, env with
 * secret/configMap references, volumes, a restricted securityContext and the service account.
 */
export function makeFunctionService(
  input: ServiceMappingInput,
): Service & { metadata: { name: string; namespace: string } } {
  const { config } = input;
  const deploy = config.deploy ?? {};
  const labels = functionLabels(config, input.processEnv ?? process.env);
  const annotations: Record<string, string> = {
    [DEPLOYER_ANNOTATION]: 'knative',
    ...(deploy.annotations ?? {}),
  };
  const env = containerEnv(input.envs ?? config.run?.envs, input.processEnv);
  const volumes = functionVolumes(config.run?.volumes);
  const resources = deploy.options?.resources;

  const container: V1Container = {
    name: 'user-container',
    image: input.image,
    env: env.env,
    ...(env.envFrom.length > 0 ? { envFrom: env.envFrom } : {}),
    livenessProbe: {
      httpGet: { path: deploy.healthEndpoints?.liveness || DEFAULT_LIVENESS, port: FUNCTION_PORT },
    },
    readinessProbe: {
      httpGet: { path: deploy.healthEndpoints?.readiness || DEFAULT_READINESS, port: FUNCTION_PORT },
    },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(volumes.mounts.length > 0 ? { volumeMounts: volumes.mounts } : {}),
  };
  const requests = quantities(resources?.requests, 'deploy.options.resources.requests');
  const limits = quantities(resources?.limits, 'deploy.options.resources.limits');
  if (requests || limits)
    container.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };

  const concurrency = resources?.limits?.concurrency;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 0)) {
    throw new FunctionBuildError(
      `func.yaml deploy.options.resources.limits.concurrency: ${String(concurrency)} must be a non-negative integer`,
    );
  }
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: config.name, namespace: input.namespace, labels, annotations },
    spec: {
      template: {
        metadata: { labels: { ...labels }, annotations: { ...annotations, ...scaleAnnotations(config) } },
        spec: {
          containers: [container],
          ...(concurrency !== undefined ? { containerConcurrency: concurrency } : {}),
          ...(deploy.serviceAccountName ? { serviceAccountName: deploy.serviceAccountName } : {}),
          ...(volumes.volumes.length > 0 ? { volumes: volumes.volumes } : {}),
        },
      },
    },
  };
}

/** The Service to write over an existing one: our labels, annotations and template; Serving's own annotations and the traffic kept. */
export function serviceUpdate(existing: Service, desired: Service): Service {
  const kept = Object.fromEntries(
    Object.entries(existing.metadata?.annotations ?? {}).filter(([k]) => SYSTEM_ANNOTATIONS.includes(k)),
  );
  return {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: desired.metadata?.labels,
      annotations: { ...desired.metadata?.annotations, ...kept },
    },
    spec: { ...existing.spec, template: desired.spec?.template },
  };
}

function functionLabels(config: FunctionBuildConfig, processEnv: NodeJS.ProcessEnv): Record<string, string> {
  const labels: Record<string, string> = {};
  (config.deploy?.labels ?? []).forEach((l, i) => {
    if (!l.key) throw new FunctionBuildError(`func.yaml deploy.labels[${i}]: key is missing`);
    const value = l.value ?? '';
    const fromEnv = /^\{\{\s*env:(\w+)\s*\}\}$/.exec(value);
    if (fromEnv) {
      const local = processEnv[fromEnv[1]!];
      if (local === undefined)
        throw new FunctionBuildError(
          `func.yaml deploy.labels[${i}] (${l.key}): the environment variable ${fromEnv[1]} is not set`,
        );
      labels[l.key] = local;
    } else labels[l.key] = value;
  });
  labels[FUNCTION_LABELS.boson] = 'true';
  labels[FUNCTION_LABELS.name] = config.name;
  if (config.runtime) labels[FUNCTION_LABELS.runtime] = config.runtime;
  return labels;
}

function scaleAnnotations(config: FunctionBuildConfig): Record<string, string> {
  const scale = config.deploy?.options?.scale;
  if (!scale) return {};
  const out: Record<string, string> = {};
  const num = (field: keyof typeof SCALE_ANNOTATIONS, value: unknown, integer: boolean) => {
    if (value === undefined || value === null) return;
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < 0 ||
      (integer && !Number.isInteger(value))
    ) {
      throw new FunctionBuildError(
        `func.yaml deploy.options.scale.${field}: ${String(value)} must be a non-negative ${integer ? 'integer' : 'number'}`,
      );
    }
    out[SCALE_ANNOTATIONS[field]] = integer ? String(value) : value.toFixed(6);
  };
  num('min', scale.min, true);
  num('max', scale.max, true);
  if (scale.metric) {
    if (!['concurrency', 'rps', 'cpu', 'memory'].includes(scale.metric)) {
      throw new FunctionBuildError(
        `func.yaml deploy.options.scale.metric: "${scale.metric}" must be concurrency, rps, cpu or memory`,
      );
    }
    out[SCALE_ANNOTATIONS.metric] = scale.metric;
  }
  num('target', scale.target, false);
  num('utilization', scale.utilization, false);
  return out;
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

function quantities(
  values: { cpu?: string; memory?: string } | undefined,
  where: string,
): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const resource of ['cpu', 'memory'] as const) {
    const value = values[resource];
    if (value === undefined) continue;
    if (!QUANTITY.test(String(value)))
      throw new FunctionBuildError(
        `func.yaml ${where}.${resource}: "${String(value)}" is not a quantity (e.g. 500m, 256Mi)`,
      );
    out[resource] = String(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function functionVolumes(volumes: FunctionVolume[] = []): { volumes: V1Volume[]; mounts: V1VolumeMount[] } {
  const out: { volumes: V1Volume[]; mounts: V1VolumeMount[] } = { volumes: [], mounts: [] };
  volumes.forEach((v, i) => {
    const where = `func.yaml run.volumes[${i}]`;
    if (!v.path) throw new FunctionBuildError(`${where}: path is missing`);
    const pvc = v.persistentVolumeClaim;
    let volume: V1Volume;
    if (v.secret) volume = { name: `secret-${v.secret}`, secret: { secretName: v.secret } };
    else if (v.configMap) volume = { name: `config-map-${v.configMap}`, configMap: { name: v.configMap } };
    else if (pvc?.claimName)
      volume = {
        name: `pvc-${pvc.claimName}`,
        persistentVolumeClaim: { claimName: pvc.claimName, ...(pvc.readOnly ? { readOnly: true } : {}) },
      };
    else if (v.emptyDir) volume = { name: `empty-dir-${i}`, emptyDir: { ...v.emptyDir } };
    else
      throw new FunctionBuildError(
        `${where}: set one of secret, configMap, persistentVolumeClaim or emptyDir`,
      );
    if (out.mounts.some((m) => m.mountPath === v.path))
      throw new FunctionBuildError(`${where}: path ${v.path} is mounted twice`);
    if (!out.volumes.some((existing) => existing.name === volume.name)) out.volumes.push(volume);
    out.mounts.push({ name: volume.name, mountPath: v.path });
  });
  return out;
}
