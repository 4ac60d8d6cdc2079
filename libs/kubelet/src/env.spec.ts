import { type EnvContext, buildContainerEnv, expandReferences, referencedSources } from './env';
import type { Container, Pod } from './pod.types';

const pod: Pod = {
  metadata: {
    name: 'web-1',
    namespace: 'team',
    uid: 'u1',
    labels: { app: 'web' },
    annotations: { note: 'hi' },
  },
  spec: { nodeName: 'kuack-local', containers: [] },
};

function ctx(container: Partial<Container>, extra: Partial<EnvContext> = {}): EnvContext {
  return {
    pod,
    container: { name: 'app', image: 'img', ...container },
    podIP: '127.1.0.5',
    hostIP: '127.0.0.1',
    sources: {
      configMaps: new Map([['settings', { MODE: 'fast', LEVEL: '3' }]]),
      secrets: new Map([['creds', { PASSWORD: 's3cret' }]]),
    },
    ...extra,
  };
}

describe('buildContainerEnv', () => {
  it('layers image env, envFrom and env (later wins) and adds KUACK_POD_IP', () => {
    const env = buildContainerEnv(
      ctx(
        {
          envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'S_', secretRef: { name: 'creds' } }],
          env: [
            { name: 'PORT', value: '8080' },
            { name: 'MODE', value: 'slow' },
            { name: 'URL', value: 'http://$(HOST):$(PORT)/$$(KEEP)' },
          ],
        },
        { imageEnv: ['PATH=/usr/bin', 'HOST=img-host', 'MODE=image'] },
      ),
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOST: 'img-host',
      MODE: 'slow',
      LEVEL: '3',
      S_PASSWORD: 's3cret',
      PORT: '8080',
      URL: 'http://img-host:8080/$(KEEP)',
      KUACK_POD_IP: '127.1.0.5',
    });
  });

  it.each([
    ['metadata.name', 'web-1'],
    ['metadata.namespace', 'team'],
    ['metadata.uid', 'u1'],
    ['spec.nodeName', 'kuack-local'],
    ['status.podIP', '127.1.0.5'],
    ['status.hostIP', '127.0.0.1'],
    ["metadata.labels['app']", 'web'],
    ["metadata.annotations['note']", 'hi'],
  ])('fieldRef %s → %s', (fieldPath, value) => {
    expect(buildContainerEnv(ctx({ env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath } } }] })).X).toBe(
      value,
    );
  });

  it('reads configMapKeyRef and secretKeyRef; optional missing references are left out', () => {
    const env = buildContainerEnv(
      ctx({
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LEVEL' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'nope', key: 'x', optional: true } } },
          { name: 'D', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope', optional: true } } },
        ],
      }),
    );
    expect([env.A, env.B, 'C' in env, 'D' in env]).toEqual(['3', 's3cret', false, false]);
  });

  it.each([
    [
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k' } } }] },
      'env A: ConfigMap "missing" not found',
    ],
    [
      { env: [{ name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }] },
      'env B: key "nope" not found in Secret "creds"',
    ],
    [
      { env: [{ name: 'C', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } }] },
      'env C: fieldRef.fieldPath "spec.serviceAccountName" is not supported',
    ],
    [{ envFrom: [{ secretRef: { name: 'missing' } }] }, 'envFrom: Secret "missing" not found'],
  ] as [Partial<Container>, string][])('names the bad reference (%#)', (container, message) => {
    expect(() => buildContainerEnv(ctx(container))).toThrow(message);
  });
});

describe('referencedSources', () => {
  it('collects ConfigMaps and Secrets once each', () => {
    expect(
      referencedSources({
        name: 'a',
        image: 'i',
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        ],
        envFrom: [{ configMapRef: { name: 'cm' } }, { secretRef: { name: 's2' } }],
      }),
    ).toEqual({ configMaps: ['cm'], secrets: ['s', 's2'] });
  });
});

describe('expandReferences', () => {
  it('leaves unknown references as written', () => {
    expect(expandReferences('$(A)-$(B)', { A: '1' })).toBe('1-$(B)');
  });
});
