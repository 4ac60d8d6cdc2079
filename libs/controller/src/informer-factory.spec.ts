import type { KubeClient } from './client';
import { InformerFactory } from './informer-factory';

const client = {} as KubeClient; // informers are not started here: nothing is called
const PODS = { apiVersion: 'v1', kind: 'Pod' };

describe('InformerFactory', () => {
  it('shares one informer per kind, namespace and selector', () => {
    const factory = new InformerFactory(client);
    expect(factory.informerFor(PODS)).toBe(factory.informerFor(PODS));
    expect(factory.informerFor(PODS, { namespace: 'a' })).not.toBe(factory.informerFor(PODS));
  });

  it('limits informers that name no namespace to its watch namespace', () => {
    const factory = new InformerFactory(client, { namespace: 'team-a' });
    expect(factory.informerFor(PODS).options.namespace).toBe('team-a');
    expect(factory.informerFor(PODS, { namespace: 'knative-serving' }).options.namespace).toBe(
      'knative-serving',
    );
    expect(factory.informerFor(PODS)).toBe(factory.informerFor(PODS, { namespace: 'team-a' }));
  });

  it('watches every namespace by default', () => {
    expect(new InformerFactory(client).informerFor(PODS).options.namespace).toBeUndefined();
  });

  it('takes its watch namespace from KUACK_WATCH_NAMESPACE when not given one', () => {
    process.env.KUACK_WATCH_NAMESPACE = 'from-env';
    try {
      expect(new InformerFactory(client).informerFor(PODS).options.namespace).toBe('from-env');
      expect(new InformerFactory(client, { namespace: 'x' }).informerFor(PODS).options.namespace).toBe('x');
    } finally {
      delete process.env.KUACK_WATCH_NAMESPACE;
    }
  });
});
