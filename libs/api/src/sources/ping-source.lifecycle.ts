import { type Clock, ConditionSet } from '../core/condition-set';
import type { PingSourceStatus } from './ping-source.types';
import { SourceCondition, SourceLifecycle } from './source.lifecycle';

export const PingSourceCondition = SourceCondition;

export const pingSourceConditionSet = ConditionSet.living(
  SourceCondition.SinkProvided,
  SourceCondition.Deployed,
  SourceCondition.OIDCIdentityCreated,
);

/** Named status transitions of a PingSource (Knative ping_lifecycle.go). */
export class PingSourceLifecycle extends SourceLifecycle<PingSourceStatus> {
  constructor(status: PingSourceStatus, clock?: Clock) {
    super(status, pingSourceConditionSet, clock);
  }
}
