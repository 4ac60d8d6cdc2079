import { type Clock, ConditionSet } from '../core/condition-set';
import { StatusLifecycle } from '../eventing/duck/lifecycle';
import { type ChildResource, readyOf, referenceTo } from './flow-status';
import type { SequenceStatus } from './sequence.types';

export const SequenceCondition = {
  Ready: 'Ready',
  ChannelsReady: 'ChannelsReady',
  SubscriptionsReady: 'SubscriptionsReady',
  Addressable: 'Addressable',
  EventPoliciesReady: 'EventPoliciesReady',
} as const;

export const sequenceConditionSet = ConditionSet.living(
  SequenceCondition.ChannelsReady,
  SequenceCondition.SubscriptionsReady,
  SequenceCondition.Addressable,
  SequenceCondition.EventPoliciesReady,
);

/** Named status transitions of a Sequence (Knative sequence_lifecycle.go). */
export class SequenceLifecycle extends StatusLifecycle<SequenceStatus> {
  private readonly now: () => Date;

  constructor(status: SequenceStatus, clock?: Clock) {
    super(status, sequenceConditionSet, clock);
    this.now = clock ?? (() => new Date());
  }

  /** One entry per step's Subscription; SubscriptionsReady when all are Ready (and there is at least one). */
  propagateSubscriptionStatuses(subscriptions: ChildResource[]): void {
    this.status.subscriptionStatuses = subscriptions.map((s) => ({
      subscription: referenceTo(s),
      ready: readyOf(s, 'Subscription', this.now),
    }));
    const allReady =
      subscriptions.length > 0 && this.status.subscriptionStatuses.every((s) => s.ready.status === 'True');
    if (allReady) this.manager.markTrue(SequenceCondition.SubscriptionsReady);
    else
      this.markSubscriptionsNotReady(
        'SubscriptionsNotReady',
        'Subscriptions are not ready yet, or there are none',
      );
  }

  /** One entry per step's Channel; the first channel's address is the Sequence's address. */
  propagateChannelStatuses(channels: ChildResource[]): void {
    this.status.channelStatuses = channels.map((c) => ({
      channel: referenceTo(c),
      ready: readyOf(c, 'Channel', this.now),
    }));
    if (channels.length) this.setAddress(channels[0]!.status?.address);
    const allReady =
      channels.length > 0 && this.status.channelStatuses.every((c) => c.ready.status === 'True');
    if (allReady) this.manager.markTrue(SequenceCondition.ChannelsReady);
    else this.markChannelsNotReady('ChannelsNotReady', 'Channels are not ready yet, or there are none');
  }

  markChannelsNotReady(reason: string, message: string): void {
    this.manager.markUnknown(SequenceCondition.ChannelsReady, reason, message);
  }

  markSubscriptionsNotReady(reason: string, message: string): void {
    this.manager.markUnknown(SequenceCondition.SubscriptionsReady, reason, message);
  }

  markAddressableNotReady(reason: string, message: string): void {
    this.manager.markUnknown(SequenceCondition.Addressable, reason, message);
  }

  markEventPoliciesTrue(): void {
    this.manager.markTrue(SequenceCondition.EventPoliciesReady);
  }

  markEventPoliciesTrueWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(SequenceCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesFailed(reason: string, message: string): void {
    this.manager.markFalse(SequenceCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesUnknown(reason: string, message: string): void {
    this.manager.markUnknown(SequenceCondition.EventPoliciesReady, reason, message);
  }

  private setAddress(address: { url?: string; CACerts?: string; audience?: string } | undefined): void {
    if (!address?.url) {
      this.status.address = {};
      this.manager.markUnknown(SequenceCondition.Addressable, 'emptyAddress', 'addressable is nil');
      return;
    }
    this.status.address = {
      url: address.url,
      ...(address.CACerts ? { CACerts: address.CACerts } : {}),
      ...(address.audience ? { audience: address.audience } : {}),
    };
    this.manager.markTrue(SequenceCondition.Addressable);
  }
}
