import { type Clock, ConditionSet } from '../core/condition-set';
import type { SinkBindingStatus } from './sink-binding.types';
import { SourceCondition, SourceLifecycle } from './source.lifecycle';

export const SinkBindingCondition = {
  Ready: 'Ready',
  Available: 'SinkBindingAvailable',
  SinkProvided: 'SinkProvided',
  TrustBundlePropagated: 'TrustBundlePropagated',
  OIDCIdentityCreated: 'OIDCIdentityCreated',
  OIDCTokenSecretCreated: 'OIDCTokenSecretCreated',
} as const;

/** TrustBundlePropagated is reported but, as in Knative, not part of Ready. */
export const sinkBindingConditionSet = ConditionSet.living(
  SinkBindingCondition.Available,
  SinkBindingCondition.SinkProvided,
  SinkBindingCondition.OIDCIdentityCreated,
  SinkBindingCondition.OIDCTokenSecretCreated,
);

/** Named status transitions of a SinkBinding (Knative sinkbinding_lifecycle.go). */
export class SinkBindingLifecycle extends SourceLifecycle<SinkBindingStatus> {
  constructor(status: SinkBindingStatus, clock?: Clock) {
    super(status, sinkBindingConditionSet, clock);
  }

  markBindingAvailable(): void {
    this.manager.markTrue(SinkBindingCondition.Available);
  }

  markBindingUnavailable(reason: string, message: string): void {
    this.manager.markFalse(SinkBindingCondition.Available, reason, message);
  }

  markSinkFailed(reason: string, message: string): void {
    this.manager.markFalse(SourceCondition.SinkProvided, reason, message);
  }

  markTrustBundlePropagated(): void {
    this.manager.markTrue(SinkBindingCondition.TrustBundlePropagated);
  }

  markFailedTrustBundlePropagation(reason: string, message: string): void {
    this.manager.markFalse(SinkBindingCondition.TrustBundlePropagated, reason, message);
  }

  markOIDCTokenSecretCreatedSucceeded(): void {
    this.manager.markTrue(SinkBindingCondition.OIDCTokenSecretCreated);
  }

  markOIDCTokenSecretCreatedSucceededWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(SinkBindingCondition.OIDCTokenSecretCreated, reason, message);
  }

  markOIDCTokenSecretCreatedFailed(reason: string, message: string): void {
    this.manager.markFalse(SinkBindingCondition.OIDCTokenSecretCreated, reason, message);
  }

  markOIDCTokenSecretCreatedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(SinkBindingCondition.OIDCTokenSecretCreated, reason, message);
  }
}
