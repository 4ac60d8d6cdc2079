import { getCondition } from '../core/conditions';
import { BrokerLifecycle } from './broker.lifecycle';
import type { BrokerStatus } from './broker.types';

const at = () => new Date('2026-01-01T00:00:00Z');

function ready(): { status: BrokerStatus; lc: BrokerLifecycle } {
  const status: BrokerStatus = {};
  const lc = new BrokerLifecycle(status, at);
  lc.initializeConditions();
  lc.propagateIngressAvailability(true);
  lc.propagateTriggerChannelReadiness({ url: 'http://channel' });
  lc.propagateFilterAvailability(true);
  lc.setAddress({ url: 'http://broker-ingress.knative-eventing.svc.cluster.local/shop/default' });
  lc.markDeadLetterSinkNotConfigured();
  lc.markEventPoliciesTrue();
  return { status, lc };
}

const summary = (s: BrokerStatus) =>
  (s.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`);

describe('BrokerLifecycle', () => {
  it('initializes every condition Unknown', () => {
    const status: BrokerStatus = {};
    new BrokerLifecycle(status, at).initializeConditions();
    expect(summary(status)).toEqual([
      'Addressable=Unknown',
      'DeadLetterSinkResolved=Unknown',
      'EventPoliciesReady=Unknown',
      'FilterReady=Unknown',
      'IngressReady=Unknown',
      'Ready=Unknown',
      'TriggerChannelReady=Unknown',
    ]);
  });

  it('is Ready when every dependent is True', () => {
    const { status, lc } = ready();
    expect(lc.isHappy()).toBe(true);
    expect(status.address).toEqual({
      name: 'http',
      url: 'http://broker-ingress.knative-eventing.svc.cluster.local/shop/default',
    });
    expect(getCondition(status, 'DeadLetterSinkResolved')).toMatchObject({
      status: 'True',
      reason: 'DeadLetterSinkNotConfigured',
      message: 'No dead letter sink is configured.',
    });
  });

  it.each<[string, (lc: BrokerLifecycle) => void, string, string]>([
    [
      'ingress down',
      (lc) => lc.propagateIngressAvailability(false),
      'IngressReady',
      'EndpointSlicesUnavailable',
    ],
    [
      'filter down',
      (lc) => lc.propagateFilterAvailability(false),
      'FilterReady',
      'EndpointSlicesUnavailable',
    ],
    [
      'channel without address',
      (lc) => lc.propagateTriggerChannelReadiness(undefined),
      'TriggerChannelReady',
      'ChannelNotReady',
    ],
    ['no URL', (lc) => lc.setAddress(undefined), 'Addressable', 'nil URL'],
    [
      'DLS unresolvable',
      (lc) => lc.markDeadLetterSinkResolvedFailed("Unable to get the DeadLetterSink's URI", 'not found'),
      'DeadLetterSinkResolved',
      "Unable to get the DeadLetterSink's URI",
    ],
    [
      'policies failed',
      (lc) => lc.markEventPoliciesFailed('NoPolicy', 'x'),
      'EventPoliciesReady',
      'NoPolicy',
    ],
  ])('%s makes Ready False with the reason', (_name, act, type, reason) => {
    const { status, lc } = ready();
    act(lc);
    expect(getCondition(status, type)).toMatchObject({ status: 'False', reason });
    expect(getCondition(status, 'Ready')).toMatchObject({ status: 'False', reason });
    expect(lc.isHappy()).toBe(false);
  });

  it('records and clears the dead letter sink URI', () => {
    const { status, lc } = ready();
    lc.markDeadLetterSinkResolvedSucceeded({ deadLetterSinkUri: 'http://dls.shop.svc.cluster.local' });
    expect(status.deadLetterSinkUri).toBe('http://dls.shop.svc.cluster.local');
    lc.markDeadLetterSinkNotConfigured();
    expect(status.deadLetterSinkUri).toBeUndefined();
  });

  it('publishes every address with its scheme as name', () => {
    const { status, lc } = ready();
    lc.setAddresses({ url: 'https://b/shop/default' }, [
      { url: 'https://b/shop/default' },
      { url: 'http://b/shop/default' },
    ]);
    expect(status.addresses?.map((a) => a.name)).toEqual(['https', 'http']);
    expect(status.address?.name).toBe('https');
  });

  it('markBrokerAddressableUnknown makes Ready Unknown', () => {
    const { status, lc } = ready();
    lc.markBrokerAddressableUnknown('Pending', 'waiting');
    expect(getCondition(status, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'Pending' });
  });
});
