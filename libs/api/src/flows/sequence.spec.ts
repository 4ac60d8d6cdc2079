// Sequence defaults, validation and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultSequence } from './sequence.defaults';
import { SequenceLifecycle } from './sequence.lifecycle';
import type { Sequence, SequenceStatus } from './sequence.types';
import { validateSequence } from './sequence.validation';

const config = defaultApiConfig();
const IMC = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };
const STEP = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'enrich' } };
const seq = (spec: Sequence['spec']): Sequence => ({
  apiVersion: 'flows.knative.dev/v1',
  kind: 'Sequence',
  metadata: { name: 'pipeline', namespace: 'shop' },
  spec,
});
const lines = (s: Sequence) =>
  validateSequence(s, config)
    .list()
    .map((e) => `${e.path}: ${e.message}`);
const at = () => new Date('2026-01-01T00:00:00Z');

describe('defaultSequence', () => {
  it('adds the default channel template and namespaces', () => {
    const s = seq({
      steps: [
        {
          ...STEP,
          ref: { ...STEP.ref },
          delivery: { deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'dls' } } },
        },
      ],
      reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } },
    });
    defaultSequence(s, config);
    expect(s.spec?.channelTemplate).toEqual(IMC);
    expect(s.spec?.steps?.[0]?.ref?.namespace).toBe('shop');
    expect(s.spec?.steps?.[0]?.delivery?.deadLetterSink?.ref?.namespace).toBe('shop');
    expect(s.spec?.reply?.ref?.namespace).toBe('shop');
  });

  it('keeps an explicit channel template', () => {
    const s = seq({
      steps: [STEP],
      channelTemplate: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' },
    });
    defaultSequence(s, config);
    expect(s.spec?.channelTemplate?.kind).toBe('KafkaChannel');
  });
});

describe('validateSequence', () => {
  it.each<[string, Sequence['spec'], string[]]>([
    ['valid', { steps: [STEP, { uri: 'https://x.example/step2' }], channelTemplate: IMC }, []],
    ['no steps', { channelTemplate: IMC }, ['spec.steps: missing field(s)']],
    [
      'a step with nothing',
      { steps: [STEP, {}], channelTemplate: IMC },
      [
        'spec.steps[1].ref: expected at least one, got none',
        'spec.steps[1].uri: expected at least one, got none',
      ],
    ],
    [
      'a step with a bad delivery',
      { steps: [{ ...STEP, delivery: { retry: -1 } }], channelTemplate: IMC },
      ['spec.steps[0].delivery.retry: invalid value: -1'],
    ],
    ['no channel template', { steps: [STEP] }, ['spec.channelTemplate: missing field(s)']],
    [
      'template without kind',
      { steps: [STEP], channelTemplate: { apiVersion: 'messaging.knative.dev/v1' } },
      ['spec.channelTemplate.kind: missing field(s)'],
    ],
    [
      'empty reply',
      { steps: [STEP], channelTemplate: IMC, reply: {} },
      ['spec.reply.ref: expected at least one, got none', 'spec.reply.uri: expected at least one, got none'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(seq(spec))).toEqual(expected);
  });
});

describe('SequenceLifecycle', () => {
  const channel = (name: string, ready?: 'True' | 'False', url?: string) => ({
    apiVersion: 'messaging.knative.dev/v1',
    kind: 'InMemoryChannel',
    metadata: { name, namespace: 'shop' },
    status: {
      ...(ready ? { conditions: [{ type: 'Ready', status: ready } as const] } : {}),
      ...(url ? { address: { url } } : {}),
    },
  });
  const subscription = (name: string, ready?: 'True' | 'False') => ({
    apiVersion: 'messaging.knative.dev/v1',
    kind: 'Subscription',
    metadata: { name, namespace: 'shop' },
    status: ready ? { conditions: [{ type: 'Ready', status: ready } as const] } : {},
  });

  it('is Ready with ready channels and subscriptions; the first channel gives the address', () => {
    const status: SequenceStatus = {};
    const lc = new SequenceLifecycle(status, at);
    lc.initializeConditions();
    lc.propagateChannelStatuses([
      channel('pipeline-kn-sequence-0', 'True', 'http://c0'),
      channel('pipeline-kn-sequence-1', 'True', 'http://c1'),
    ]);
    lc.propagateSubscriptionStatuses([subscription('s0', 'True'), subscription('s1', 'True')]);
    lc.markEventPoliciesTrue();
    expect(lc.isHappy()).toBe(true);
    expect(status.address).toEqual({ url: 'http://c0' });
    expect(status.channelStatuses?.[1]?.channel).toEqual({
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'InMemoryChannel',
      name: 'pipeline-kn-sequence-1',
      namespace: 'shop',
    });
  });

  it('a subscription without Ready gets a NoReady stand-in and SubscriptionsReady Unknown', () => {
    const status: SequenceStatus = {};
    const lc = new SequenceLifecycle(status, at);
    lc.initializeConditions();
    lc.propagateSubscriptionStatuses([subscription('s0')]);
    expect(status.subscriptionStatuses?.[0]?.ready).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NoReady',
      message: 'Subscription does not have Ready condition',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
    expect(getCondition(status, 'SubscriptionsReady')).toMatchObject({
      status: 'Unknown',
      reason: 'SubscriptionsNotReady',
    });
  });

  it('no channels, or a first channel without address', () => {
    const status: SequenceStatus = {};
    const lc = new SequenceLifecycle(status, at);
    lc.initializeConditions();
    lc.propagateChannelStatuses([]);
    expect(getCondition(status, 'ChannelsReady')).toMatchObject({
      status: 'Unknown',
      reason: 'ChannelsNotReady',
    });
    lc.propagateChannelStatuses([channel('c0', 'True')]);
    expect(getCondition(status, 'Addressable')).toMatchObject({ status: 'Unknown', reason: 'emptyAddress' });
  });
});
