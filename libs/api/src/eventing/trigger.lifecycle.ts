import { type Clock, ConditionSet } from '../core/condition-set';
import type { Condition } from '../core/conditions';
import type { Addressable } from '../core/duck/addressable';
import type { DeliveryStatus } from '../core/duck/delivery';
import { setDeliveryStatus } from './duck/delivery-status';
import { MESSAGE_DLS_NOT_CONFIGURED, REASON_DLS_NOT_CONFIGURED, StatusLifecycle } from './duck/lifecycle';
import type { TriggerStatus } from './trigger.types';

export const TriggerCondition = {
  Ready: 'Ready',
  Broker: 'BrokerReady',
  Subscribed: 'SubscriptionReady',
  Dependency: 'DependencyReady',
  SubscriberResolved: 'SubscriberResolved',
  DeadLetterSinkResolved: 'DeadLetterSinkResolved',
  OIDCIdentityCreated: 'OIDCIdentityCreated',
} as const;

export const triggerConditionSet = ConditionSet.living(
  TriggerCondition.Broker,
  TriggerCondition.Subscribed,
  TriggerCondition.Dependency,
  TriggerCondition.SubscriberResolved,
  TriggerCondition.DeadLetterSinkResolved,
  TriggerCondition.OIDCIdentityCreated,
);

/** Named status transitions of a Trigger (Knative trigger_lifecycle.go). */
export class TriggerLifecycle extends StatusLifecycle<TriggerStatus> {
  constructor(status: TriggerStatus, clock?: Clock) {
    super(status, triggerConditionSet, clock);
  }

  /** Also marks OIDCIdentityCreated True "not supported", as Knative does until OIDC is wired. */
  override initializeConditions(): void {
    super.initializeConditions();
    this.markOIDCIdentityCreatedNotSupported();
  }

  /** Copies the Broker's Ready condition onto BrokerReady. */
  propagateBrokerCondition(brokerReady: Condition | undefined): void {
    this.propagate(TriggerCondition.Broker, brokerReady, [
      'BrokerNotConfigured',
      'Broker has not yet been reconciled.',
    ]);
  }

  markBrokerReady(): void {
    this.manager.markTrue(TriggerCondition.Broker);
  }

  markBrokerFailed(reason: string, message: string): void {
    this.manager.markFalse(TriggerCondition.Broker, reason, message);
  }

  markBrokerUnknown(reason: string, message: string): void {
    this.manager.markUnknown(TriggerCondition.Broker, reason, message);
  }

  markBrokerNotConfigured(): void {
    this.manager.markUnknown(
      TriggerCondition.Broker,
      'BrokerNotConfigured',
      'Broker has not yet been reconciled.',
    );
  }

  /** Copies the backing subscription's (or dispatcher's) Ready condition onto SubscriptionReady. */
  propagateSubscriptionCondition(subscriptionReady: Condition | undefined): void {
    this.propagate(TriggerCondition.Subscribed, subscriptionReady, [
      'SubscriptionNotConfigured',
      'Subscription has not yet been reconciled.',
    ]);
  }

  markSubscribed(): void {
    this.manager.markTrue(TriggerCondition.Subscribed);
  }

  markNotSubscribed(reason: string, message: string): void {
    this.manager.markFalse(TriggerCondition.Subscribed, reason, message);
  }

  markSubscribedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(TriggerCondition.Subscribed, reason, message);
  }

  markSubscriptionNotConfigured(): void {
    this.manager.markUnknown(
      TriggerCondition.Subscribed,
      'SubscriptionNotConfigured',
      'Subscription has not yet been reconciled.',
    );
  }

  /** Records the resolved subscriber address and marks SubscriberResolved True. */
  markSubscriberResolved(subscriber: Addressable): void {
    this.setSubscriber(subscriber);
    this.manager.markTrue(TriggerCondition.SubscriberResolved);
  }

  markSubscriberResolvedSucceeded(): void {
    this.manager.markTrue(TriggerCondition.SubscriberResolved);
  }

  markSubscriberResolvedFailed(reason: string, message: string): void {
    this.setSubscriber(undefined);
    this.manager.markFalse(TriggerCondition.SubscriberResolved, reason, message);
  }

  markSubscriberResolvedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(TriggerCondition.SubscriberResolved, reason, message);
  }

  markDeadLetterSinkResolvedSucceeded(delivery?: DeliveryStatus): void {
    if (delivery) setDeliveryStatus(this.status, delivery);
    this.manager.markTrue(TriggerCondition.DeadLetterSinkResolved);
  }

  markDeadLetterSinkNotConfigured(): void {
    setDeliveryStatus(this.status, {});
    this.manager.markTrueWithReason(
      TriggerCondition.DeadLetterSinkResolved,
      REASON_DLS_NOT_CONFIGURED,
      MESSAGE_DLS_NOT_CONFIGURED,
    );
  }

  markDeadLetterSinkResolvedFailed(reason: string, message: string): void {
    setDeliveryStatus(this.status, {});
    this.manager.markFalse(TriggerCondition.DeadLetterSinkResolved, reason, message);
  }

  markDependencySucceeded(): void {
    this.manager.markTrue(TriggerCondition.Dependency);
  }

  markDependencyFailed(reason: string, message: string): void {
    this.manager.markFalse(TriggerCondition.Dependency, reason, message);
  }

  markDependencyUnknown(reason: string, message: string): void {
    this.manager.markUnknown(TriggerCondition.Dependency, reason, message);
  }

  markDependencyNotConfigured(): void {
    this.manager.markUnknown(
      TriggerCondition.Dependency,
      'DependencyNotConfigured',
      'Dependency has not yet been reconciled.',
    );
  }

  /** Copies the Ready condition of the `knative.dev/dependency` source onto DependencyReady. */
  propagateDependencyStatus(dependencyReady: Condition | undefined): void {
    this.propagate(TriggerCondition.Dependency, dependencyReady, [
      'DependencyNotConfigured',
      'Dependency has not yet been reconciled.',
    ]);
  }

  markOIDCIdentityCreatedSucceeded(): void {
    this.manager.markTrue(TriggerCondition.OIDCIdentityCreated);
  }

  markOIDCIdentityCreatedSucceededWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(TriggerCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedFailed(reason: string, message: string): void {
    this.manager.markFalse(TriggerCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(TriggerCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedNotSupported(): void {
    this.manager.markTrueWithReason(
      TriggerCondition.OIDCIdentityCreated,
      'authentication-oidc feature not yet supported for this Broker class',
      '',
    );
  }

  private setSubscriber(subscriber: Addressable | undefined): void {
    delete this.status.subscriberUri;
    delete this.status.subscriberCACerts;
    delete this.status.subscriberAudience;
    if (subscriber?.url) this.status.subscriberUri = subscriber.url;
    if (subscriber?.CACerts) this.status.subscriberCACerts = subscriber.CACerts;
    if (subscriber?.audience) this.status.subscriberAudience = subscriber.audience;
  }
}

export function triggerLifecycle(status: TriggerStatus, clock?: Clock): TriggerLifecycle {
  return new TriggerLifecycle(status, clock);
}
