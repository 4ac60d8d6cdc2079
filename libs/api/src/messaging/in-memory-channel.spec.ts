// InMemoryChannel defaults and validation tables (its lifecycle is tested in channel.lifecycle.spec.ts).
import { defaultApiConfig } from '../core/config';
import { defaultInMemoryChannel } from './in-memory-channel.defaults';
import { EVENTING_CONTROLLER_USER, type InMemoryChannel } from './in-memory-channel.types';
import { validateInMemoryChannel } from './in-memory-channel.validation';

const config = defaultApiConfig();
const imc = (spec: InMemoryChannel['spec'] = {}, annotations?: Record<string, string>): InMemoryChannel => ({
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'InMemoryChannel',
  metadata: { name: 'events', namespace: 'shop', ...(annotations ? { annotations } : {}) },
  spec,
});
const lines = (c: InMemoryChannel, old?: InMemoryChannel, user?: { username: string }) =>
  validateInMemoryChannel(c, config, old, user)
    .list()
    .map((e) => `${e.path}: ${e.message}${e.details ? ` (${e.details})` : ''}`);

describe('InMemoryChannel', () => {
  it('defaults the subscribable annotation', () => {
    const c = imc();
    defaultInMemoryChannel(c);
    expect(c.metadata?.annotations).toEqual({ 'messaging.knative.dev/subscribable': 'v1' });
  });

  it.each<[string, InMemoryChannel, string[]]>([
    ['empty', imc(), []],
    [
      'subscribers with URIs',
      imc({
        subscribers: [
          { uid: 'a', subscriberUri: 'http://a' },
          { uid: 'b', replyUri: 'http://b' },
        ],
      }),
      [],
    ],
    [
      'a subscriber with neither URI',
      imc({ subscribers: [{ uid: 'a', subscriberUri: 'http://a' }, { uid: 'b' }] }),
      [
        'spec.subscribable.subscriber[1].replyURI: missing field(s) (expected at least one of, got none)',
        'spec.subscribable.subscriber[1].subscriberURI: missing field(s) (expected at least one of, got none)',
      ],
    ],
    ['scope annotation namespace', imc({}, { 'eventing.knative.dev/scope': 'namespace' }), []],
    [
      'bad scope annotation',
      imc({}, { 'eventing.knative.dev/scope': 'global' }),
      [
        "metadata.annotations[eventing.knative.dev/scope]: invalid value: global (expected either 'cluster' or 'namespace')",
      ],
    ],
  ])('validation: %s', (_name, c, expected) => {
    expect(lines(c)).toEqual(expected);
  });

  describe('subscriber changes on update', () => {
    const old = imc({ subscribers: [{ uid: 'a', subscriberUri: 'http://a' }] });
    const changed = imc({ subscribers: [{ uid: 'a', subscriberUri: 'http://b' }] });

    it('are refused from any user but the eventing controller', () => {
      expect(lines(changed, old, { username: 'alice' })).toEqual([
        `spec.subscribers: Channel.Spec.Subscribers changed by user alice which was not the ${EVENTING_CONTROLLER_USER} service account ({[0].subscriberUri}:\n\t-: "http://a"\n\t+: "http://b")`,
      ]);
    });

    it('are allowed from the eventing controller (any namespace), the embedded cluster user, and offline', () => {
      expect(lines(changed, old, { username: EVENTING_CONTROLLER_USER })).toEqual([]);
      expect(
        lines(changed, old, { username: 'system:serviceaccount:kuack-system:eventing-controller' }),
      ).toEqual([]);
      expect(lines(changed, old, { username: 'kuack-admin' })).toEqual([]);
      expect(lines(changed, old)).toEqual([]);
    });

    it('are refused from another service account', () => {
      expect(lines(changed, old, { username: 'system:serviceaccount:shop:default' })).toHaveLength(1);
    });
  });
});
