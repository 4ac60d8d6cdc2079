import type { Clock } from '../core/condition-set';
import { ConditionSet } from '../core/condition-set';
import type { Addressable } from '../core/duck/addressable';
import type { DeliveryStatus } from '../core/duck/delivery';
import type { BrokerStatus } from './broker.types';
import { setDeliveryStatus } from './duck/delivery-status';
import { MESSAGE_DLS_NOT_CONFIGURED, REASON_DLS_NOT_CONFIGURED, StatusLifecycle } from './duck/lifecycle';

export const BrokerCondition = {
  Ready: 'Ready',
  Ingress: 'IngressReady',
  TriggerChannel: 'TriggerChannelReady',
  Filter: 'FilterReady',
  Addressable: 'Addressable',
  DeadLetterSinkResolved: 'DeadLetterSinkResolved',
  EventPoliciesReady: 'EventPoliciesReady',
} as const;

export const brokerConditionSet = ConditionSet.living(
  BrokerCondition.Ingress,
  BrokerCondition.TriggerChannel,
  BrokerCondition.Filter,
  BrokerCondition.Addressable,
  BrokerCondition.DeadLetterSinkResolved,
  BrokerCondition.EventPoliciesReady,
);

function urlScheme(url: string): string {
  const i = url.indexOf(':');
  return i > 0 ? url.slice(0, i) : '';
}

/** Named status transitions of a Broker (Knative broker_lifecycle.go / broker_lifecycle_mt.go). */
export class BrokerLifecycle extends StatusLifecycle<BrokerStatus> {
  constructor(status: BrokerStatus, clock?: Clock) {
    super(status, brokerConditionSet, clock);
  }

  /** The ingress address; its `name` becomes the URL scheme. No URL → Addressable False. */
  setAddress(address: Addressable | undefined): void {
    delete this.status.addresses;
    if (address?.url) {
      this.status.address = { ...address, name: urlScheme(address.url) };
      this.manager.markTrue(BrokerCondition.Addressable);
    } else {
      if (address) this.status.address = address;
      else delete this.status.address;
      this.manager.markFalse(BrokerCondition.Addressable, 'nil URL', 'URL is nil');
    }
  }

  /** TLS permissive/strict: `address` plus every address (https first). */
  setAddresses(address: Addressable | undefined, addresses: Addressable[]): void {
    this.setAddress(address);
    if (addresses.length)
      this.status.addresses = addresses.map((a) => (a.url ? { ...a, name: urlScheme(a.url) } : a));
  }

  markBrokerAddressableUnknown(reason: string, message: string): void {
    this.manager.markUnknown(BrokerCondition.Addressable, reason, message);
  }

  markIngressReady(): void {
    this.manager.markTrue(BrokerCondition.Ingress);
  }

  markIngressFailed(reason: string, message: string): void {
    this.manager.markFalse(BrokerCondition.Ingress, reason, message);
  }

  /** PropagateIngressAvailability: the ingress endpoints are up or not. */
  propagateIngressAvailability(available: boolean): void {
    if (available) this.markIngressReady();
    else this.markIngressFailed('EndpointSlicesUnavailable', 'EndpointSlices are unavailable.');
  }

  markTriggerChannelReady(): void {
    this.manager.markTrue(BrokerCondition.TriggerChannel);
  }

  markTriggerChannelFailed(reason: string, message: string): void {
    this.manager.markFalse(BrokerCondition.TriggerChannel, reason, message);
  }

  /** PropagateTriggerChannelReadiness: ready once the backing channel (or backend) has an address. */
  propagateTriggerChannelReadiness(channelAddress: Addressable | undefined): void {
    if (channelAddress) this.markTriggerChannelReady();
    else this.markTriggerChannelFailed('ChannelNotReady', 'trigger Channel is not ready: not addressable');
  }

  markFilterReady(): void {
    this.manager.markTrue(BrokerCondition.Filter);
  }

  markFilterFailed(reason: string, message: string): void {
    this.manager.markFalse(BrokerCondition.Filter, reason, message);
  }

  propagateFilterAvailability(available: boolean): void {
    if (available) this.markFilterReady();
    else this.markFilterFailed('EndpointSlicesUnavailable', 'EndpointSlices are unavailable.');
  }

  markDeadLetterSinkResolvedSucceeded(delivery: DeliveryStatus): void {
    this.setDeliveryStatus(delivery);
    this.manager.markTrue(BrokerCondition.DeadLetterSinkResolved);
  }

  markDeadLetterSinkNotConfigured(): void {
    this.setDeliveryStatus({});
    this.manager.markTrueWithReason(
      BrokerCondition.DeadLetterSinkResolved,
      REASON_DLS_NOT_CONFIGURED,
      MESSAGE_DLS_NOT_CONFIGURED,
    );
  }

  markDeadLetterSinkResolvedFailed(reason: string, message: string): void {
    this.setDeliveryStatus({});
    this.manager.markFalse(BrokerCondition.DeadLetterSinkResolved, reason, message);
  }

  markEventPoliciesTrue(): void {
    this.manager.markTrue(BrokerCondition.EventPoliciesReady);
  }

  markEventPoliciesTrueWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(BrokerCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesFailed(reason: string, message: string): void {
    this.manager.markFalse(BrokerCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesUnknown(reason: string, message: string): void {
    this.manager.markUnknown(BrokerCondition.EventPoliciesReady, reason, message);
  }

  private setDeliveryStatus(delivery: DeliveryStatus): void {
    setDeliveryStatus(this.status, delivery);
  }
}

export function brokerLifecycle(status: BrokerStatus, clock?: Clock): BrokerLifecycle {
  return new BrokerLifecycle(status, clock);
}
