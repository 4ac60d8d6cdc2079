// KCertificate status helpers: Ready alone.
import { type Clock, ConditionSet, isReady } from '../core/condition-set';
import type { Certificate, CertificateStatus } from './certificate.types';

export const certificateConditionSet = ConditionSet.living();

export function certificateStatus(status: CertificateStatus, clock?: Clock) {
  const m = certificateConditionSet.manage(status, clock);
  return {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markReady: () => m.markTrue('Ready'),
    markNotReady: (reason: string, message: string) => m.markUnknown('Ready', reason, message),
    markFailed: (reason: string, message: string) => m.markFalse('Ready', reason, message),
    markResourceNotOwned: (kind: string, name: string) =>
      m.markFalse(
        'Ready',
        'NotOwned',
        `There is an existing ${kind} ${JSON.stringify(name)} that we do not own.`,
      ),
  };
}

export function isCertificateReady(c: Certificate): boolean {
  return isReady(c, certificateConditionSet);
}
