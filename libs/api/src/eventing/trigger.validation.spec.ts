import { defaultApiConfig } from '../core/config';
import type { Trigger } from './trigger.types';
import { validateTrigger } from './trigger.validation';

const config = defaultApiConfig();
const SUBSCRIBER = {
  ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'billing', namespace: 'shop' },
};

function trigger(spec: Trigger['spec'], annotations?: Record<string, string>): Trigger {
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: { name: 'orders', namespace: 'shop', ...(annotations ? { annotations } : {}) },
    spec,
  };
}

const lines = (t: Trigger, old?: Trigger, cfg = config) =>
  validateTrigger(t, cfg, old)
    .list()
    .map((e) => `${e.path}: ${e.message}${e.details ? ` (${e.details})` : ''}`);

describe('validateTrigger', () => {
  it.each<[string, Trigger, string[]]>([
    ['a valid trigger', trigger({ broker: 'default', subscriber: SUBSCRIBER }), []],
    [
      'a uri subscriber',
      trigger({ broker: 'default', subscriber: { uri: 'https://hooks.example.com/orders' } }),
      [],
    ],
    [
      'a ref plus relative uri',
      trigger({ broker: 'default', subscriber: { ...SUBSCRIBER, uri: '/orders' } }),
      [],
    ],
    ['no broker', trigger({ subscriber: SUBSCRIBER }), ['spec.broker: missing field(s)']],
    [
      'broker and brokerRef',
      trigger({
        broker: 'a',
        brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'a' },
        subscriber: SUBSCRIBER,
      }),
      ['spec.broker: expected exactly one, got both', 'spec.brokerRef: expected exactly one, got both'],
    ],
    [
      'brokerRef in another namespace without the feature',
      trigger({
        brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'a', namespace: 'hub' },
        subscriber: SUBSCRIBER,
      }),
      [
        'spec.brokerRef.namespace: must not set the field(s) (only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled)',
      ],
    ],
    [
      'no subscriber',
      trigger({ broker: 'default' }),
      [
        'spec.subscriber.ref: expected at least one, got none',
        'spec.subscriber.uri: expected at least one, got none',
      ],
    ],
    [
      'subscriber in another namespace',
      trigger({ broker: 'default', subscriber: { ref: { ...SUBSCRIBER.ref, namespace: 'other' } } }),
      [
        'spec.subscriber.ref.namespace: mismatched namespaces (parent namespace: "shop" does not match ref: "other")',
      ],
    ],
    [
      'bad filter attribute',
      trigger({ broker: 'default', filter: { attributes: { Type: 'x' } }, subscriber: SUBSCRIBER }),
      [
        'spec.filter.attributes[Type]: invalid key name "Type" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
      ],
    ],
    [
      'filters with two dialects',
      trigger({
        broker: 'default',
        filters: [{ exact: { type: 'a' }, suffix: { source: 'b' } }],
        subscriber: SUBSCRIBER,
      }),
      ['spec.filters[0]: multiple dialects found, filters can have only one dialect set'],
    ],
    [
      'a CESQL filter that does not parse',
      trigger({ broker: 'default', filters: [{ cesql: 'type = ' }], subscriber: SUBSCRIBER }),
      [
        'spec.filters[0].cesql: invalid value: type =  (parse error at column 8: unexpected end of input, expected an expression)',
      ],
    ],
    [
      'bad delivery',
      trigger({ broker: 'default', subscriber: SUBSCRIBER, delivery: { backoffPolicy: 'x' as never } }),
      ['spec.delivery.backoffPolicy: invalid value: x'],
    ],
    [
      'dependency annotation not JSON',
      trigger({ broker: 'default', subscriber: SUBSCRIBER }, { 'knative.dev/dependency': 'ping' }),
      [
        `metadata.annotations[knative.dev/dependency]: The provided annotation was not a corev1.ObjectReference: "ping" (Unexpected token 'p', "ping" is not valid JSON)`,
      ],
    ],
    [
      'dependency annotation incomplete',
      trigger(
        { broker: 'default', subscriber: SUBSCRIBER },
        { 'knative.dev/dependency': '{"kind":"PingSource","namespace":"x"}' },
      ),
      [
        'metadata.annotations[knative.dev/dependency].namespace: Namespace must be empty or equal to the trigger namespace "shop"',
        'metadata.annotations[knative.dev/dependency].name: missing field(s)',
        'metadata.annotations[knative.dev/dependency].apiVersion: missing field(s)',
      ],
    ],
    [
      'a valid dependency annotation',
      trigger(
        { broker: 'default', subscriber: SUBSCRIBER },
        {
          'knative.dev/dependency':
            '{"kind":"PingSource","name":"tick","apiVersion":"sources.knative.dev/v1"}',
        },
      ),
      [],
    ],
    [
      'injection annotation with a bad value',
      trigger({ broker: 'default', subscriber: SUBSCRIBER }, { 'eventing.knative.dev/injection': 'yes' }),
      [
        'metadata.annotations[eventing.knative.dev/injection]: The provided injection annotation value can only be "enabled" or "disabled", not "yes"',
      ],
    ],
    [
      'injection annotation on a non-default broker',
      trigger({ broker: 'fast', subscriber: SUBSCRIBER }, { 'eventing.knative.dev/injection': 'enabled' }),
      [
        'metadata.annotations[eventing.knative.dev/injection]: The provided injection annotation is only used for default broker, but non-default broker specified here: "fast"',
      ],
    ],
  ])('%s', (_name, t, expected) => {
    expect(lines(t)).toEqual(expected);
  });

  it('allows a brokerRef in another namespace under cross-namespace-event-links', () => {
    const t = trigger({
      brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'a', namespace: 'hub' },
      subscriber: SUBSCRIBER,
    });
    expect(
      lines(t, undefined, defaultApiConfig({ features: { 'cross-namespace-event-links': 'Enabled' } })),
    ).toEqual([]);
  });

  describe('updates', () => {
    const old = trigger({ broker: 'default', subscriber: SUBSCRIBER });

    it('refuses a new broker', () => {
      expect(lines(trigger({ broker: 'other', subscriber: SUBSCRIBER }), old)).toEqual([
        'spec.broker: Immutable fields changed (-old +new) ({.}:\n\t-: "default"\n\t+: "other")',
      ]);
    });

    it('allows new filters, subscriber and delivery', () => {
      const t = trigger({
        broker: 'default',
        filters: [{ exact: { type: 'x' } }],
        subscriber: { uri: 'http://x.example' },
        delivery: { retry: 2 },
      });
      expect(lines(t, old)).toEqual([]);
    });
  });
});
