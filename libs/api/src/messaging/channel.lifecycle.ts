import { type Clock, ConditionSet } from '../core/condition-set';
import type { Condition } from '../core/conditions';
import type { Addressable } from '../core/duck/addressable';
import type { DeliveryStatus } from '../core/duck/delivery';
import type { ChannelableStatus } from '../eventing/duck/channelable';
import { setDeliveryStatus } from '../eventing/duck/delivery-status';
import {
  MESSAGE_DLS_NOT_CONFIGURED,
  REASON_DLS_NOT_CONFIGURED,
  StatusLifecycle,
} from '../eventing/duck/lifecycle';
import type { ChannelStatus } from './channel.types';

export const ChannelCondition = {
  Ready: 'Ready',
  BackingChannelReady: 'BackingChannelReady',
  Addressable: 'Addressable',
  DeadLetterSinkResolved: 'DeadLetterSinkResolved',
  EventPoliciesReady: 'EventPoliciesReady',
} as const;

export const channelConditionSet = ConditionSet.living(
  ChannelCondition.BackingChannelReady,
  ChannelCondition.Addressable,
  ChannelCondition.DeadLetterSinkResolved,
  ChannelCondition.EventPoliciesReady,
);

/**
 * Status helpers shared by channel kinds: address, dead letter sink and event policies. Subclasses bind the
 * condition set (Channel and InMemoryChannel use the same condition names for these).
 */
export class ChannelableLifecycle<S extends ChannelableStatus> extends StatusLifecycle<S> {
  protected addressFailedReason = 'EmptyHostname';

  setAddress(address: Addressable | undefined): void {
    if (address?.url) {
      this.status.address = address;
      this.manager.markTrue(ChannelCondition.Addressable);
    } else {
      if (address) this.status.address = address;
      else delete this.status.address;
      this.manager.markFalse(
        ChannelCondition.Addressable,
        this.addressFailedReason,
        'hostname is the empty string',
      );
    }
  }

  markDeadLetterSinkResolvedSucceeded(delivery: DeliveryStatus): void {
    setDeliveryStatus(this.status, delivery);
    this.manager.markTrue(ChannelCondition.DeadLetterSinkResolved);
  }

  markDeadLetterSinkNotConfigured(): void {
    setDeliveryStatus(this.status, {});
    this.manager.markTrueWithReason(
      ChannelCondition.DeadLetterSinkResolved,
      REASON_DLS_NOT_CONFIGURED,
      MESSAGE_DLS_NOT_CONFIGURED,
    );
  }

  markDeadLetterSinkResolvedFailed(reason: string, message: string): void {
    setDeliveryStatus(this.status, {});
    this.manager.markFalse(ChannelCondition.DeadLetterSinkResolved, reason, message);
  }

  markEventPoliciesTrue(): void {
    this.manager.markTrue(ChannelCondition.EventPoliciesReady);
  }

  markEventPoliciesTrueWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(ChannelCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesFailed(reason: string, message: string): void {
    this.manager.markFalse(ChannelCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesUnknown(reason: string, message: string): void {
    this.manager.markUnknown(ChannelCondition.EventPoliciesReady, reason, message);
  }
}

/** Named status transitions of a Channel (Knative channel_lifecycle.go). */
export class ChannelLifecycle extends ChannelableLifecycle<ChannelStatus> {
  constructor(status: ChannelStatus, clock?: Clock) {
    super(status, channelConditionSet, clock);
  }

  markBackingChannelReady(): void {
    this.manager.markTrue(ChannelCondition.BackingChannelReady);
  }

  markBackingChannelFailed(reason: string, message: string): void {
    this.manager.markFalse(ChannelCondition.BackingChannelReady, reason, message);
  }

  markBackingChannelUnknown(reason: string, message: string): void {
    this.manager.markUnknown(ChannelCondition.BackingChannelReady, reason, message);
  }

  markBackingChannelNotConfigured(): void {
    this.manager.markUnknown(
      ChannelCondition.BackingChannelReady,
      'BackingChannelNotConfigured',
      'BackingChannel has not yet been reconciled.',
    );
  }

  /** PropagateStatuses: the backing channel's Ready, address and subscriber statuses. */
  propagateStatuses(backing: {
    conditions?: Condition[];
    address?: Addressable;
    subscribers?: ChannelStatus['subscribers'];
  }): void {
    const ready = backing.conditions?.find((c) => c.type === 'Ready');
    this.propagate(ChannelCondition.BackingChannelReady, ready, [
      'BackingChannelNotConfigured',
      'BackingChannel has not yet been reconciled.',
    ]);
    this.setAddress(backing.address);
    if (backing.subscribers) this.status.subscribers = backing.subscribers;
    else delete this.status.subscribers;
  }
}
