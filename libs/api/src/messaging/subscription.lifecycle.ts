import { type Clock, ConditionSet } from '../core/condition-set';
import { StatusLifecycle } from '../eventing/duck/lifecycle';
import type { PhysicalSubscription, SubscriptionStatus } from './subscription.types';

export const SubscriptionCondition = {
  Ready: 'Ready',
  ReferencesResolved: 'ReferencesResolved',
  AddedToChannel: 'AddedToChannel',
  ChannelReady: 'ChannelReady',
  OIDCIdentityCreated: 'OIDCIdentityCreated',
} as const;

export const subscriptionConditionSet = ConditionSet.living(
  SubscriptionCondition.ReferencesResolved,
  SubscriptionCondition.AddedToChannel,
  SubscriptionCondition.ChannelReady,
  SubscriptionCondition.OIDCIdentityCreated,
);

/** Named status transitions of a Subscription (Knative subscription_lifecycle.go). */
export class SubscriptionLifecycle extends StatusLifecycle<SubscriptionStatus> {
  constructor(status: SubscriptionStatus, clock?: Clock) {
    super(status, subscriptionConditionSet, clock);
  }

  isAddedToChannel(): boolean {
    return this.getCondition(SubscriptionCondition.AddedToChannel)?.status === 'True';
  }

  areReferencesResolved(): boolean {
    return this.getCondition(SubscriptionCondition.ReferencesResolved)?.status === 'True';
  }

  /** Records the resolved subscriber/reply/dead-letter URIs. */
  setPhysicalSubscription(physical: PhysicalSubscription): void {
    this.status.physicalSubscription = { ...physical };
  }

  markReferencesResolved(): void {
    this.manager.markTrue(SubscriptionCondition.ReferencesResolved);
  }

  markReferencesNotResolved(reason: string, message: string): void {
    this.manager.markFalse(SubscriptionCondition.ReferencesResolved, reason, message);
  }

  markReferencesResolvedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(SubscriptionCondition.ReferencesResolved, reason, message);
  }

  markChannelReady(): void {
    this.manager.markTrue(SubscriptionCondition.ChannelReady);
  }

  markChannelFailed(reason: string, message: string): void {
    this.manager.markFalse(SubscriptionCondition.ChannelReady, reason, message);
  }

  markChannelUnknown(reason: string, message: string): void {
    this.manager.markUnknown(SubscriptionCondition.ChannelReady, reason, message);
  }

  markAddedToChannel(): void {
    this.manager.markTrue(SubscriptionCondition.AddedToChannel);
  }

  markNotAddedToChannel(reason: string, message: string): void {
    this.manager.markFalse(SubscriptionCondition.AddedToChannel, reason, message);
  }

  markOIDCIdentityCreatedSucceeded(): void {
    this.manager.markTrue(SubscriptionCondition.OIDCIdentityCreated);
  }

  markOIDCIdentityCreatedSucceededWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(SubscriptionCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedFailed(reason: string, message: string): void {
    this.manager.markFalse(SubscriptionCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(SubscriptionCondition.OIDCIdentityCreated, reason, message);
  }
}
