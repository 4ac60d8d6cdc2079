// ContainerSource defaults, validation and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultContainerSource } from './container-source.defaults';
import { ContainerSourceLifecycle } from './container-source.lifecycle';
import type { ContainerSource, ContainerSourceStatus } from './container-source.types';
import { validateContainerSource } from './container-source.validation';

const config = defaultApiConfig();
const SINK = {
  ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display', namespace: 'shop' },
};
const source = (spec: ContainerSource['spec']): ContainerSource => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ContainerSource',
  metadata: { name: 'heartbeat', namespace: 'shop' },
  spec,
});
const lines = (s: ContainerSource) =>
  validateContainerSource(s, config)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('defaultContainerSource', () => {
  it('names unnamed containers after the source', () => {
    const s = source({
      sink: SINK,
      template: {
        spec: {
          containers: [{ name: '', image: 'a' }, { name: 'named', image: 'b' }, { image: 'c' } as never],
        },
      },
    });
    defaultContainerSource(s);
    expect(s.spec?.template?.spec?.containers.map((c) => c.name)).toEqual([
      'heartbeat-0',
      'named',
      'heartbeat-2',
    ]);
  });
});

describe('validateContainerSource', () => {
  it.each<[string, ContainerSource['spec'], string[]]>([
    [
      'valid',
      {
        sink: SINK,
        template: { spec: { containers: [{ name: 'hb', image: 'ghcr.io/example/heartbeat:1' }] } },
      },
      [],
    ],
    [
      'no containers',
      { sink: SINK, template: { spec: { containers: [] } } },
      ['spec.template.spec.containers: missing field(s)'],
    ],
    ['no template', { sink: SINK }, ['spec.template.spec.containers: missing field(s)']],
    [
      'container without name and image',
      { sink: SINK, template: { spec: { containers: [{ name: '' }] } } },
      [
        'spec.template.spec.containers[0].name: missing field(s)',
        'spec.template.spec.containers[0].image: missing field(s)',
      ],
    ],
    [
      'no sink',
      { template: { spec: { containers: [{ name: 'a', image: 'b' }] } } },
      ['spec.sink.ref: expected at least one, got none', 'spec.sink.uri: expected at least one, got none'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(source(spec))).toEqual(expected);
  });
});

describe('ContainerSourceLifecycle', () => {
  it('is Ready from the SinkBinding and the adapter, copying the sink', () => {
    const status: ContainerSourceStatus = { observedGeneration: 3 };
    const lc = new ContainerSourceLifecycle(status);
    lc.initializeConditions();
    lc.propagateSinkBindingStatus({
      sinkUri: 'http://display.shop.svc.cluster.local',
      observedGeneration: 9,
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    lc.propagateReceiveAdapterStatus({ status: { conditions: [{ type: 'Available', status: 'True' }] } });
    expect(lc.isHappy()).toBe(true);
    expect(status.sinkUri).toBe('http://display.shop.svc.cluster.local');
    expect(status.observedGeneration).toBe(3);
  });

  it.each<[string, (lc: ContainerSourceLifecycle) => void, string, string]>([
    [
      'binding not ready',
      (lc) =>
        lc.propagateSinkBindingStatus({
          conditions: [{ type: 'Ready', status: 'False', reason: 'SinkNotFound', message: 'x' }],
        }),
      'SinkBindingReady',
      'False',
    ],
    ['binding without Ready', (lc) => lc.propagateSinkBindingStatus({}), 'SinkBindingReady', 'Unknown'],
    [
      'adapter missing',
      (lc) => lc.propagateReceiveAdapterStatus({ metadata: { name: 'heartbeat-deployment' }, status: {} }),
      'ReceiveAdapterReady',
      'Unknown',
    ],
    [
      'adapter failed',
      (lc) =>
        lc.propagateReceiveAdapterStatus({
          status: {
            conditions: [{ type: 'Available', status: 'False', reason: 'ProgressDeadlineExceeded' }],
          },
        }),
      'ReceiveAdapterReady',
      'False',
    ],
  ])('%s', (_name, act, type, st) => {
    const status: ContainerSourceStatus = {};
    const lc = new ContainerSourceLifecycle(status);
    lc.initializeConditions();
    act(lc);
    expect(getCondition(status, type)?.status).toBe(st);
    expect(getCondition(status, 'Ready')?.status).toBe(st);
  });
});
