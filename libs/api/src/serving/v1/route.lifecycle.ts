// Route status helpers (route_lifecycle.go): Ready = AllTrafficAssigned AND IngressReady AND CertificateProvisioned.
import { type Clock, ConditionSet, isReady } from '../../core/condition-set';
import { type Condition, getCondition } from '../../core/conditions';
import {
  type Route,
  type RouteStatus,
  RouteConditionAllTrafficAssigned as Traffic,
  RouteConditionCertificateProvisioned as Cert,
  RouteConditionIngressReady as Ingress,
} from './route.types';

export const routeConditionSet = ConditionSet.living(Traffic, Ingress, Cert);

export const ExternalDomainTLSNotEnabledMessage = 'external-domain-tls is not enabled';
export const TLSNotEnabledForClusterLocalMessage = 'TLS is not enabled for cluster-local';

const q = (s: string) => JSON.stringify(s);

export function routeStatus(status: RouteStatus, clock?: Clock) {
  const m = routeConditionSet.manage(status, clock);
  return {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markServiceNotOwned: (name: string) =>
      m.markFalse(
        Ingress,
        'NotOwned',
        `There is an existing placeholder Service ${q(name)} that we do not own.`,
      ),
    markEndpointNotOwned: (name: string) =>
      m.markFalse(
        Ingress,
        'NotOwned',
        `There is an existing placeholder Endpoint ${q(name)} that we do not own.`,
      ),
    markIngressRolloutInProgress: () =>
      m.markUnknown(
        Ingress,
        'RolloutInProgress',
        'A gradual rollout of the latest revision(s) is in progress.',
      ),
    markIngressNotConfigured: () =>
      m.markUnknown(Ingress, 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
    markIngressReady: () => m.markTrue(Ingress),
    markTrafficAssigned: () => m.markTrue(Traffic),
    markUnknownTrafficError: (msg: string) => m.markUnknown(Traffic, 'Unknown', msg),
    markRevisionTargetTrafficError: (reason: string, msg: string) => m.markFalse(Traffic, reason, msg),
    markConfigurationNotReady: (name: string) =>
      m.markUnknown(
        Traffic,
        'RevisionMissing',
        `Configuration ${q(name)} is waiting for a Revision to become ready.`,
      ),
    markConfigurationFailed: (name: string) =>
      m.markFalse(Traffic, 'RevisionMissing', `Configuration ${q(name)} does not have any ready Revision.`),
    markRevisionNotReady: (name: string) =>
      m.markUnknown(Traffic, 'RevisionMissing', `Revision ${q(name)} is not yet ready.`),
    markRevisionFailed: (name: string) =>
      m.markFalse(Traffic, 'RevisionMissing', `Revision ${q(name)} failed to become ready.`),
    markRevisionNotOwned: (revision: string, expectedService: string, actualService: string) =>
      actualService
        ? m.markFalse(
            Traffic,
            'RevisionNotOwned',
            `Revision ${q(revision)} belongs to Service ${q(actualService)}, not Service ${q(expectedService)}.`,
          )
        : m.markFalse(
            Traffic,
            'RevisionNotOwned',
            `Revision ${q(revision)} does not belong to Service ${q(expectedService)}.`,
          ),
    markMissingTrafficTarget: (kind: string, name: string) =>
      m.markFalse(Traffic, `${kind}Missing`, `${kind} ${q(name)} referenced in traffic not found.`),
    markCertificateProvisionFailed: (certName: string, certReadyReason = '') =>
      m.markFalse(
        Cert,
        'CertificateProvisionFailed',
        `Certificate ${certName} fails to be provisioned: ${certReadyReason}`,
      ),
    markCertificateReady: () => m.markTrue(Cert),
    markCertificateNotReady: (certName: string, certReadyReason = '') =>
      m.markUnknown(Cert, 'CertificateNotReady', `Certificate ${certName} is not ready: ${certReadyReason}`),
    markCertificateNotOwned: (name: string) =>
      m.markFalse(Cert, 'CertificateNotOwned', `There is an existing certificate ${name} that we don't own.`),
    markTLSNotEnabled: (msg: string) => m.markTrueWithReason(Cert, 'TLSNotEnabled', msg),
    markHTTPDowngrade: (name: string) =>
      m.markTrueWithReason(Cert, 'HTTPDowngrade', `Certificate ${name} is not ready downgrade HTTP.`),
    /** From the KIngress Ready condition. */
    propagateIngressStatus: (ingressStatus: { conditions?: Condition[] }) => {
      const cc = getCondition(ingressStatus, 'Ready');
      if (!cc) return m.markUnknown(Ingress, 'IngressNotConfigured', 'Ingress has not yet been reconciled.');
      if (cc.status === 'True') m.markTrue(Ingress);
      else if (cc.status === 'False') m.markFalse(Ingress, cc.reason ?? '', cc.message ?? '');
      else m.markUnknown(Ingress, cc.reason ?? '', cc.message ?? '');
    },
  };
}

export function isRouteReady(r: Route): boolean {
  return isReady(r, routeConditionSet);
}
