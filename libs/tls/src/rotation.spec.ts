import { createCertificateAuthority, issueCertificate } from './certificates';
import { ensureCertificate, rotationReason } from './rotation';

describe('rotation', () => {
  const ca = createCertificateAuthority({ commonName: 'rot-ca' });
  const opts = { commonName: 's', dnsNames: ['localhost'], usage: 'server' as const, validityDays: 30 };
  const issuedAt = new Date('2026-01-01T00:00:00Z');
  const leaf = issueCertificate(ca, { ...opts, now: issuedAt });

  it('keeps a fresh certificate', () => {
    expect(rotationReason(leaf, ca, opts, { now: new Date('2026-01-05T00:00:00Z') })).toBeUndefined();
    const r = ensureCertificate(leaf, ca, opts, { now: new Date('2026-01-05T00:00:00Z') });
    expect(r.renewed).toBe(false);
    expect(r.pair).toBe(leaf);
  });

  it('renews in the last third of the lifetime and once expired', () => {
    expect(rotationReason(leaf, ca, opts, { now: new Date('2026-01-25T00:00:00Z') })).toBe('close to expiry');
    expect(rotationReason(leaf, ca, opts, { now: new Date('2026-03-01T00:00:00Z') })).toBe('expired');
    const r = ensureCertificate(leaf, ca, opts, { now: new Date('2026-01-25T00:00:00Z') });
    expect(r.renewed).toBe(true);
    expect(r.pair.certPem).not.toBe(leaf.certPem);
  });

  it('renews when a wanted SAN is missing or the CA changed', () => {
    const now = { now: new Date('2026-01-02T00:00:00Z') };
    expect(rotationReason(leaf, ca, { ...opts, ipAddresses: ['127.0.0.1'] }, now)).toBe(
      'missing subject alternative names: 127.0.0.1',
    );
    const other = createCertificateAuthority({ commonName: 'other' });
    expect(rotationReason(leaf, other, opts, now)).toBe('signed by another CA');
    expect(rotationReason(undefined, ca, opts)).toBe('no certificate yet');
  });
});
