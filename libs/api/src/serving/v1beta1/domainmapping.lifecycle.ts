// DomainMapping status helpers (domainmapping_lifecycle.go).
import { type Clock, ConditionSet, isReady } from '../../core/condition-set';
import { type Condition, getCondition } from '../../core/conditions';
import {
  type DomainMapping,
  type DomainMappingStatus,
  DomainMappingConditionCertificateProvisioned as Cert,
  DomainMappingConditionDomainClaimed as Claimed,
  DomainMappingConditionIngressReady as Ingress,
  DomainMappingConditionReferenceResolved as Resolved,
} from './domainmapping.types';

export const domainMappingConditionSet = ConditionSet.living(Claimed, Resolved, Ingress, Cert);

export const TLSCertificateProvidedExternally = 'TLS certificate was provided externally';

export function domainMappingStatus(status: DomainMappingStatus, clock?: Clock) {
  const m = domainMappingConditionSet.manage(status, clock);
  const self = {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markTLSNotEnabled: (msg: string) => m.markTrueWithReason(Cert, 'TLSNotEnabled', msg),
    markCertificateNotRequired: (msg: string) =>
      m.markTrueWithReason(Cert, 'CertificateExternallyProvided', msg),
    markCertificateReady: () => m.markTrue(Cert),
    markCertificateNotReady: (name: string) =>
      m.markUnknown(Cert, 'CertificateNotReady', `Certificate ${name} is not ready.`),
    markCertificateNotOwned: (name: string) =>
      m.markFalse(Cert, 'CertificateNotOwned', `There is an existing certificate ${name} that we don't own.`),
    markCertificateProvisionFailed: (name: string) =>
      m.markFalse(Cert, 'CertificateProvisionFailed', `Certificate ${name} failed to be provisioned.`),
    markHTTPDowngrade: (name: string) =>
      m.markTrueWithReason(Cert, 'HTTPDowngrade', `Certificate ${name} is not ready downgrade HTTP.`),
    markIngressNotConfigured: () =>
      m.markUnknown(Ingress, 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
    markDomainClaimed: () => m.markTrue(Claimed),
    markDomainClaimNotOwned: () =>
      m.markFalse(
        Claimed,
        'DomainAlreadyClaimed',
        'The domain name is already in use by another DomainMapping',
      ),
    markDomainClaimFailed: (reason: string) => m.markFalse(Claimed, 'DomainClaimFailed', reason),
    markReferenceResolved: () => m.markTrue(Resolved),
    markReferenceNotResolved: (reason: string) => m.markFalse(Resolved, 'ResolveFailed', reason),
    propagateIngressStatus: (ingressStatus: { conditions?: Condition[] }) => {
      const cc = getCondition(ingressStatus, 'Ready');
      if (!cc) return self.markIngressNotConfigured();
      if (cc.status === 'True') m.markTrue(Ingress);
      else if (cc.status === 'False') m.markFalse(Ingress, cc.reason ?? '', cc.message ?? '');
      else m.markUnknown(Ingress, cc.reason ?? '', cc.message ?? '');
    },
  };
  return self;
}

export function isDomainMappingReady(dm: DomainMapping): boolean {
  return isReady(dm, domainMappingConditionSet);
}
