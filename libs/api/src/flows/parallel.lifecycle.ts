import { type Clock, ConditionSet } from '../core/condition-set';
import type { Addressable } from '../core/duck/addressable';
import { StatusLifecycle } from '../eventing/duck/lifecycle';
import { type ChildResource, readyOf, referenceTo } from './flow-status';
import type { ParallelStatus } from './parallel.types';

export const ParallelCondition = {
  Ready: 'Ready',
  ChannelsReady: 'ChannelsReady',
  SubscriptionsReady: 'SubscriptionsReady',
  Addressable: 'Addressable',
  EventPoliciesReady: 'EventPoliciesReady',
} as const;

export const parallelConditionSet = ConditionSet.living(
  ParallelCondition.ChannelsReady,
  ParallelCondition.SubscriptionsReady,
  ParallelCondition.Addressable,
  ParallelCondition.EventPoliciesReady,
);

const NOT_ADDRESSABLE = {
  type: 'Ready',
  status: 'False',
  reason: 'NotAddressable',
  message: 'Channel is not addressable',
} as const;

/** Named status transitions of a Parallel (Knative parallel_lifecycle.go). */
export class ParallelLifecycle extends StatusLifecycle<ParallelStatus> {
  private readonly now: () => Date;

  constructor(status: ParallelStatus, clock?: Clock) {
    super(status, parallelConditionSet, clock);
    this.now = clock ?? (() => new Date());
  }

  /** Per branch: its filter Subscription and its subscriber Subscription. */
  propagateSubscriptionStatuses(filterSubscriptions: ChildResource[], subscriptions: ChildResource[]): void {
    const branches = this.branchStatuses(subscriptions.length);
    let allReady = subscriptions.length > 0;
    subscriptions.forEach((s, i) => {
      const branch = branches[i]!;
      branch.subscriberSubscriptionStatus = {
        subscription: referenceTo(s),
        ready: readyOf(s, 'Subscription', this.now),
      };
      const filter = filterSubscriptions[i];
      if (filter)
        branch.filterSubscriptionStatus = {
          subscription: referenceTo(filter),
          ready: readyOf(filter, 'Subscription', this.now),
        };
      if (
        branch.subscriberSubscriptionStatus.ready.status !== 'True' ||
        branch.filterSubscriptionStatus?.ready.status !== 'True'
      )
        allReady = false;
    });
    if (allReady) this.manager.markTrue(ParallelCondition.SubscriptionsReady);
    else
      this.markSubscriptionsNotReady(
        'SubscriptionsNotReady',
        'Subscriptions are not ready yet, or there are none',
      );
  }

  /** The ingress channel (its address is the Parallel's) and one filter channel per branch. */
  propagateChannelStatuses(ingress: ChildResource, channels: ChildResource[]): void {
    const branches = this.branchStatuses(channels.length);
    const address = ingress.status?.address;
    let allReady = !!address;
    this.status.ingressChannelStatus = {
      channel: referenceTo(ingress),
      ready: address ? { type: 'Ready', status: 'True' } : { ...NOT_ADDRESSABLE },
    };
    this.setAddress(address);
    channels.forEach((c, i) => {
      const ready = c.status?.address;
      branches[i]!.filterChannelStatus = {
        channel: referenceTo(c),
        ready: ready ? { type: 'Ready', status: 'True' } : { ...NOT_ADDRESSABLE },
      };
      if (!ready) allReady = false;
    });
    if (allReady) this.manager.markTrue(ParallelCondition.ChannelsReady);
    else this.markChannelsNotReady('ChannelsNotReady', 'Channels are not ready yet, or there are none');
  }

  markChannelsNotReady(reason: string, message: string): void {
    this.manager.markFalse(ParallelCondition.ChannelsReady, reason, message);
  }

  markSubscriptionsNotReady(reason: string, message: string): void {
    this.manager.markFalse(ParallelCondition.SubscriptionsReady, reason, message);
  }

  markAddressableNotReady(reason: string, message: string): void {
    this.manager.markFalse(ParallelCondition.Addressable, reason, message);
  }

  markEventPoliciesTrue(): void {
    this.manager.markTrue(ParallelCondition.EventPoliciesReady);
  }

  markEventPoliciesTrueWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(ParallelCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesFailed(reason: string, message: string): void {
    this.manager.markFalse(ParallelCondition.EventPoliciesReady, reason, message);
  }

  markEventPoliciesUnknown(reason: string, message: string): void {
    this.manager.markUnknown(ParallelCondition.EventPoliciesReady, reason, message);
  }

  private setAddress(address: Addressable | undefined): void {
    if (!address) {
      delete this.status.address;
      this.manager.markFalse(ParallelCondition.Addressable, 'emptyAddress', 'addressable is nil');
    } else {
      this.status.address = address;
      this.manager.markTrue(ParallelCondition.Addressable);
    }
  }

  private branchStatuses(count: number): NonNullable<ParallelStatus['branchStatuses']> {
    if (!this.status.branchStatuses || this.status.branchStatuses.length !== count) {
      this.status.branchStatuses = Array.from({ length: count }, () => ({}));
    }
    return this.status.branchStatuses;
  }
}
