import {
  describeCertificate,
  isSignedBy,
  issueCertificate,
  type IssueOptions,
  type KeyPair,
} from './certificates';

export interface RotationPolicy {
  /** Renew once less than this fraction of the lifetime is left (default 1/3, as kubelet does roughly). */
  renewBeforeFraction?: number;
  now?: Date;
}

/** Why a certificate must be (re)issued, or undefined when it is still good. */
export function rotationReason(
  pair: KeyPair | undefined,
  ca: KeyPair,
  wanted: Pick<IssueOptions, 'dnsNames' | 'ipAddresses'>,
  policy: RotationPolicy = {},
): string | undefined {
  if (!pair) return 'no certificate yet';
  let info;
  try {
    info = describeCertificate(pair.certPem);
  } catch (err) {
    return `unreadable certificate: ${(err as Error).message}`;
  }
  if (!isSignedBy(pair.certPem, ca.certPem)) return 'signed by another CA';
  const now = (policy.now ?? new Date()).getTime();
  const lifetime = info.notAfter.getTime() - info.notBefore.getTime();
  const fraction = policy.renewBeforeFraction ?? 1 / 3;
  if (now >= info.notAfter.getTime()) return 'expired';
  if (info.notAfter.getTime() - now < lifetime * fraction) return 'close to expiry';
  const missing = [
    ...(wanted.dnsNames ?? []).filter((n) => !info.dnsNames.includes(n)),
    ...(wanted.ipAddresses ?? []).filter((ip) => !info.ipAddresses.includes(ip)),
  ];
  if (missing.length > 0) return `missing subject alternative names: ${missing.join(', ')}`;
  return undefined;
}

/** Returns `existing` while it is good, otherwise a newly issued certificate (and says why). */
export function ensureCertificate(
  existing: KeyPair | undefined,
  ca: KeyPair,
  options: IssueOptions,
  policy: RotationPolicy = {},
): { pair: KeyPair; renewed: boolean; reason?: string } {
  const reason = rotationReason(existing, ca, options, policy);
  if (!reason && existing) return { pair: existing, renewed: false };
  return {
    pair: issueCertificate(ca, { ...options, now: policy.now ?? options.now }),
    renewed: true,
    reason,
  };
}
