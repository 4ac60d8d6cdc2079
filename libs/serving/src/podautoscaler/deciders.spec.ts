import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricCollector, type Stat, autoscalerSpecFor } from '@kuack/autoscaler';
import { defaultAutoscaler } from '@kuack/controller';
import { Registry } from 'prom-client';
import { endpointsActivatorProbe } from './activator-probe';
import { Deciders } from './deciders';
import { autoscalerMetrics } from './metrics';
import type { EndpointsObject, PodAutoscalerObject } from './types';

const T0 = 1_700_000_000_000;
const pa: PodAutoscalerObject = {
  apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
  kind: 'PodAutoscaler',
  metadata: { name: 'rev', namespace: 'ns' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, protocolType: 'http1' },
  status: { serviceName: 'rev' },
};
const spec = autoscalerSpecFor(pa as never, defaultAutoscaler());
const stat = (concurrency: number): Stat => ({
  podName: 'activator',
  averageConcurrentRequests: concurrency,
  averageProxiedConcurrentRequests: 0,
  requestCount: concurrency,
  proxiedRequestCount: 0,
  timestamp: T0,
});

function setup(ready = 0) {
  let now = T0;
  const collector = new MetricCollector({ now: () => now });
  collector.createOrUpdate('ns/rev', {
    stableWindowMs: spec.stableWindowMs,
    panicWindowMs: spec.panicWindowMs,
    scrape: true,
  });
  const changed: string[] = [];
  const registry = new Registry();
  const deciders = new Deciders({
    source: collector,
    metrics: autoscalerMetrics(registry),
    readyPods: () => ready,
    onChange: (k) => changed.push(k),
    now: () => now,
  });
  return { collector, deciders, changed, registry, advance: (ms: number) => (now += ms) };
}

describe('Deciders', () => {
  it('starts unknown with EBC seeded from the initial scale', () => {
    const { deciders } = setup();
    expect(deciders.ensure('ns/rev', spec)).toEqual({
      desiredScale: -1,
      excessBurstCapacity: -111,
      inPanic: false,
    });
  });

  it('keeps the previous decision without data, reports a change once', () => {
    const { deciders, collector, changed } = setup(1);
    deciders.ensure('ns/rev', spec);
    expect(deciders.tickOne('ns/rev')).toBe(false);
    collector.record('ns/rev', stat(140));
    expect(deciders.tickOne('ns/rev')).toBe(true);
    expect(deciders.get('ns/rev')).toMatchObject({ desiredScale: 2, inPanic: true });
    expect(deciders.tickOne('ns/rev')).toBe(false);
    expect(changed).toEqual(['ns/rev']);
  });

  it('a poke with traffic decides at once for a revision at zero, not otherwise', () => {
    const { deciders, collector, changed, advance } = setup(0);
    deciders.ensure('ns/rev', spec);
    collector.record('ns/rev', stat(0));
    deciders.tickOne('ns/rev');
    expect(deciders.get('ns/rev')?.desiredScale).toBe(0);
    expect(deciders.poke('ns/rev', stat(0))).toBe(false);
    advance(1000);
    collector.record('ns/rev', stat(1));
    expect(deciders.poke('ns/rev', stat(1))).toBe(true);
    expect(deciders.get('ns/rev')?.desiredScale).toBe(1);
    expect(deciders.poke('ns/rev', stat(1))).toBe(false);
    expect(changed).toEqual(['ns/rev', 'ns/rev']);
  });

  it("exports Knative's autoscaler gauges per revision and drops them on delete", async () => {
    const { deciders, collector, registry } = setup(1);
    deciders.ensure('ns/rev', spec);
    collector.record('ns/rev', stat(140));
    deciders.tickOne('ns/rev');
    const text = await registry.metrics();
    expect(text).toContain('autoscaler_desired_pods{namespace_name="ns",revision_name="rev"} 2');
    expect(text).toContain('autoscaler_panic_mode{namespace_name="ns",revision_name="rev"} 1');
    expect(text).toContain(
      'autoscaler_stable_request_concurrency{namespace_name="ns",revision_name="rev"} 140',
    );
    expect(text).toContain(
      'autoscaler_target_concurrency_per_pod{namespace_name="ns",revision_name="rev"} 70',
    );
    expect(text).toContain('autoscaler_excess_burst_capacity{namespace_name="ns",revision_name="rev"} -251');
    deciders.delete('ns/rev');
    expect(await registry.metrics()).not.toContain('revision_name="rev"');
  });

  it('pokes for unknown revisions are ignored; delete forgets', () => {
    const { deciders } = setup();
    expect(deciders.poke('ns/none', stat(3))).toBe(false);
    deciders.ensure('ns/rev', spec);
    deciders.delete('ns/rev');
    expect(deciders.get('ns/rev')).toBeUndefined();
  });
});

describe('endpointsActivatorProbe', () => {
  let server: http.Server;
  let port: number;
  let answer = 'activator';
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers['k-network-probe'] as string | undefined);
      res.writeHead(200).end(answer);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const eps = (p: number): EndpointsObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'rev', namespace: 'ns' },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: p }] }],
  });

  it('is true only when the public Service leads to something answering "activator"', async () => {
    const probe = endpointsActivatorProbe({ get: (k) => (k === 'ns/rev' ? eps(port) : undefined) });
    answer = 'activator';
    await expect(probe(pa)).resolves.toBe(true);
    expect(seen.at(-1)).toBe('activator');
    answer = 'queue';
    await expect(probe(pa)).resolves.toBe(false);
  });

  it('is false without a service name or endpoints', async () => {
    const probe = endpointsActivatorProbe({ get: () => undefined });
    await expect(probe(pa)).resolves.toBe(false);
    await expect(probe({ ...pa, status: {} })).resolves.toBe(false);
  });
});
