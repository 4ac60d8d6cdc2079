import { type Clock, type ConditionManager, ConditionSet } from '../../core/condition-set';
import type { Condition, Status } from '../../core/conditions';

/**
 * Base of every eventing kind's status helper: named markX() methods go through one ConditionManager, so
 * Ready is always derived from the dependent conditions (Knative's `ConditionSet.Manage(status)`).
 */
export class StatusLifecycle<S extends Status> {
  protected readonly manager: ConditionManager;

  constructor(
    readonly status: S,
    readonly conditionSet: ConditionSet,
    clock?: Clock,
  ) {
    this.manager = conditionSet.manage(status, clock);
  }

  initializeConditions(): void {
    this.manager.initializeConditions();
  }

  getCondition(type: string): Condition | undefined {
    return this.manager.getCondition(type);
  }

  getTopLevelCondition(): Condition | undefined {
    return this.manager.getTopLevelCondition();
  }

  isHappy(): boolean {
    return this.manager.isHappy();
  }

  /**
   * Copies another resource's Ready condition onto `type` (Knative's PropagateXCondition helpers): absent →
   * Unknown with `notConfigured`, True → True, False → False, Unknown → Unknown, with the source's reason.
   */
  protected propagate(
    type: string,
    source: Condition | undefined,
    notConfigured: [reason: string, message: string],
  ): void {
    if (!source) {
      this.manager.markUnknown(type, ...notConfigured);
    } else if (source.status === 'True') {
      this.manager.markTrue(type);
    } else if (source.status === 'False') {
      this.manager.markFalse(type, source.reason ?? '', source.message ?? '');
    } else {
      this.manager.markUnknown(type, source.reason ?? '', source.message ?? '');
    }
  }
}

export { ConditionSet };

/** The Deployment condition a source's `Deployed` / receive-adapter condition follows. */
export interface DeploymentLike {
  metadata?: { name?: string };
  status?: {
    unavailableReplicas?: number;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
}

export const REASON_DLS_NOT_CONFIGURED = 'DeadLetterSinkNotConfigured';
export const MESSAGE_DLS_NOT_CONFIGURED = 'No dead letter sink is configured.';
