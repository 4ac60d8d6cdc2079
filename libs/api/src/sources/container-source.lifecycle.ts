import { type Clock, ConditionSet } from '../core/condition-set';
import type { Condition } from '../core/conditions';
import type { DeploymentLike } from '../eventing/duck/lifecycle';
import type { SourceStatus } from '../eventing/duck/source';
import type { ContainerSourceStatus } from './container-source.types';
import { SourceLifecycle } from './source.lifecycle';

export const ContainerSourceCondition = {
  Ready: 'Ready',
  SinkBindingReady: 'SinkBindingReady',
  ReceiveAdapterReady: 'ReceiveAdapterReady',
} as const;

export const containerSourceConditionSet = ConditionSet.living(
  ContainerSourceCondition.SinkBindingReady,
  ContainerSourceCondition.ReceiveAdapterReady,
);

/** Named status transitions of a ContainerSource (Knative container_lifecycle.go). */
export class ContainerSourceLifecycle extends SourceLifecycle<ContainerSourceStatus> {
  constructor(status: ContainerSourceStatus, clock?: Clock) {
    super(status, containerSourceConditionSet, clock);
  }

  /** Copies the SinkBinding's sink fields and its Ready condition onto SinkBindingReady. */
  propagateSinkBindingStatus(binding: SourceStatus): void {
    for (const key of ['sinkUri', 'sinkCACerts', 'sinkAudience', 'ceAttributes', 'auth'] as const) {
      if (binding[key] !== undefined) (this.status as Record<string, unknown>)[key] = binding[key];
      else delete this.status[key];
    }
    const ready: Condition | undefined = binding.conditions?.find((c) => c.type === 'Ready');
    if (!ready) this.manager.markUnknown(ContainerSourceCondition.SinkBindingReady, '', '');
    else if (ready.status === 'True') this.manager.markTrue(ContainerSourceCondition.SinkBindingReady);
    else if (ready.status === 'False')
      this.manager.markFalse(
        ContainerSourceCondition.SinkBindingReady,
        ready.reason ?? '',
        ready.message ?? '',
      );
    else
      this.manager.markUnknown(
        ContainerSourceCondition.SinkBindingReady,
        ready.reason ?? '',
        ready.message ?? '',
      );
  }

  /** ReceiveAdapterReady follows the adapter Deployment's Available condition. */
  propagateReceiveAdapterStatus(deployment: DeploymentLike): void {
    this.propagateDeploymentAvailability(deployment, ContainerSourceCondition.ReceiveAdapterReady);
  }
}
