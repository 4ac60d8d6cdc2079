// Subscription defaults, validation and lifecycle tables.
import { defaultApiConfig } from '../core/config';
import { getCondition } from '../core/conditions';
import { defaultSubscription } from './subscription.defaults';
import { SubscriptionLifecycle } from './subscription.lifecycle';
import type { Subscription, SubscriptionStatus } from './subscription.types';
import { validateSubscription } from './subscription.validation';

const config = defaultApiConfig();
const CHANNEL = { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'events' };
const SUBSCRIBER = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'billing' } };

const sub = (spec: Subscription['spec']): Subscription => ({
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'Subscription',
  metadata: { name: 'billing', namespace: 'shop' },
  spec,
});
const lines = (s: Subscription, old?: Subscription, cfg = config) =>
  validateSubscription(s, cfg, old)
    .list()
    .map((e) => `${e.path}: ${e.message}${e.details ? ` (${e.details})` : ''}`);

describe('defaultSubscription', () => {
  it('defaults namespaces of subscriber, reply and dead letter sink', () => {
    const s = sub({
      channel: CHANNEL,
      subscriber: { ref: { ...SUBSCRIBER.ref } },
      reply: { ref: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'replies' } },
      delivery: { deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'dls' } } },
    });
    defaultSubscription(s);
    expect([
      s.spec?.subscriber?.ref?.namespace,
      s.spec?.reply?.ref?.namespace,
      s.spec?.delivery?.deadLetterSink?.ref?.namespace,
    ]).toEqual(['shop', 'shop', 'shop']);
    expect(s.spec?.channel?.namespace).toBeUndefined();
  });
});

describe('validateSubscription', () => {
  it.each<[string, Subscription['spec'], string[]]>([
    ['valid', { channel: CHANNEL, subscriber: SUBSCRIBER }, []],
    [
      'with reply and delivery',
      {
        channel: CHANNEL,
        subscriber: { uri: 'https://hooks.example.com' },
        reply: { uri: 'https://replies.example.com' },
        delivery: { retry: 2 },
      },
      [],
    ],
    [
      'no channel',
      { subscriber: SUBSCRIBER },
      ['spec.channel: missing field(s) (the Subscription must reference a channel)'],
    ],
    [
      'no subscriber',
      { channel: CHANNEL },
      ['spec.subscriber: missing field(s) (the Subscription must reference a subscriber)'],
    ],
    [
      'empty subscriber',
      { channel: CHANNEL, subscriber: {} },
      ['spec.subscriber: missing field(s) (the Subscription must reference a subscriber)'],
    ],
    [
      'channel without kind',
      {
        channel: { apiVersion: 'messaging.knative.dev/v1', name: 'events' } as never,
        subscriber: SUBSCRIBER,
      },
      ['spec.channel.kind: missing field(s)'],
    ],
    [
      'channel in another namespace',
      { channel: { ...CHANNEL, namespace: 'hub' }, subscriber: SUBSCRIBER },
      [
        'spec.channel.namespace: must not set the field(s) (only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled)',
      ],
    ],
    [
      'relative reply uri alone',
      { channel: CHANNEL, subscriber: SUBSCRIBER, reply: { uri: '/r' } },
      [
        'spec.reply.uri: invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent',
      ],
    ],
    [
      'bad delivery',
      { channel: CHANNEL, subscriber: SUBSCRIBER, delivery: { backoffDelay: 'x' } },
      ['spec.delivery.backoffDelay: invalid value: x'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(sub(spec))).toEqual(expected);
  });

  it('the channel is immutable, the subscriber is not', () => {
    const old = sub({ channel: CHANNEL, subscriber: SUBSCRIBER });
    expect(lines(sub({ channel: CHANNEL, subscriber: { uri: 'http://x.example' } }), old)).toEqual([]);
    expect(lines(sub({ channel: { ...CHANNEL, name: 'other' }, subscriber: SUBSCRIBER }), old)).toEqual([
      'spec: Immutable fields changed (-old +new) ({channel.name}:\n\t-: "events"\n\t+: "other")',
    ]);
  });
});

describe('SubscriptionLifecycle', () => {
  it('is Ready when references resolve, it is added and the channel is ready', () => {
    const status: SubscriptionStatus = {};
    const lc = new SubscriptionLifecycle(status);
    lc.initializeConditions();
    lc.markReferencesResolved();
    lc.markAddedToChannel();
    lc.markChannelReady();
    expect(lc.isHappy()).toBe(false);
    lc.markOIDCIdentityCreatedSucceededWithReason('authentication-oidc feature disabled', '');
    expect(lc.isHappy()).toBe(true);
    expect(lc.isAddedToChannel()).toBe(true);
    expect(lc.areReferencesResolved()).toBe(true);
    lc.setPhysicalSubscription({ subscriberUri: 'http://billing.shop.svc.cluster.local' });
    expect(status.physicalSubscription).toEqual({ subscriberUri: 'http://billing.shop.svc.cluster.local' });
  });

  it.each<[string, (lc: SubscriptionLifecycle) => void, string, string]>([
    [
      'references not resolved',
      (lc) => lc.markReferencesNotResolved('SubscriberResolveFailed', 'x'),
      'ReferencesResolved',
      'False',
    ],
    [
      'not added',
      (lc) => lc.markNotAddedToChannel('PhysicalChannelSyncFailed', 'x'),
      'AddedToChannel',
      'False',
    ],
    ['channel failed', (lc) => lc.markChannelFailed('ChannelNotReady', 'x'), 'ChannelReady', 'False'],
    ['channel unknown', (lc) => lc.markChannelUnknown('ChannelNotReady', 'x'), 'ChannelReady', 'Unknown'],
  ])('%s', (_name, act, type, st) => {
    const status: SubscriptionStatus = {};
    const lc = new SubscriptionLifecycle(status);
    lc.initializeConditions();
    act(lc);
    expect(getCondition(status, type)?.status).toBe(st);
    expect(getCondition(status, 'Ready')?.status).toBe(st);
  });
});
