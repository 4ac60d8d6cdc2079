import { defaulted, lines } from '../test/support';
import { podAutoscalerStatus } from '../autoscaling/podautoscaler.lifecycle';
import type { PodAutoscaler, PodAutoscalerStatus } from '../autoscaling/podautoscaler.types';
import { ingressStatus } from './ingress.lifecycle';
import type { Ingress, IngressStatus } from './ingress.types';
import { serverlessServiceStatus } from './serverlessservice.lifecycle';
import type { ServerlessServiceStatus } from './serverlessservice.types';

const meta = { name: 'hello-00001', namespace: 'default' };
const pa = (spec: Record<string, unknown>, annotations?: Record<string, string>) => ({
  apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
  kind: 'PodAutoscaler',
  metadata: { ...meta, ...(annotations ? { annotations } : {}) },
  spec,
});
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' };

describe('PodAutoscaler', () => {
  it('defaults class and metric annotations', () => {
    expect(
      (defaulted(pa({ scaleTargetRef: target, protocolType: 'http1' })) as unknown as PodAutoscaler).metadata!
        .annotations,
    ).toEqual({
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'concurrency',
    });
    const hpa = defaulted(
      pa(
        { scaleTargetRef: target, protocolType: 'h2c' },
        { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' },
      ),
    ) as unknown as PodAutoscaler;
    expect(hpa.metadata!.annotations!['autoscaling.knative.dev/metric']).toBe('cpu');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { scaleTargetRef: target, protocolType: 'http1', containerConcurrency: 10 }, []],
    ['empty spec', {}, ['spec: missing field(s)']],
    [
      'bad ref and protocol',
      {
        scaleTargetRef: { kind: 'Deployment', name: 'x', namespace: 'y' },
        protocolType: 'http3',
        containerConcurrency: -1,
      },
      [
        'spec.scaleTargetRef.namespace: must not set the field(s)',
        'spec.scaleTargetRef.apiVersion: missing field(s)',
        'spec.containerConcurrency: expected 0 <= -1 <= 1000',
        'spec.protocolType: invalid value: http3',
      ],
    ],
  ])('%s', (_n, spec, want) => {
    expect(lines(pa(spec))).toEqual(want);
  });

  it('lifecycle: Ready = Active, ScaleTargetInitialized, SKSReady; inactive duration', () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const status: PodAutoscalerStatus = {};
    const p = podAutoscalerStatus(status, () => new Date(now));
    p.initializeConditions();
    p.markScaleTargetInitialized();
    p.markSKSReady();
    p.markActive();
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    p.markInactive('NoTraffic', 'The target is not receiving traffic.');
    now += 45_000;
    expect(p.inactiveFor()).toBe(45_000);
    expect(p.canScaleToZero(new Date(now), 30_000)).toBe(true);
    expect(status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'NoTraffic',
    });
  });
});

describe('KIngress', () => {
  const ing = (spec: Record<string, unknown>) => ({
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name: 'hello', namespace: 'default' },
    spec,
  });
  const split = (p?: number) => ({
    serviceNamespace: 'default',
    serviceName: 'hello-00001',
    servicePort: 80,
    ...(p === undefined ? {} : { percent: p }),
  });

  it('defaults visibility and a lone split to 100%', () => {
    const out = defaulted(
      ing({ rules: [{ hosts: ['hello.default.example.com'], http: { paths: [{ splits: [split()] }] } }] }),
    ) as Ingress;
    expect(out.spec!.rules![0]).toMatchObject({
      visibility: 'ExternalIP',
      http: { paths: [{ splits: [{ percent: 100 }] }] },
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no rules', { httpOption: 'Enabled' }, ['spec.rules: missing field(s)']],
    [
      'splits must total 100',
      { rules: [{ http: { paths: [{ splits: [split(30), split(30)] }] } }] },
      ['spec.rules[0].http.paths[0].splits: traffic split percentage must total to 100, but was 60'],
    ],
    [
      'namespace must match',
      { rules: [{ http: { paths: [{ splits: [{ ...split(100), serviceNamespace: 'other' }] }] } }] },
      [
        'spec.rules[0].http.paths[0].splits[0].serviceNamespace: service namespace must match ingress namespace',
      ],
    ],
    [
      'tls needs a secret',
      {
        rules: [{ http: { paths: [{ splits: [split(100)] }] } }],
        tls: [{ hosts: ['a'] }],
        httpOption: 'Sometimes',
      },
      [
        'spec.tls[0].secretName: missing field(s)',
        'spec.tls[0].secretNamespace: missing field(s)',
        'spec.httpOption: invalid value: Sometimes',
      ],
    ],
  ])('%s', (_n, spec, want) => {
    expect(lines(ing(spec))).toEqual(want);
  });

  it('lifecycle: load balancer and network', () => {
    const status: IngressStatus = {};
    const s = ingressStatus(status);
    s.initializeConditions();
    s.markNetworkConfigured();
    s.markLoadBalancerReady([{ domainInternal: 'gateway.kuack.svc.cluster.local' }], []);
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    expect(status.publicLoadBalancer).toEqual({
      ingress: [{ domainInternal: 'gateway.kuack.svc.cluster.local' }],
    });
  });
});

describe('ServerlessService and Certificate', () => {
  const sks = (spec: Record<string, unknown>) => ({
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'ServerlessService',
    metadata: meta,
    spec,
  });
  const cert = (spec: Record<string, unknown>) => ({
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Certificate',
    metadata: meta,
    spec,
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', sks({ mode: 'Serve', objectRef: target, protocolType: 'http1' }), []],
    [
      'missing mode, bad protocol',
      sks({ objectRef: target, protocolType: 'tcp', numActivators: -1 }),
      [
        'spec.mode: missing field(s)',
        'spec.numActivators: invalid value: -1',
        'spec.protocolType: invalid value: tcp',
      ],
    ],
    [
      'bad mode',
      sks({ mode: 'Sleep', objectRef: target, protocolType: 'h2c' }),
      ['spec.mode: invalid value: Sleep'],
    ],
    ['valid cert', cert({ dnsNames: ['a.example.com'], secretName: 's', domain: 'example.com' }), []],
    [
      'cert without names',
      cert({ dnsNames: [], secretName: '' }),
      ['spec.dnsNames: missing field(s)', 'spec.secretName: missing field(s)'],
    ],
    [
      'domain not matching names',
      cert({ dnsNames: ['a.example.com'], secretName: 's', domain: 'other.com' }),
      [
        'spec.domain must be a suffix of, or match exactly, at least one entry in dnsNames: invalid value: domain',
      ],
    ],
  ])('%s', (_n, obj, want) => {
    expect(lines(obj)).toEqual(want);
  });

  it('SKS activator endpoints are an Info condition', () => {
    const status: ServerlessServiceStatus = {};
    const s = serverlessServiceStatus(status);
    s.markEndpointsReady();
    s.markActivatorEndpointsPopulated();
    expect(status.conditions!.find((c) => c.type === 'ActivatorEndpointsPopulated')).toMatchObject({
      status: 'True',
      severity: 'Info',
    });
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
  });
});
