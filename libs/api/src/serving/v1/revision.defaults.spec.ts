import { defaultApiConfig } from '../../core/config';
import { IMAGE, defaulted, ksvc, template } from '../../test/support';
import type { Service } from './service.types';

const spec = (s: Service) => s.spec!.template!.spec!;

describe('revision template defaults', () => {
  it('sets Knative defaults on a minimal container', () => {
    const s = defaulted(ksvc(template({ containers: [{ image: IMAGE }] }))) as Service;
    expect(spec(s)).toEqual({
      containers: [
        { image: IMAGE, name: 'user-container', readinessProbe: { tcpSocket: {}, successThreshold: 1 } },
      ],
      timeoutSeconds: 300,
      containerConcurrency: 0,
      enableServiceLinks: false,
    });
  });

  it.each([
    ['keeps a user name', [{ image: IMAGE, name: 'app' }], ['app']],
    [
      'numbers several unnamed containers',
      [{ image: IMAGE, ports: [{ containerPort: 8080 }] }, { image: IMAGE }],
      ['user-container-0', 'user-container-1'],
    ],
    [
      'skips names already taken',
      [
        { image: IMAGE, name: 'user-container-0' },
        { image: IMAGE, ports: [{ containerPort: 8080 }] },
      ],
      ['user-container-0', 'user-container-1'],
    ],
  ])('container names: %s', (_n, containers, want) => {
    const s = defaulted(ksvc(template({ containers }))) as Service;
    expect(spec(s).containers.map((c) => c.name)).toEqual(want);
  });

  it('container-name-template expands {{.Name}}', () => {
    const cfg = defaultApiConfig({
      defaults: { ...defaultApiConfig().defaults, userContainerNameTemplate: '{{.Name}}-ctr' },
    });
    const s = defaulted(ksvc(template({ containers: [{ image: IMAGE }] })), undefined, cfg) as Service;
    expect(spec(s).containers[0]!.name).toBe('hello-ctr');
  });

  it.each([
    ['explicit timeout kept', { timeoutSeconds: 10 }, { timeoutSeconds: 10 }],
    ['zero timeout defaulted', { timeoutSeconds: 0 }, { timeoutSeconds: 300 }],
    ['containerConcurrency kept', { containerConcurrency: 1 }, { containerConcurrency: 1 }],
    ['enableServiceLinks kept', { enableServiceLinks: true }, { enableServiceLinks: true }],
  ])('%s', (_n, extra, want) => {
    const s = defaulted(ksvc(template({ containers: [{ image: IMAGE }], ...extra }))) as Service;
    expect(spec(s)).toMatchObject(want);
  });

  it('uses config-defaults: timeouts, concurrency, resources, idle and response-start timeouts', () => {
    const base = defaultApiConfig();
    const cfg = defaultApiConfig({
      defaults: {
        ...base.defaults,
        revisionTimeoutSeconds: 120,
        revisionResponseStartTimeoutSeconds: 60,
        revisionIdleTimeoutSeconds: 30,
        containerConcurrency: 10,
        revisionCpuRequest: '100m',
        revisionMemoryLimit: '256Mi',
        enableServiceLinks: undefined,
      },
    });
    const s = defaulted(
      ksvc(template({ containers: [{ image: IMAGE, resources: { requests: { cpu: '1' } } }] })),
      undefined,
      cfg,
    ) as Service;
    expect(spec(s)).toMatchObject({
      timeoutSeconds: 120,
      responseStartTimeoutSeconds: 60,
      idleTimeoutSeconds: 30,
      containerConcurrency: 10,
    });
    expect(spec(s).enableServiceLinks).toBeUndefined();
    expect(spec(s).containers[0]!.resources).toEqual({ requests: { cpu: '1' }, limits: { memory: '256Mi' } });
  });

  it('keeps the user readiness probe handler and completes thresholds when periodSeconds is set', () => {
    const s = defaulted(
      ksvc(
        template({
          containers: [{ image: IMAGE, readinessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 5 } }],
        }),
      ),
    ) as Service;
    expect(spec(s).containers[0]!.readinessProbe).toEqual({
      httpGet: { path: '/healthz' },
      periodSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
      timeoutSeconds: 1,
    });
  });

  it('gives gRPC probes an empty service and no probe to a sidecar', () => {
    const s = defaulted(
      ksvc(
        template({
          containers: [
            { image: IMAGE, ports: [{ containerPort: 8080 }], livenessProbe: { grpc: { port: 8080 } } },
            { image: IMAGE, name: 'side' },
          ],
        }),
      ),
    ) as Service;
    expect(spec(s).containers[0]!.livenessProbe!.grpc).toEqual({ port: 8080, service: '' });
    expect(spec(s).containers[1]!.readinessProbe).toBeUndefined();
  });

  it('marks mounts of read-only volume kinds readOnly', () => {
    const s = defaulted(
      ksvc(
        template({
          containers: [
            {
              image: IMAGE,
              volumeMounts: [
                { name: 'cfg', mountPath: '/etc/cfg' },
                { name: 'scratch', mountPath: '/tmp/x' },
              ],
            },
          ],
          volumes: [
            { name: 'cfg', configMap: { name: 'c' } },
            { name: 'scratch', emptyDir: {} },
          ],
        }),
      ),
    ) as Service;
    expect(spec(s).containers[0]!.volumeMounts!.map((m) => m.readOnly)).toEqual([true, undefined]);
  });

  it('secure-pod-defaults Enabled fills a restricted security context', () => {
    const cfg = defaultApiConfig({ features: { 'secure-pod-defaults': 'Enabled' } });
    const s = defaulted(
      ksvc(template({ containers: [{ image: IMAGE, ports: [{ containerPort: 80 }] }] })),
      undefined,
      cfg,
    ) as Service;
    expect(spec(s).containers[0]!.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      runAsNonRoot: true,
    });
  });

  it('a standalone Revision is defaulted on create only', () => {
    const rev = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: { name: 'hello-00001', namespace: 'default' },
      spec: { containers: [{ image: IMAGE }] },
    };
    expect((defaulted(rev).spec as { timeoutSeconds?: number }).timeoutSeconds).toBe(300);
    expect((defaulted(rev, rev).spec as { timeoutSeconds?: number }).timeoutSeconds).toBeUndefined();
  });
});
