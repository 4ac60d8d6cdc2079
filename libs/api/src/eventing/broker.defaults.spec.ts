import { defaultApiConfig, type BrDefaultsConfig } from '../core/config';
import { defaultBroker } from './broker.defaults';
import type { Broker } from './broker.types';

const KAFKA_CONFIG = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name: 'kafka-broker-config',
  namespace: 'knative-eventing',
};

const brDefaults: BrDefaultsConfig = {
  clusterDefault: {
    brokerClass: 'MTChannelBasedBroker',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'config-br-default-channel',
    namespace: 'knative-eventing',
    delivery: { retry: 3, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S', timeout: 'PT5S' },
  },
  namespaceDefaults: {
    streaming: { brokerClass: 'Kafka', ...KAFKA_CONFIG },
    empty: {},
  },
};
const config = defaultApiConfig({ brDefaults });

function broker(namespace: string, extra: Partial<Broker> = {}): Broker {
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: 'default', namespace },
    ...extra,
  };
}

describe('defaultBroker', () => {
  it('sets the cluster class, config and delivery (without timeout) on a bare Broker', () => {
    const b = broker('shop');
    defaultBroker(b, config);
    expect(b.metadata?.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' });
    expect(b.spec).toEqual({
      config: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'config-br-default-channel',
        namespace: 'knative-eventing',
      },
      delivery: { retry: 3, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
    });
  });

  it('uses the namespace default class and its config', () => {
    const b = broker('streaming');
    defaultBroker(b, config);
    expect(b.metadata?.annotations?.['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(b.spec?.config).toEqual(KAFKA_CONFIG);
    expect(b.spec?.delivery).toBeUndefined();
  });

  it('keeps an explicit class annotation, even an empty one', () => {
    const b = broker('shop', {
      metadata: { name: 'x', namespace: 'shop', annotations: { 'eventing.knative.dev/broker.class': '' } },
    });
    defaultBroker(b, config);
    expect(b.metadata?.annotations?.['eventing.knative.dev/broker.class']).toBe('');
  });

  it('keeps explicit config and delivery, defaulting their namespaces', () => {
    const b = broker('shop', {
      spec: {
        config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'mine' },
        delivery: {
          deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dls' } },
        },
      },
    });
    defaultBroker(b, config);
    expect(b.spec?.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'mine', namespace: 'shop' });
    expect(b.spec?.delivery).toEqual({
      deadLetterSink: {
        ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dls', namespace: 'shop' },
      },
    });
  });

  it('sets nothing when config-br-defaults is empty', () => {
    const b = broker('shop');
    defaultBroker(b, defaultApiConfig({ brDefaults: {} }));
    expect(b.metadata?.annotations).toBeUndefined();
    expect(b.spec).toEqual({});
  });

  it('takes a per-class config from brokerClasses', () => {
    const withClasses = defaultApiConfig({
      brDefaults: {
        clusterDefault: {
          brokerClass: 'MTChannelBasedBroker',
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'default-channel',
          brokerClasses: {
            RabbitMQBroker: { apiVersion: 'v1', kind: 'Secret', name: 'rabbit', namespace: 'ops' },
          },
        } as BrDefaultsConfig['clusterDefault'],
      },
    });
    const b = broker('shop', {
      metadata: {
        name: 'b',
        namespace: 'shop',
        annotations: { 'eventing.knative.dev/broker.class': 'RabbitMQBroker' },
      },
    });
    defaultBroker(b, withClasses);
    expect(b.spec?.config).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 'rabbit', namespace: 'ops' });
  });

  it('the framework default config gives the MTChannelBasedBroker class', () => {
    const b = broker('shop');
    defaultBroker(b, defaultApiConfig());
    expect(b.metadata?.annotations?.['eventing.knative.dev/broker.class']).toBe('MTChannelBasedBroker');
  });
});
