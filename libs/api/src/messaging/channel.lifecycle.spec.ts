import { getCondition } from '../core/conditions';
import { ChannelLifecycle } from './channel.lifecycle';
import type { ChannelStatus } from './channel.types';
import { InMemoryChannelLifecycle } from './in-memory-channel.lifecycle';
import type { InMemoryChannelStatus } from './in-memory-channel.types';

describe('ChannelLifecycle', () => {
  function ready() {
    const status: ChannelStatus = {};
    const lc = new ChannelLifecycle(status);
    lc.initializeConditions();
    lc.propagateStatuses({
      conditions: [{ type: 'Ready', status: 'True' }],
      address: { url: 'http://events-kn-channel.shop.svc.cluster.local' },
      subscribers: [{ uid: 'u1', ready: 'True' }],
    });
    lc.markDeadLetterSinkNotConfigured();
    lc.markEventPoliciesTrue();
    return { status, lc };
  }

  it('is Ready from the backing channel, with its address and subscribers', () => {
    const { status, lc } = ready();
    expect(lc.isHappy()).toBe(true);
    expect(status.address?.url).toBe('http://events-kn-channel.shop.svc.cluster.local');
    expect(status.subscribers).toEqual([{ uid: 'u1', ready: 'True' }]);
  });

  it.each<[string, Parameters<ChannelLifecycle['propagateStatuses']>[0], string, string, string]>([
    [
      'backing channel not reconciled',
      { address: { url: 'http://x' } },
      'BackingChannelReady',
      'Unknown',
      'BackingChannelNotConfigured',
    ],
    [
      'backing channel failed',
      {
        conditions: [{ type: 'Ready', status: 'False', reason: 'DispatcherDown' }],
        address: { url: 'http://x' },
      },
      'BackingChannelReady',
      'False',
      'DispatcherDown',
    ],
    [
      'no address',
      { conditions: [{ type: 'Ready', status: 'True' }] },
      'Addressable',
      'False',
      'EmptyHostname',
    ],
  ])('%s', (_name, backing, type, st, reason) => {
    const { status, lc } = ready();
    lc.propagateStatuses(backing);
    expect(getCondition(status, type)).toMatchObject({ status: st, reason });
    expect(lc.isHappy()).toBe(false);
  });

  it('DLS resolution records and clears the URI', () => {
    const { status, lc } = ready();
    lc.markDeadLetterSinkResolvedSucceeded({ deadLetterSinkUri: 'http://dls' });
    expect(status.deadLetterSinkUri).toBe('http://dls');
    lc.markDeadLetterSinkResolvedFailed('NotFound', 'x');
    expect(status.deadLetterSinkUri).toBeUndefined();
    expect(getCondition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'NotFound' });
  });
});

describe('InMemoryChannelLifecycle', () => {
  function ready() {
    const status: InMemoryChannelStatus = {};
    const lc = new InMemoryChannelLifecycle(status);
    lc.initializeConditions();
    lc.markServiceTrue();
    lc.markEndpointsTrue();
    lc.markChannelServiceTrue();
    lc.setAddress({ url: 'http://events-kn-channel.shop.svc.cluster.local' });
    lc.markDeadLetterSinkNotConfigured();
    lc.markEventPoliciesTrue();
    return { status, lc };
  }

  it('is Ready without DispatcherReady (not a dependent)', () => {
    const { status, lc } = ready();
    expect(lc.isHappy()).toBe(true);
    expect(status.address).toEqual({ name: 'http', url: 'http://events-kn-channel.shop.svc.cluster.local' });
    lc.propagateDispatcherStatus({
      status: {
        conditions: [
          { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'down' },
        ],
      },
    });
    expect(getCondition(status, 'DispatcherReady')).toMatchObject({
      status: 'False',
      reason: 'DispatcherDeploymentFalse',
      message: 'The status of Dispatcher Deployment is False: MinimumReplicasUnavailable : down',
    });
  });

  it.each<[string, (lc: InMemoryChannelLifecycle) => void, string]>([
    ['service failed', (lc) => lc.markServiceFailed('ServiceFailed', 'x'), 'ServiceReady'],
    ['endpoints failed', (lc) => lc.markEndpointsFailed('NoEndpoints', 'x'), 'EndpointsReady'],
    [
      'channel service failed',
      (lc) => lc.markChannelServiceFailed('ChannelServiceFailed', 'x'),
      'ChannelServiceReady',
    ],
    ['no address', (lc) => lc.setAddress(undefined), 'Addressable'],
  ])('%s makes Ready False', (_name, act, type) => {
    const { status, lc } = ready();
    act(lc);
    expect(getCondition(status, type)?.status).toBe('False');
    expect(getCondition(status, 'Ready')?.status).toBe('False');
  });

  it('an address without URL fails with emptyHostname', () => {
    const { status, lc } = ready();
    lc.setAddress({});
    expect(getCondition(status, 'Addressable')).toMatchObject({
      status: 'False',
      reason: 'emptyHostname',
      message: 'hostname is the empty string',
    });
  });
});
