import type { Addressable } from '../core/duck/addressable';
import { type DeploymentLike, StatusLifecycle } from '../eventing/duck/lifecycle';
import { type SourceStatus, setSinkAddress } from '../eventing/duck/source';

export const SourceCondition = {
  Ready: 'Ready',
  SinkProvided: 'SinkProvided',
  Deployed: 'Deployed',
  OIDCIdentityCreated: 'OIDCIdentityCreated',
} as const;

/** What every source kind with a receive adapter shares: the sink, the Deployment, the OIDC identity. */
export class SourceLifecycle<S extends SourceStatus> extends StatusLifecycle<S> {
  /** MarkSink: the resolved sink, or SinkProvided False "SinkEmpty". */
  markSink(sink: Addressable | undefined): void {
    if (sink) {
      setSinkAddress(this.status, sink);
      this.manager.markTrue(SourceCondition.SinkProvided);
    } else {
      this.manager.markFalse(SourceCondition.SinkProvided, 'SinkEmpty', 'Sink has resolved to empty.');
    }
  }

  markNoSink(reason: string, message: string): void {
    this.manager.markFalse(SourceCondition.SinkProvided, reason, message);
  }

  /** PropagateDeploymentAvailability: Deployed follows the adapter Deployment's Available condition. */
  propagateDeploymentAvailability(deployment: DeploymentLike, type: string = SourceCondition.Deployed): void {
    const available = deployment.status?.conditions?.find((c) => c.type === 'Available');
    if (!available) {
      this.manager.markUnknown(
        type,
        'DeploymentUnavailable',
        `The Deployment '${deployment.metadata?.name ?? ''}' is unavailable.`,
      );
    } else if (available.status === 'True') {
      const unavailable = deployment.status?.unavailableReplicas ?? 0;
      if (unavailable === 0 || type !== SourceCondition.Deployed) this.manager.markTrue(type);
      else
        this.manager.markUnknown(
          type,
          'DeploymentUpdating',
          `Deployment has ${unavailable} unavailable replica(s).`,
        );
    } else if (available.status === 'False') {
      this.manager.markFalse(type, available.reason ?? '', available.message ?? '');
    } else {
      this.manager.markUnknown(type, available.reason ?? '', available.message ?? '');
    }
  }

  markDeployed(): void {
    this.manager.markTrue(SourceCondition.Deployed);
  }

  markOIDCIdentityCreatedSucceeded(): void {
    this.manager.markTrue(SourceCondition.OIDCIdentityCreated);
  }

  markOIDCIdentityCreatedSucceededWithReason(reason: string, message: string): void {
    this.manager.markTrueWithReason(SourceCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedFailed(reason: string, message: string): void {
    this.manager.markFalse(SourceCondition.OIDCIdentityCreated, reason, message);
  }

  markOIDCIdentityCreatedUnknown(reason: string, message: string): void {
    this.manager.markUnknown(SourceCondition.OIDCIdentityCreated, reason, message);
  }
}
