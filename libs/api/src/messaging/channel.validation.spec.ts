import { defaultApiConfig } from '../core/config';
import type { Channel } from './channel.types';
import { validateChannel } from './channel.validation';

const config = defaultApiConfig();
const IMC = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };
const channel = (spec: Channel['spec']): Channel => ({
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'Channel',
  metadata: { name: 'c', namespace: 'shop' },
  spec,
});
const lines = (c: Channel, old?: Channel) =>
  validateChannel(c, config, old)
    .list()
    .map((e) => `${e.path}: ${e.message}`);

describe('validateChannel', () => {
  it.each<[string, Channel['spec'], string[]]>([
    ['valid', { channelTemplate: IMC }, []],
    ['no template', {}, ['spec.channelTemplate: missing field(s)']],
    [
      'template without kind and apiVersion',
      { channelTemplate: {} },
      ['spec.channelTemplate.kind: missing field(s)', 'spec.channelTemplate.apiVersion: missing field(s)'],
    ],
    [
      'subscribers set by hand',
      { channelTemplate: IMC, subscribers: [{ subscriberUri: 'http://x' }] },
      ['spec.subscribable.subscribers: must not set the field(s)'],
    ],
    [
      'bad delivery',
      { channelTemplate: IMC, delivery: { retry: -3 } },
      ['spec.delivery.retry: invalid value: -3'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(lines(channel(spec))).toEqual(expected);
  });

  it('the template is immutable', () => {
    const old = channel({ channelTemplate: IMC });
    expect(lines(channel({ channelTemplate: { ...IMC, kind: 'KafkaChannel' } }), old)).toEqual([
      'spec: Immutable fields changed (-old +new)',
    ]);
  });
});
