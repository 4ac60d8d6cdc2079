import { type Clock, ConditionSet } from '../core/condition-set';
import type { ApiServerSourceStatus } from './api-server-source.types';
import { SourceCondition, SourceLifecycle } from './source.lifecycle';

export const ApiServerSourceCondition = {
  ...SourceCondition,
  SufficientPermissions: 'SufficientPermissions',
} as const;

export const apiServerSourceConditionSet = ConditionSet.living(
  ApiServerSourceCondition.SinkProvided,
  ApiServerSourceCondition.Deployed,
  ApiServerSourceCondition.SufficientPermissions,
  ApiServerSourceCondition.OIDCIdentityCreated,
);

/** Named status transitions of an ApiServerSource (Knative apiserver_lifecycle.go). */
export class ApiServerSourceLifecycle extends SourceLifecycle<ApiServerSourceStatus> {
  constructor(status: ApiServerSourceStatus, clock?: Clock) {
    super(status, apiServerSourceConditionSet, clock);
  }

  markSufficientPermissions(): void {
    this.manager.markTrue(ApiServerSourceCondition.SufficientPermissions);
  }

  markNoSufficientPermissions(reason: string, message: string): void {
    this.manager.markFalse(ApiServerSourceCondition.SufficientPermissions, reason, message);
  }
}
