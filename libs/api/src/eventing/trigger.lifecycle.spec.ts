import { getCondition } from '../core/conditions';
import { TriggerLifecycle } from './trigger.lifecycle';
import type { TriggerStatus } from './trigger.types';

const at = () => new Date('2026-01-01T00:00:00Z');
const summary = (s: TriggerStatus) =>
  (s.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`);

function ready(): { status: TriggerStatus; lc: TriggerLifecycle } {
  const status: TriggerStatus = {};
  const lc = new TriggerLifecycle(status, at);
  lc.initializeConditions();
  lc.propagateBrokerCondition({ type: 'Ready', status: 'True' });
  lc.markSubscribed();
  lc.markDependencySucceeded();
  lc.markSubscriberResolved({ url: 'http://billing.shop.svc.cluster.local' });
  lc.markDeadLetterSinkNotConfigured();
  return { status, lc };
}

describe('TriggerLifecycle', () => {
  it('initializes with OIDCIdentityCreated True (not supported yet) and the rest Unknown', () => {
    const status: TriggerStatus = {};
    new TriggerLifecycle(status, at).initializeConditions();
    expect(summary(status)).toEqual([
      'BrokerReady=Unknown',
      'DeadLetterSinkResolved=Unknown',
      'DependencyReady=Unknown',
      'OIDCIdentityCreated=True(authentication-oidc feature not yet supported for this Broker class)',
      'Ready=Unknown',
      'SubscriberResolved=Unknown',
      'SubscriptionReady=Unknown',
    ]);
  });

  it('is Ready when every dependent is True and records the subscriber URI', () => {
    const { status, lc } = ready();
    expect(lc.isHappy()).toBe(true);
    expect(status.subscriberUri).toBe('http://billing.shop.svc.cluster.local');
  });

  it.each<[string, Parameters<TriggerLifecycle['propagateBrokerCondition']>[0], string, string | undefined]>([
    ['absent', undefined, 'Unknown', 'BrokerNotConfigured'],
    [
      'False',
      { type: 'Ready', status: 'False', reason: 'IngressUnavailable', message: 'down' },
      'False',
      'IngressUnavailable',
    ],
    [
      'Unknown',
      { type: 'Ready', status: 'Unknown', reason: 'Pending', message: 'wait' },
      'Unknown',
      'Pending',
    ],
  ])('propagates a Broker Ready that is %s', (_name, cond, status, reason) => {
    const { status: st, lc } = ready();
    lc.propagateBrokerCondition(cond);
    expect(getCondition(st, 'BrokerReady')).toMatchObject({ status, reason });
    expect(getCondition(st, 'Ready')).toMatchObject({ status, reason });
  });

  it('a failed subscriber clears the subscriber URI', () => {
    const { status, lc } = ready();
    lc.markSubscriberResolvedFailed("Unable to get the Subscriber's URI", 'services "billing" not found');
    expect(status.subscriberUri).toBeUndefined();
    expect(getCondition(status, 'Ready')).toMatchObject({
      status: 'False',
      reason: "Unable to get the Subscriber's URI",
    });
  });

  it.each<[string, (lc: TriggerLifecycle) => void, string, string]>([
    [
      'subscription not configured',
      (lc) => lc.propagateSubscriptionCondition(undefined),
      'SubscriptionReady',
      'Unknown',
    ],
    ['subscription failed', (lc) => lc.markNotSubscribed('NotSubscribed', 'x'), 'SubscriptionReady', 'False'],
    [
      'dependency failed',
      (lc) => lc.propagateDependencyStatus({ type: 'Ready', status: 'False', reason: 'SinkNotFound' }),
      'DependencyReady',
      'False',
    ],
    ['dependency not configured', (lc) => lc.markDependencyNotConfigured(), 'DependencyReady', 'Unknown'],
    [
      'DLS failed',
      (lc) => lc.markDeadLetterSinkResolvedFailed("Unable to get the dead letter sink's URI", 'x'),
      'DeadLetterSinkResolved',
      'False',
    ],
    ['OIDC failed', (lc) => lc.markOIDCIdentityCreatedFailed('NoSA', 'x'), 'OIDCIdentityCreated', 'False'],
  ])('%s moves Ready with it', (_name, act, type, status) => {
    const { status: st, lc } = ready();
    act(lc);
    expect(getCondition(st, type)?.status).toBe(status);
    expect(getCondition(st, 'Ready')?.status).toBe(status);
  });

  it('records the resolved dead letter sink', () => {
    const { status, lc } = ready();
    lc.markDeadLetterSinkResolvedSucceeded({ deadLetterSinkUri: 'http://dls.shop.svc.cluster.local' });
    expect(status.deadLetterSinkUri).toBe('http://dls.shop.svc.cluster.local');
    expect(lc.isHappy()).toBe(true);
  });
});
