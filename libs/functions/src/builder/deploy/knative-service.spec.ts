import { FunctionBuildError } from '../build-error';
import type { FunctionBuildConfig } from '../function-config';
import { applyEnvFlags, containerEnv } from './function-env';
import { makeFunctionService, serviceUpdate } from './knative-service';
import { makeFunctionTriggers } from './triggers';

const IMAGE = 'kuack.local/hello@sha256:' + 'a'.repeat(64);
const base: FunctionBuildConfig = { specVersion: '0.36.0', name: 'hello', runtime: 'typescript' };

function service(config: Partial<FunctionBuildConfig>, processEnv: NodeJS.ProcessEnv = {}) {
  return makeFunctionService({ config: { ...base, ...config }, image: IMAGE, namespace: 'ns', processEnv });
}

describe('makeFunctionService', () => {
  it('maps a minimal func.yaml', () => {
    expect(service({})).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: {
        name: 'hello',
        namespace: 'ns',
        labels: {
          'boson.dev/function': 'true',
          'function.knative.dev/name': 'hello',
          'function.knative.dev/runtime': 'typescript',
        },
        annotations: { 'function.knative.dev/deployer': 'knative' },
      },
      spec: {
        template: {
          metadata: {
            labels: {
              'boson.dev/function': 'true',
              'function.knative.dev/name': 'hello',
              'function.knative.dev/runtime': 'typescript',
            },
            annotations: { 'function.knative.dev/deployer': 'knative' },
          },
          spec: {
            containers: [
              {
                name: 'user-container',
                image: IMAGE,
                env: [{ name: 'ADDRESS', value: '0.0.0.0' }],
                livenessProbe: { httpGet: { path: '/health/liveness', port: 8080 } },
                readinessProbe: { httpGet: { path: '/health/readiness', port: 8080 } },
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
              },
            ],
          },
        },
      },
    });
  });

  it.each<[string, Partial<FunctionBuildConfig>, (s: ReturnType<typeof service>) => unknown, unknown]>([
    [
      'labels (incl. from env) and annotations',
      {
        deploy: {
          labels: [
            { key: 'team', value: 'a' },
            { key: 'owner', value: '{{ env:OWNER }}' },
          ],
          annotations: { 'x/y': 'z' },
        },
      },
      (s) => [s.metadata.labels, s.spec!.template!.metadata!.annotations],
      [
        {
          team: 'a',
          owner: 'me',
          'boson.dev/function': 'true',
          'function.knative.dev/name': 'hello',
          'function.knative.dev/runtime': 'typescript',
        },
        { 'function.knative.dev/deployer': 'knative', 'x/y': 'z' },
      ],
    ],
    [
      'scale options as template annotations only',
      { deploy: { options: { scale: { min: 1, max: 5, metric: 'rps', target: 100, utilization: 70 } } } },
      (s) => [s.metadata.annotations, s.spec!.template!.metadata!.annotations],
      [
        { 'function.knative.dev/deployer': 'knative' },
        {
          'function.knative.dev/deployer': 'knative',
          'autoscaling.knative.dev/min-scale': '1',
          'autoscaling.knative.dev/max-scale': '5',
          'autoscaling.knative.dev/metric': 'rps',
          'autoscaling.knative.dev/target': '100.000000',
          'autoscaling.knative.dev/target-utilization-percentage': '70.000000',
        },
      ],
    ],
    [
      'resources and limits.concurrency → containerConcurrency',
      {
        deploy: {
          options: {
            resources: {
              requests: { cpu: '100m', memory: '64Mi' },
              limits: { memory: '256Mi', concurrency: 10 },
            },
          },
        },
      },
      (s) => [s.spec!.template!.spec!.containers[0]!.resources, s.spec!.template!.spec!.containerConcurrency],
      [{ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } }, 10],
    ],
    [
      'health endpoints and service account',
      {
        deploy: { healthEndpoints: { liveness: '/alive', readiness: '/ready' }, serviceAccountName: 'fn-sa' },
      },
      (s) => [
        s.spec!.template!.spec!.containers[0]!.livenessProbe,
        s.spec!.template!.spec!.containers[0]!.readinessProbe,
        s.spec!.template!.spec!.serviceAccountName,
      ],
      [{ httpGet: { path: '/alive', port: 8080 } }, { httpGet: { path: '/ready', port: 8080 } }, 'fn-sa'],
    ],
    [
      'env: literal, local env, secret and configMap keys, whole secret',
      {
        run: {
          envs: [
            { name: 'A', value: '1' },
            { name: 'HOME_DIR', value: '{{ env:OWNER }}' },
            { name: 'TOKEN', value: '{{ secret:creds:token }}' },
            { name: 'MODE', value: '{{configMap:settings:mode}}' },
            { value: '{{ secret:all }}' },
            { name: 'ADDRESS', value: '127.0.0.1' },
          ],
        },
      },
      (s) => [s.spec!.template!.spec!.containers[0]!.env, s.spec!.template!.spec!.containers[0]!.envFrom],
      [
        [
          { name: 'A', value: '1' },
          { name: 'HOME_DIR', value: 'me' },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
          { name: 'ADDRESS', value: '127.0.0.1' },
        ],
        [{ secretRef: { name: 'all' } }],
      ],
    ],
    [
      'volumes',
      {
        run: {
          volumes: [
            { secret: 's', path: '/s' },
            { configMap: 'c', path: '/c' },
            { persistentVolumeClaim: { claimName: 'p', readOnly: true }, path: '/p' },
          ],
        },
      },
      (s) => [s.spec!.template!.spec!.volumes, s.spec!.template!.spec!.containers[0]!.volumeMounts],
      [
        [
          { name: 'secret-s', secret: { secretName: 's' } },
          { name: 'config-map-c', configMap: { name: 'c' } },
          { name: 'pvc-p', persistentVolumeClaim: { claimName: 'p', readOnly: true } },
        ],
        [
          { name: 'secret-s', mountPath: '/s' },
          { name: 'config-map-c', mountPath: '/c' },
          { name: 'pvc-p', mountPath: '/p' },
        ],
      ],
    ],
  ])('%s', (_name, config, pick, expected) => {
    expect(pick(service(config, { OWNER: 'me' }))).toEqual(expected);
  });

  it.each<[Partial<FunctionBuildConfig>, string]>([
    [
      { run: { envs: [{ name: 'X', value: '{{ env:NOPE }}' }] } },
      'func.yaml run.envs[0] (X): the environment variable NOPE is not set on this machine',
    ],
    [
      { run: { envs: [{ name: 'X', value: '{{ vault:a:b }}' }] } },
      'func.yaml run.envs[0] (X): unsupported source "vault" (use env, secret or configMap)',
    ],
    [
      { run: { envs: [{ name: 'X', value: '{{ secret:a }}' }] } },
      'func.yaml run.envs[0] (X): use {{ secret:NAME:KEY }}',
    ],
    [
      { run: { envs: [{ value: 'plain' }] } },
      'func.yaml run.envs[0]: an env without a name must be {{ secret:NAME }} or {{ configMap:NAME }}',
    ],
    [
      { deploy: { options: { scale: { min: 1.5 } } } },
      'func.yaml deploy.options.scale.min: 1.5 must be a non-negative integer',
    ],
    [
      { deploy: { options: { scale: { metric: 'qps' as never } } } },
      'func.yaml deploy.options.scale.metric: "qps" must be concurrency, rps, cpu or memory',
    ],
    [
      { deploy: { options: { resources: { limits: { cpu: 'lots' } } } } },
      'func.yaml deploy.options.resources.limits.cpu: "lots" is not a quantity (e.g. 500m, 256Mi)',
    ],
    [{ run: { volumes: [{ secret: 's' }] } }, 'func.yaml run.volumes[0]: path is missing'],
  ])('refuses %j', (config, message) => {
    expect(() => service(config)).toThrow(new FunctionBuildError(message));
  });
});

describe('serviceUpdate', () => {
  it('replaces labels, annotations and template but keeps traffic and Serving annotations', () => {
    const desired = service({});
    const existing = {
      ...service({ runtime: 'node' }),
      metadata: {
        ...service({}).metadata,
        resourceVersion: '7',
        annotations: { 'serving.knative.dev/creator': 'alice', old: 'x' },
      },
      spec: { ...service({}).spec, traffic: [{ latestRevision: true, percent: 100 }] },
    };
    const updated = serviceUpdate(existing, desired);
    expect(updated.metadata!.resourceVersion).toBe('7');
    expect(updated.metadata!.annotations).toEqual({
      'function.knative.dev/deployer': 'knative',
      'serving.knative.dev/creator': 'alice',
    });
    expect(updated.spec!.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
    expect(updated.spec!.template).toEqual(desired.spec!.template);
  });
});

describe('applyEnvFlags / containerEnv', () => {
  it('sets, overrides and removes', () => {
    expect(
      applyEnvFlags(
        [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ['A=9', 'C=3', 'B-'],
      ),
    ).toEqual([
      { name: 'A', value: '9' },
      { name: 'C', value: '3' },
    ]);
    expect(() => applyEnvFlags([], ['=x'])).toThrow('-e =x: use NAME=VALUE (or NAME- to remove a variable)');
  });

  it('reports the referenced secrets and config maps', () => {
    const env = containerEnv([{ name: 'T', value: '{{ secret:s:k }}' }, { value: '{{ configMap:c }}' }]);
    expect([env.secrets, env.configMaps]).toEqual([['s'], ['c']]);
  });
});

describe('makeFunctionTriggers', () => {
  it('makes one owned Trigger per subscription', () => {
    expect(
      makeFunctionTriggers({ name: 'hello', namespace: 'ns', uid: 'u1' }, [
        { source: 'default', filters: { type: 'com.example' } },
      ]),
    ).toEqual([
      {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Trigger',
        metadata: {
          name: 'hello-function-trigger-0',
          namespace: 'ns',
          labels: { 'function.knative.dev/name': 'hello' },
          ownerReferences: [
            { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u1' },
          ],
        },
        spec: {
          broker: 'default',
          subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' } },
          filter: { attributes: { type: 'com.example' } },
        },
      },
    ]);
  });
});
