import type { Revision } from '@kuack/api';
import { testConfig, testRevision } from '../testing/fixtures';
import type { Deployment } from '../types';
import { makePodAutoscaler, reachability } from './pa';

const asRev = (r: unknown) => r as Revision;
const dep = (replicas: number, readyReplicas: number): Deployment => ({
  metadata: { name: 'hello-00001-deployment' },
  spec: { replicas, selector: {}, template: {} },
  status: { readyReplicas },
});
const failed = {
  conditions: [{ type: 'ContainerHealthy', status: 'False' as const, reason: 'ExitCode1' }],
};

describe('makePodAutoscaler', () => {
  it('targets the Deployment, carries cc, protocol, labels and the class/metric defaults', () => {
    const pa = makePodAutoscaler(
      asRev(
        testRevision({
          spec: { containerConcurrency: 5 },
          annotations: { 'autoscaling.knative.dev/min-scale': '2' },
        }),
      ),
      dep(1, 1),
      testConfig(),
    );
    expect(pa.apiVersion).toBe('autoscaling.internal.knative.dev/v1alpha1');
    expect(pa.metadata?.name).toBe('hello-00001');
    expect(pa.metadata?.labels?.['serving.knative.dev/revision']).toBe('hello-00001');
    expect(pa.metadata?.annotations).toEqual({
      'autoscaling.knative.dev/min-scale': '2',
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'concurrency',
    });
    expect(pa.spec).toEqual({
      containerConcurrency: 5,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' },
      protocolType: 'http1',
    });
  });

  it('keeps the class and metric the revision asks for; rps for h2c too', () => {
    const pa = makePodAutoscaler(
      asRev(
        testRevision({
          annotations: { 'autoscaling.knative.dev/metric': 'rps' },
          spec: { containers: [{ name: 'u', image: 'x', ports: [{ name: 'h2c', containerPort: 8080 }] }] },
        }),
      ),
      undefined,
      testConfig(),
    );
    expect(pa.metadata?.annotations?.['autoscaling.knative.dev/metric']).toBe('rps');
    expect(pa.spec?.protocolType).toBe('h2c');
  });

  it('takes the class from config-autoscaler', () => {
    const cfg = testConfig();
    cfg.autoscaler.podAutoscalerClass = 'hpa.autoscaling.knative.dev';
    const pa = makePodAutoscaler(asRev(testRevision()), undefined, cfg);
    expect(pa.metadata?.annotations).toMatchObject({
      'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'cpu',
    });
  });
});

describe('reachability', () => {
  const state = (s?: string) =>
    asRev(testRevision({ labels: s ? { 'serving.knative.dev/routingState': s } : {} }));
  it.each([
    ['active', 'Reachable'],
    ['reserve', 'Unreachable'],
    ['pending', ''],
    [undefined, ''],
  ])('routingState %s → %s', (s, want) => expect(reachability(state(s), dep(1, 1))).toBe(want));

  it('is Unreachable when the revision failed and no pod is ready although some are wanted', () => {
    const rev = asRev(
      testRevision({ labels: { 'serving.knative.dev/routingState': 'active' }, status: failed }),
    );
    expect(reachability(rev, dep(1, 0))).toBe('Unreachable');
    expect(reachability(rev, dep(1, 1))).toBe('Reachable');
    expect(reachability(rev, dep(0, 0))).toBe('Reachable');
  });
});
