import { QUEUE_IMAGE, testConfig, testRevision } from '../testing/fixtures';
import type { Revision } from '@kuack/api';
import { makeDeployment, makePodSpec } from './deploy';
import { queueReadinessProbe } from './queue';

const asRev = (r: unknown) => r as Revision;
const envOf = (c: { env?: { name: string; value?: string; valueFrom?: unknown }[] }) =>
  Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom ?? '']));

describe('makeDeployment', () => {
  const rev = asRev(
    testRevision({
      labels: {
        'serving.knative.dev/routingState': 'active',
        'serving.knative.dev/route': 'hello',
        team: 'a',
      },
      annotations: {
        'autoscaling.knative.dev/min-scale': '1',
        'serving.knative.dev/routes': 'hello',
        'example.com/keep': 'yes',
      },
    }),
  );
  const d = makeDeployment(rev, testConfig());

  it('is named <revision>-deployment and rolls with no unavailability and the configured deadline', () => {
    expect(d.metadata.name).toBe('hello-00001-deployment');
    expect(d.metadata.namespace).toBe('default');
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
    });
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.revisionHistoryLimit).toBe(0);
    expect(d.spec.replicas).toBe(1); // config-autoscaler initial-scale
    expect(d.spec.selector).toEqual({
      matchLabels: { 'serving.knative.dev/revisionUID': 'uid-hello-00001' },
    });
  });

  it('labels Deployment and Pods with service, configuration, revision and revisionUID, not route state', () => {
    for (const labels of [d.metadata.labels, d.spec.template.metadata?.labels]) {
      expect(labels).toEqual({
        'serving.knative.dev/service': 'hello',
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/configurationGeneration': '1',
        'serving.knative.dev/revision': 'hello-00001',
        'serving.knative.dev/revisionUID': 'uid-hello-00001',
        team: 'a',
        app: 'hello-00001',
      });
    }
  });

  it('keeps user annotations but drops autoscaling and routing ones; names the default container', () => {
    expect(d.metadata.annotations).toEqual({ 'example.com/keep': 'yes' });
    expect(d.spec.template.metadata?.annotations).toEqual({
      'example.com/keep': 'yes',
      'kubectl.kubernetes.io/default-container': 'user-container',
    });
  });

  it('sets terminationGracePeriodSeconds to timeoutSeconds and strips Knative-only spec fields', () => {
    const pod = makePodSpec(
      asRev(testRevision({ spec: { timeoutSeconds: 42, containerConcurrency: 3 } })),
      testConfig(),
    );
    expect(pod.terminationGracePeriodSeconds).toBe(42);
    expect(pod).not.toHaveProperty('timeoutSeconds');
    expect(pod).not.toHaveProperty('containerConcurrency');
    expect(pod.enableServiceLinks).toBe(false);
  });

  it('runs the user container with PORT and K_* env, the user port, no readiness probe, a drain preStop', () => {
    const [user, queue] = d.spec.template.spec!.containers;
    expect(user.name).toBe('user-container');
    expect(user.image).toBe('registry.example.com/hello:v1');
    expect(user.ports).toEqual([{ name: 'user-port', containerPort: 8080 }]);
    expect(envOf(user)).toEqual({
      PORT: '8080',
      K_REVISION: 'hello-00001',
      K_CONFIGURATION: 'hello',
      K_SERVICE: 'hello',
    });
    expect(user.readinessProbe).toBeUndefined();
    expect(user.lifecycle).toEqual({ preStop: { httpGet: { port: 8022, path: '/wait-for-drain' } } });
    expect(user.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(queue.name).toBe('queue-proxy');
  });

  it('runs the resolved digest when the status has one', () => {
    const pinned = asRev(
      testRevision({
        status: {
          containerStatuses: [
            { name: 'user-container', imageDigest: 'registry.example.com/hello@sha256:abc' },
          ],
        },
      }),
    );
    expect(makeDeployment(pinned, testConfig()).spec.template.spec!.containers[0].image).toBe(
      'registry.example.com/hello@sha256:abc',
    );
  });

  it('uses the containerPort as $PORT and points the liveness probe at it', () => {
    const r = asRev(
      testRevision({
        spec: {
          containers: [
            {
              name: 'app',
              image: 'x',
              ports: [{ containerPort: 9000, name: 'http1' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 0 } },
            },
          ],
        },
      }),
    );
    const [user, queue] = makePodSpec(r, testConfig()).containers;
    expect(user.ports).toEqual([{ name: 'user-port', containerPort: 9000 }]);
    expect(envOf(user).PORT).toBe('9000');
    expect(user.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 9000 } });
    expect(envOf(queue).USER_PORT).toBe('9000');
  });

  it('with a sidecar: only the container with a port serves; the sidecar gets K_* but no PORT', () => {
    const r = asRev(
      testRevision({
        spec: {
          containers: [
            { name: 'app', image: 'a', ports: [{ containerPort: 8081 }] },
            { name: 'side', image: 's', readinessProbe: { exec: { command: ['ready'] } } },
          ],
        },
      }),
    );
    const [app, side, queue] = makePodSpec(r, testConfig()).containers;
    expect(envOf(app).PORT).toBe('8081');
    expect(envOf(side)).toEqual({ K_REVISION: 'hello-00001', K_CONFIGURATION: 'hello', K_SERVICE: 'hello' });
    expect(side.ports).toBeUndefined();
    expect(side.readinessProbe).toEqual({ exec: { command: ['ready'] } }); // exec probes stay with the kubelet
    expect(queue.name).toBe('queue-proxy');
    expect(makeDeployment(r, testConfig()).spec.template.metadata?.annotations).toMatchObject({
      'kubectl.kubernetes.io/default-container': 'app',
    });
  });

  it('initial replicas and progress deadline follow the annotations', () => {
    const r = asRev(
      testRevision({
        annotations: {
          'autoscaling.knative.dev/initial-scale': '3',
          'serving.knative.dev/progress-deadline': '2m',
        },
      }),
    );
    const dep = makeDeployment(r, testConfig());
    expect(dep.spec.replicas).toBe(3);
    expect(dep.spec.progressDeadlineSeconds).toBe(120);
    const cfg = testConfig();
    cfg.deployment.progressDeadlineSeconds = 30;
    expect(makeDeployment(asRev(testRevision()), cfg).spec.progressDeadlineSeconds).toBe(30);
  });

  it('leaves empty env values out (the API server drops them) and never sets stdin/tty', () => {
    const r = asRev(testRevision({ labels: { 'serving.knative.dev/service': '' } }));
    const [user, queue] = makePodSpec(r, testConfig()).containers;
    expect(user.env).toContainEqual({ name: 'K_SERVICE' });
    expect(queue.env).toContainEqual({ name: 'SERVING_SERVICE' });
    expect(user).not.toHaveProperty('stdin');
    expect(user).not.toHaveProperty('tty');
  });
});

describe('queue-proxy container', () => {
  const rev = asRev(
    testRevision({ spec: { containerConcurrency: 10, timeoutSeconds: 30, idleTimeoutSeconds: 5 } }),
  );
  const queue = makeDeployment(rev, testConfig()).spec.template.spec!.containers[1];

  it('uses config-deployment queue-sidecar-image and exposes 8012 http, 8022 admin, 9090 metrics', () => {
    expect(queue.image).toBe(QUEUE_IMAGE);
    expect(queue.ports).toEqual([
      { name: 'http', containerPort: 8012 },
      { name: 'http-queueadm', containerPort: 8022 },
      { name: 'http-autometric', containerPort: 9090 },
    ]);
    expect(queue.resources).toEqual({ requests: { cpu: '25m' } });
  });

  it('is probed by the kubelet on :8012/ with K-Network-Probe: queue every second', () => {
    expect(queue.readinessProbe).toEqual({
      httpGet: { path: '/', port: 8012, httpHeaders: [{ name: 'K-Network-Probe', value: 'queue' }] },
      periodSeconds: 1,
      successThreshold: 1,
    });
  });

  it('carries the env the queue-proxy reads', () => {
    expect(envOf(queue)).toEqual({
      SERVING_NAMESPACE: 'default',
      SERVING_SERVICE: 'hello',
      SERVING_CONFIGURATION: 'hello',
      SERVING_REVISION: 'hello-00001',
      SERVING_POD: { fieldRef: { fieldPath: 'metadata.name' } },
      SERVING_POD_IP: { fieldRef: { fieldPath: 'status.podIP' } },
      QUEUE_SERVING_PORT: '8012',
      USER_PORT: '8080',
      CONTAINER_CONCURRENCY: '10',
      REVISION_TIMEOUT_SECONDS: '30',
      REVISION_RESPONSE_START_TIMEOUT_SECONDS: '0',
      REVISION_IDLE_TIMEOUT_SECONDS: '5',
      SERVING_READINESS_PROBE: '{"tcpSocket":{"port":8080,"host":"127.0.0.1"},"successThreshold":1}',
      METRICS_PORT: '9090',
    });
  });

  it('takes the period of the user readiness probe', () => {
    const r = asRev(
      testRevision({
        spec: {
          containers: [
            {
              name: 'u',
              image: 'x',
              readinessProbe: { httpGet: { path: '/ready', port: 0 }, periodSeconds: 5 },
            },
          ],
        },
      }),
    );
    const q = makeDeployment(r, testConfig()).spec.template.spec!.containers[1];
    expect(q.readinessProbe?.periodSeconds).toBe(5);
  });
});

describe('queueReadinessProbe (SERVING_READINESS_PROBE)', () => {
  const probeOf = (readinessProbe: object | undefined, ports?: { containerPort: number }[]) =>
    queueReadinessProbe(
      asRev(testRevision({ spec: { containers: [{ name: 'u', image: 'x', ports, readinessProbe }] } })),
    );

  it('defaults to TCP on the user port at 127.0.0.1', () => {
    expect(probeOf(undefined)).toEqual({ tcpSocket: { port: 8080, host: '127.0.0.1' }, successThreshold: 1 });
  });
  it('rewrites an HTTP probe to the user port, keeping path and timing', () => {
    expect(probeOf({ httpGet: { path: '/ready' }, periodSeconds: 2 }, [{ containerPort: 9000 }])).toEqual({
      httpGet: { path: '/ready', host: '127.0.0.1', port: 9000, scheme: 'HTTP' },
      periodSeconds: 2,
      timeoutSeconds: 1,
      successThreshold: 1,
    });
  });
  it('keeps a port the user chose', () => {
    expect(probeOf({ tcpSocket: { port: 8081 } })).toEqual({
      tcpSocket: { port: 8081, host: '127.0.0.1' },
      successThreshold: 1,
    });
  });
  it('turns an exec probe into TCP on the user port', () => {
    expect(probeOf({ exec: { command: ['true'] } })).toEqual({
      tcpSocket: { host: '127.0.0.1', port: 8080 },
      successThreshold: 1,
    });
  });
});
