import { type Clock, ConditionSet } from '../core/condition-set';
import { StatusLifecycle } from './duck/lifecycle';
import type { EventTypeStatus } from './eventtype.types';

export const EventTypeCondition = { Ready: 'Ready', ReferenceExists: 'ReferenceExists' } as const;

export const eventTypeConditionSet = ConditionSet.living(EventTypeCondition.ReferenceExists);

export class EventTypeLifecycle extends StatusLifecycle<EventTypeStatus> {
  constructor(status: EventTypeStatus, clock?: Clock) {
    super(status, eventTypeConditionSet, clock);
  }

  markReferenceExists(): void {
    this.manager.markTrue(EventTypeCondition.ReferenceExists);
  }

  markReferenceDoesNotExist(): void {
    this.manager.markFalse(
      EventTypeCondition.ReferenceExists,
      'ResourceDoesNotExist',
      'Resource in spec.reference does not exist',
    );
  }

  markReferenceNotSet(): void {
    this.manager.markTrueWithReason(
      EventTypeCondition.ReferenceExists,
      'ReferenceNotSet',
      'spec.reference is not set',
    );
  }

  markReferenceExistsUnknown(reason: string, message: string): void {
    this.manager.markUnknown(EventTypeCondition.ReferenceExists, reason, message);
  }
}
