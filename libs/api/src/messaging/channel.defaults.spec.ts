import { defaultApiConfig } from '../core/config';
import { defaultChannel } from './channel.defaults';
import type { Channel } from './channel.types';

const config = defaultApiConfig({
  channelDefaults: {
    clusterDefault: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' },
    namespaceDefaults: {
      streaming: {
        apiVersion: 'messaging.knative.dev/v1beta1',
        kind: 'KafkaChannel',
        spec: { numPartitions: 3 },
      },
    },
  },
});

const channel = (namespace: string, spec?: Channel['spec']): Channel => ({
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'Channel',
  metadata: { name: 'events', namespace },
  ...(spec ? { spec } : {}),
});

describe('defaultChannel', () => {
  it('adds the cluster default template and the subscribable annotation', () => {
    const c = channel('shop');
    defaultChannel(c, config);
    expect(c.spec?.channelTemplate).toEqual({
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'InMemoryChannel',
    });
    expect(c.metadata?.annotations).toEqual({ 'messaging.knative.dev/subscribable': 'v1' });
  });

  it('takes the namespace default template with its spec', () => {
    const c = channel('streaming');
    defaultChannel(c, config);
    expect(c.spec?.channelTemplate).toEqual({
      apiVersion: 'messaging.knative.dev/v1beta1',
      kind: 'KafkaChannel',
      spec: { numPartitions: 3 },
    });
  });

  it('keeps an explicit template and annotation', () => {
    const c = channel('shop', { channelTemplate: { apiVersion: 'x/v1', kind: 'Y' } });
    c.metadata!.annotations = { 'messaging.knative.dev/subscribable': 'v1beta1' };
    defaultChannel(c, config);
    expect(c.spec?.channelTemplate).toEqual({ apiVersion: 'x/v1', kind: 'Y' });
    expect(c.metadata?.annotations).toEqual({ 'messaging.knative.dev/subscribable': 'v1beta1' });
  });

  it('defaults the dead letter sink namespace', () => {
    const c = channel('shop', {
      delivery: { deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'dls' } } },
    });
    defaultChannel(c, config);
    expect(c.spec?.delivery?.deadLetterSink?.ref?.namespace).toBe('shop');
  });

  it('leaves the template unset when no default exists', () => {
    const c = channel('shop');
    defaultChannel(c, defaultApiConfig({ channelDefaults: {} }));
    expect(c.spec?.channelTemplate).toBeUndefined();
  });
});
