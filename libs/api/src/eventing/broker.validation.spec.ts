import { defaultApiConfig } from '../core/config';
import type { Broker } from './broker.types';
import { validateBroker } from './broker.validation';

const config = defaultApiConfig();
const CLASS = { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' };

function broker(spec: Broker['spec'] = {}, annotations: Record<string, string> = CLASS): Broker {
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: 'default', namespace: 'shop', annotations },
    spec,
  };
}

const lines = (b: Broker, old?: Broker, cfg = config) =>
  validateBroker(b, cfg, old)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('validateBroker', () => {
  it.each<[string, Broker, string[]]>([
    [
      'a valid broker',
      broker({ config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'shop' } }),
      [],
    ],
    ['missing class annotation', broker({}, {}), ['eventing.knative.dev/broker.class: missing field(s)']],
    [
      'empty class annotation',
      broker({}, { 'eventing.knative.dev/broker.class': '' }),
      ['eventing.knative.dev/broker.class: missing field(s)'],
    ],
    [
      'config without kind and apiVersion',
      broker({ config: { name: 'c' } as never }),
      ['spec.config.apiVersion: missing field(s)', 'spec.config.kind: missing field(s)'],
    ],
    [
      'config in another namespace is allowed by default',
      broker({ config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'ops' } }),
      [],
    ],
    [
      'bad delivery',
      broker({ delivery: { retry: -1, backoffDelay: '1s' } }),
      ['spec.delivery.retry: invalid value: -1', 'spec.delivery.backoffDelay: invalid value: 1s'],
    ],
    [
      'DLS with an absolute uri and a ref',
      broker({
        delivery: {
          deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'x' }, uri: 'http://x' },
        },
      }),
      [
        'spec.delivery.deadLetterSink[apiVersion, kind, name]: Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
        'spec.delivery.deadLetterSink.ref: Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
        'spec.delivery.deadLetterSink.uri: Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
      ],
    ],
  ])('%s', (_name, b, expected) => {
    expect(lines(b)).toEqual(expected);
  });

  it('refuses a config in another namespace when config-br-defaults disallows it', () => {
    const strict = defaultApiConfig({
      brDefaults: { clusterDefault: { brokerClass: 'X', disallowDifferentNamespaceConfig: true } as never },
    });
    expect(
      lines(
        broker({ config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'ops' } }),
        undefined,
        strict,
      ),
    ).toEqual(['spec.config.namespace: mismatched namespaces']);
  });

  describe('updates', () => {
    const old = broker({
      config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'shop' },
      delivery: { retry: 1 },
    });

    it('allows changing delivery', () => {
      expect(
        lines(
          broker({
            config: old.spec!.config!,
            delivery: { retry: 5, backoffPolicy: 'linear', backoffDelay: 'PT1S' },
          }),
          old,
        ),
      ).toEqual([]);
    });

    it('refuses changing config', () => {
      const errs = validateBroker(
        broker({ config: { ...old.spec!.config!, name: 'other' }, delivery: { retry: 1 } }),
        config,
        old,
      ).list();
      expect(errs).toEqual([
        {
          path: 'spec',
          message: 'Immutable fields changed (-old +new)',
          level: 'Error',
          details: '{config.name}:\n\t-: "c"\n\t+: "other"',
        },
      ]);
    });

    it('refuses changing the class', () => {
      const b = broker(old.spec, { 'eventing.knative.dev/broker.class': 'Kafka' });
      expect(lines(b, old)).toEqual(['annotations: Immutable annotations changed (-old +new)']);
    });
  });
});
