import { type Clock, ConditionSet } from '../core/condition-set';
import type { Addressable } from '../core/duck/addressable';
import type { DeploymentLike } from '../eventing/duck/lifecycle';
import { ChannelableLifecycle } from './channel.lifecycle';
import type { InMemoryChannelStatus } from './in-memory-channel.types';

export const InMemoryChannelCondition = {
  Ready: 'Ready',
  DispatcherReady: 'DispatcherReady',
  ServiceReady: 'ServiceReady',
  EndpointsReady: 'EndpointsReady',
  Addressable: 'Addressable',
  ChannelServiceReady: 'ChannelServiceReady',
  DeadLetterSinkResolved: 'DeadLetterSinkResolved',
  EventPoliciesReady: 'EventPoliciesReady',
} as const;

/** DispatcherReady is reported but, as in Knative, not part of Ready. */
export const inMemoryChannelConditionSet = ConditionSet.living(
  InMemoryChannelCondition.ServiceReady,
  InMemoryChannelCondition.EndpointsReady,
  InMemoryChannelCondition.Addressable,
  InMemoryChannelCondition.ChannelServiceReady,
  InMemoryChannelCondition.DeadLetterSinkResolved,
  InMemoryChannelCondition.EventPoliciesReady,
);

/** Named status transitions of an InMemoryChannel (Knative in_memory_channel_lifecycle.go). */
export class InMemoryChannelLifecycle extends ChannelableLifecycle<InMemoryChannelStatus> {
  protected override addressFailedReason = 'emptyHostname';

  constructor(status: InMemoryChannelStatus, clock?: Clock) {
    super(status, inMemoryChannelConditionSet, clock);
  }

  /** The address's `name` becomes its URL scheme. */
  override setAddress(address: Addressable | undefined): void {
    super.setAddress(
      address?.url
        ? { ...address, name: address.url.slice(0, Math.max(0, address.url.indexOf(':'))) }
        : address,
    );
  }

  markDispatcherFailed(reason: string, message: string): void {
    this.manager.markFalse(InMemoryChannelCondition.DispatcherReady, reason, message);
  }

  markDispatcherUnknown(reason: string, message: string): void {
    this.manager.markUnknown(InMemoryChannelCondition.DispatcherReady, reason, message);
  }

  /** PropagateDispatcherStatus: follows the dispatcher Deployment's Available condition. */
  propagateDispatcherStatus(deployment: DeploymentLike): void {
    const available = deployment.status?.conditions?.find((c) => c.type === 'Available');
    if (!available) return;
    const detail = `${available.reason ?? ''} : ${available.message ?? ''}`;
    if (available.status === 'True') this.manager.markTrue(InMemoryChannelCondition.DispatcherReady);
    else if (available.status === 'False')
      this.markDispatcherFailed(
        'DispatcherDeploymentFalse',
        `The status of Dispatcher Deployment is False: ${detail}`,
      );
    else
      this.markDispatcherUnknown(
        'DispatcherDeploymentUnknown',
        `The status of Dispatcher Deployment is Unknown: ${detail}`,
      );
  }

  markServiceTrue(): void {
    this.manager.markTrue(InMemoryChannelCondition.ServiceReady);
  }

  markServiceFailed(reason: string, message: string): void {
    this.manager.markFalse(InMemoryChannelCondition.ServiceReady, reason, message);
  }

  markServiceUnknown(reason: string, message: string): void {
    this.manager.markUnknown(InMemoryChannelCondition.ServiceReady, reason, message);
  }

  markChannelServiceTrue(): void {
    this.manager.markTrue(InMemoryChannelCondition.ChannelServiceReady);
  }

  markChannelServiceFailed(reason: string, message: string): void {
    this.manager.markFalse(InMemoryChannelCondition.ChannelServiceReady, reason, message);
  }

  markChannelServiceUnknown(reason: string, message: string): void {
    this.manager.markUnknown(InMemoryChannelCondition.ChannelServiceReady, reason, message);
  }

  markEndpointsTrue(): void {
    this.manager.markTrue(InMemoryChannelCondition.EndpointsReady);
  }

  markEndpointsFailed(reason: string, message: string): void {
    this.manager.markFalse(InMemoryChannelCondition.EndpointsReady, reason, message);
  }

  markEndpointsUnknown(reason: string, message: string): void {
    this.manager.markUnknown(InMemoryChannelCondition.EndpointsReady, reason, message);
  }
}
