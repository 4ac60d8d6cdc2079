import { defaultApiConfig } from '../core/config';
import { defaultTrigger } from './trigger.defaults';
import type { Trigger } from './trigger.types';

const config = defaultApiConfig();

function trigger(spec: Trigger['spec'], labels?: Record<string, string>): Trigger {
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: { name: 'orders', namespace: 'shop', ...(labels ? { labels } : {}) },
    spec,
  };
}

describe('defaultTrigger', () => {
  it('adds the broker label, an empty filter and namespaces on refs', () => {
    const t = trigger({
      broker: 'default',
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'billing' } },
      delivery: {
        deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dls' } },
      },
    });
    defaultTrigger(t, config);
    expect(t.metadata?.labels).toEqual({ 'eventing.knative.dev/broker': 'default' });
    expect(t.spec?.filter).toEqual({});
    expect(t.spec?.subscriber?.ref?.namespace).toBe('shop');
    expect(t.spec?.delivery?.deadLetterSink?.ref?.namespace).toBe('shop');
  });

  it('keeps other labels and overwrites a stale broker label', () => {
    const t = trigger({ broker: 'fast' }, { team: 'a', 'eventing.knative.dev/broker': 'old' });
    defaultTrigger(t, config);
    expect(t.metadata?.labels).toEqual({ team: 'a', 'eventing.knative.dev/broker': 'fast' });
  });

  it('keeps an existing filter', () => {
    const t = trigger({ broker: 'b', filter: { attributes: { type: 'x' } } });
    defaultTrigger(t, config);
    expect(t.spec?.filter).toEqual({ attributes: { type: 'x' } });
  });

  it('labels from brokerRef only under cross-namespace-event-links', () => {
    const t = trigger({
      brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'shared', namespace: 'hub' },
    });
    defaultTrigger(t, config);
    expect(t.metadata?.labels).toBeUndefined();
    defaultTrigger(t, defaultApiConfig({ features: { 'cross-namespace-event-links': 'Enabled' } }));
    expect(t.metadata?.labels).toEqual({ 'eventing.knative.dev/broker': 'shared' });
  });

  it('does not override a subscriber ref namespace', () => {
    const t = trigger({
      broker: 'b',
      subscriber: { ref: { apiVersion: 'v1', kind: 'Service', name: 's', namespace: 'shop' } },
    });
    defaultTrigger(t, config);
    expect(t.spec?.subscriber?.ref?.namespace).toBe('shop');
  });
});
