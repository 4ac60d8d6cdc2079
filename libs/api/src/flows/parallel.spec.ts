// Parallel defaults, validation and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultParallel } from './parallel.defaults';
import { ParallelLifecycle } from './parallel.lifecycle';
import type { Parallel, ParallelStatus } from './parallel.types';
import { validateParallel } from './parallel.validation';

const config = defaultApiConfig();
const IMC = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };
const svc = (name: string) => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name } });
const par = (spec: Parallel['spec']): Parallel => ({
  apiVersion: 'flows.knative.dev/v1',
  kind: 'Parallel',
  metadata: { name: 'fanout', namespace: 'shop' },
  spec,
});
const lines = (p: Parallel) =>
  validateParallel(p, config)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('defaultParallel', () => {
  it('adds the default channel template and namespaces on every ref', () => {
    const p = par({
      branches: [{ filter: svc('is-eu'), subscriber: svc('eu'), reply: svc('audit') }],
      reply: svc('done'),
    });
    defaultParallel(p, config);
    expect(p.spec?.channelTemplate).toEqual(IMC);
    const b = p.spec!.branches![0]!;
    expect([
      b.filter?.ref?.namespace,
      b.subscriber?.ref?.namespace,
      b.reply?.ref?.namespace,
      p.spec?.reply?.ref?.namespace,
    ]).toEqual(['shop', 'shop', 'shop', 'shop']);
  });
});

describe('validateParallel', () => {
  it.each<[string, Parallel['spec'], string[]]>([
    [
      'valid',
      {
        branches: [
          { subscriber: svc('a') },
          { filter: svc('f'), subscriber: { uri: 'https://b.example' }, reply: svc('r') },
        ],
        channelTemplate: IMC,
      },
      [],
    ],
    ['no branches', { channelTemplate: IMC }, ['spec.branches: missing field(s)']],
    [
      'a branch without subscriber',
      { branches: [{ filter: svc('f') }], channelTemplate: IMC },
      [
        'spec.branches[0].subscriber.ref: expected at least one, got none',
        'spec.branches[0].subscriber.uri: expected at least one, got none',
      ],
    ],
    [
      'a bad filter',
      { branches: [{ filter: { uri: 'relative' }, subscriber: svc('a') }], channelTemplate: IMC },
      [
        'spec.branches[0].filter.uri: invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent',
      ],
    ],
    [
      'no channel template',
      { branches: [{ subscriber: svc('a') }] },
      ['spec.channelTemplate: missing field(s)'],
    ],
    [
      'template without apiVersion and kind',
      { branches: [{ subscriber: svc('a') }], channelTemplate: {} },
      ['spec.channelTemplate.apiVersion: missing field(s)', 'spec.channelTemplate.kind: missing field(s)'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(par(spec))).toEqual(expected);
  });
});

describe('ParallelLifecycle', () => {
  const channel = (name: string, url?: string) => ({
    apiVersion: 'messaging.knative.dev/v1',
    kind: 'InMemoryChannel',
    metadata: { name },
    status: url ? { address: { url } } : {},
  });
  const sub = (name: string, ready: 'True' | 'False') => ({
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: ready } as const] },
  });

  it('is Ready with addressable channels and ready subscriptions', () => {
    const status: ParallelStatus = {};
    const lc = new ParallelLifecycle(status);
    lc.initializeConditions();
    lc.propagateChannelStatuses(channel('fanout-kn-parallel', 'http://ingress'), [
      channel('fanout-kn-parallel-0', 'http://f0'),
    ]);
    lc.propagateSubscriptionStatuses([sub('filter-0', 'True')], [sub('sub-0', 'True')]);
    lc.markEventPoliciesTrue();
    expect(lc.isHappy()).toBe(true);
    expect(status.address).toEqual({ url: 'http://ingress' });
    expect(status.branchStatuses?.[0]?.filterChannelStatus?.ready.status).toBe('True');
  });

  it('an unaddressable ingress channel fails ChannelsReady and Addressable', () => {
    const status: ParallelStatus = {};
    const lc = new ParallelLifecycle(status);
    lc.initializeConditions();
    lc.propagateChannelStatuses(channel('fanout-kn-parallel'), []);
    expect(status.ingressChannelStatus?.ready).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'NotAddressable',
      message: 'Channel is not addressable',
    });
    expect(getCondition(status, 'Addressable')).toMatchObject({ status: 'False', reason: 'emptyAddress' });
    expect(getCondition(status, 'ChannelsReady')).toMatchObject({
      status: 'False',
      reason: 'ChannelsNotReady',
    });
  });

  it('a failed filter subscription fails SubscriptionsReady', () => {
    const status: ParallelStatus = {};
    const lc = new ParallelLifecycle(status);
    lc.initializeConditions();
    lc.propagateSubscriptionStatuses([sub('filter-0', 'False')], [sub('sub-0', 'True')]);
    expect(getCondition(status, 'SubscriptionsReady')).toMatchObject({
      status: 'False',
      reason: 'SubscriptionsNotReady',
    });
  });
});
