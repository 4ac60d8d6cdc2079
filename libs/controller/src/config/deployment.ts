import { parse as parseYaml } from 'yaml';
import { type ConfigParser, ConfigReader, isQuantity } from './parse';

/** config-deployment (serving pkg/deployment/config.go). */
export interface DeploymentConfig {
  queueSidecarImage: string;
  progressDeadlineSeconds: number;
  digestResolutionTimeoutMs: number;
  registriesSkippingTagResolving: string[];
  queueSidecarCpuRequest?: string;
  queueSidecarMemoryRequest?: string;
  queueSidecarEphemeralStorageRequest?: string;
  queueSidecarCpuLimit?: string;
  queueSidecarMemoryLimit?: string;
  queueSidecarEphemeralStorageLimit?: string;
  queueSidecarTokenAudiences: string[];
  queueSidecarRootCA: string;
  defaultAffinityType: 'none' | 'prefer-spread-revision-over-nodes';
  runtimeClassNames: Record<string, { selector?: Record<string, string> }>;
  podIsAlwaysSchedulable: boolean;
}

export function defaultDeployment(): DeploymentConfig {
  return {
    queueSidecarImage: '',
    progressDeadlineSeconds: 600,
    digestResolutionTimeoutMs: 10_000,
    registriesSkippingTagResolving: ['kind.local', 'ko.local', 'dev.local'],
    queueSidecarCpuRequest: '25m',
    queueSidecarTokenAudiences: [],
    queueSidecarRootCA: '',
    defaultAffinityType: 'prefer-spread-revision-over-nodes',
    runtimeClassNames: {},
    podIsAlwaysSchedulable: false,
  };
}

const QUANTITIES: [string, string, keyof DeploymentConfig][] = [
  ['queueSidecarCPURequest', 'queue-sidecar-cpu-request', 'queueSidecarCpuRequest'],
  ['queueSidecarMemoryRequest', 'queue-sidecar-memory-request', 'queueSidecarMemoryRequest'],
  [
    'queueSidecarEphemeralStorageRequest',
    'queue-sidecar-ephemeral-storage-request',
    'queueSidecarEphemeralStorageRequest',
  ],
  ['queueSidecarCPULimit', 'queue-sidecar-cpu-limit', 'queueSidecarCpuLimit'],
  ['queueSidecarMemoryLimit', 'queue-sidecar-memory-limit', 'queueSidecarMemoryLimit'],
  [
    'queueSidecarEphemeralStorageLimit',
    'queue-sidecar-ephemeral-storage-limit',
    'queueSidecarEphemeralStorageLimit',
  ],
];

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Like Knative, `queue-sidecar-image` is required once the ConfigMap exists; without the ConfigMap the
 * defaults apply (image empty: local mode runs Kuack's queue-proxy from the host).
 */
export const deploymentConfig: ConfigParser<DeploymentConfig> = {
  name: 'config-deployment',
  defaults: defaultDeployment,
  parse(data) {
    const r = new ConfigReader('config-deployment', data);
    const c = defaultDeployment();
    c.queueSidecarImage = r.string('queue-sidecar-image', r.string('queueSidecarImage', c.queueSidecarImage));
    const deadlineKey = r.has('progress-deadline') ? 'progress-deadline' : 'progressDeadline';
    const deadlineMs = r.durationMs(deadlineKey, c.progressDeadlineSeconds * 1000);
    const digestKey = r.has('digest-resolution-timeout')
      ? 'digest-resolution-timeout'
      : 'digestResolutionTimeout';
    c.digestResolutionTimeoutMs = r.durationMs(digestKey, c.digestResolutionTimeoutMs);
    const skipKey = r.has('registries-skipping-tag-resolving')
      ? 'registries-skipping-tag-resolving'
      : 'registriesSkippingTagResolving';
    if (r.has(skipKey)) c.registriesSkippingTagResolving = splitSet(data[skipKey]);
    for (const [legacy, key, field] of QUANTITIES) {
      const k = r.has(key) ? key : r.has(legacy) ? legacy : undefined;
      if (!k) continue;
      if (!isQuantity(data[k])) r.fail(k, `"${data[k]}" is not a quantity (e.g. 25m, 400Mi)`);
      (c as unknown as Record<string, unknown>)[field] = data[k].trim();
    }
    if (r.has('queue-sidecar-token-audiences'))
      c.queueSidecarTokenAudiences = splitSet(data['queue-sidecar-token-audiences']);
    c.queueSidecarRootCA = r.string('queue-sidecar-rootca', '');
    c.podIsAlwaysSchedulable = r.bool('pod-is-always-schedulable', c.podIsAlwaysSchedulable);

    if (!c.queueSidecarImage) r.fail('queue-sidecar-image', 'cannot be empty or unset');
    if (deadlineMs <= 0) r.fail(deadlineKey, `must be positive, was ${deadlineMs / 1000}s`);
    if (deadlineMs % 1000 !== 0)
      r.fail(deadlineKey, `must be a whole number of seconds, was ${deadlineMs / 1000}s`);
    c.progressDeadlineSeconds = deadlineMs / 1000;
    if (c.digestResolutionTimeoutMs <= 0)
      r.fail(digestKey, `must be positive, was ${c.digestResolutionTimeoutMs}ms`);
    if (r.has('default-affinity-type')) {
      const v = data['default-affinity-type'];
      if (v !== 'none' && v !== 'prefer-spread-revision-over-nodes')
        r.fail('default-affinity-type', `unsupported value "${v}"`);
      c.defaultAffinityType = v as DeploymentConfig['defaultAffinityType'];
    }
    if (r.has('runtime-class-name') && data['runtime-class-name'].trim()) {
      let parsed: unknown;
      try {
        parsed = parseYaml(data['runtime-class-name']);
      } catch (err) {
        r.fail('runtime-class-name', `cannot be parsed: ${(err as Error).message}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        r.fail('runtime-class-name', 'must map class names to { selector }');
      for (const [cls, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (!DNS_SUBDOMAIN.test(cls) || cls.length > 253)
          r.fail('runtime-class-name', `class "${cls}" is not a DNS subdomain`);
        const sel = (v as { selector?: unknown } | null)?.selector;
        if (sel !== undefined && (typeof sel !== 'object' || sel === null || Array.isArray(sel)))
          r.fail('runtime-class-name', `class "${cls}": selector must be a label map`);
      }
      c.runtimeClassNames = (parsed ?? {}) as DeploymentConfig['runtimeClassNames'];
    }
    return c;
  },
};

function splitSet(v: string): string[] {
  return [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
