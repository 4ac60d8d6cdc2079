import { createCertificateAuthority } from './certificates';
import { base64ToPem, joinPem, pemToBase64, splitCertificates, splitPem } from './pem';
import { TrustBundle } from './trust-bundle';

describe('pem and trust bundles', () => {
  const a = createCertificateAuthority({ commonName: 'a' });
  const b = createCertificateAuthority({
    commonName: 'b',
    validityDays: 1,
    now: new Date('2020-01-01T00:00:00Z'),
  });

  it('splits a bundle into blocks and joins it back', () => {
    const text = `junk\n${a.certPem}${a.keyPem}\n${b.certPem}`;
    expect(splitPem(text).map((x) => x.label)).toEqual(['CERTIFICATE', 'PRIVATE KEY', 'CERTIFICATE']);
    expect(splitCertificates(text)).toEqual([a.certPem, b.certPem]);
    expect(joinPem([a.certPem.trimEnd(), b.certPem])).toBe(a.certPem + b.certPem);
  });

  it('round-trips base64 and refuses non-PEM data', () => {
    expect(base64ToPem(pemToBase64(a.certPem))).toBe(a.certPem);
    expect(() => base64ToPem(Buffer.from('hello').toString('base64'))).toThrow(/PEM/);
  });

  it('deduplicates, prunes expired CAs and refuses leaf certificates', () => {
    const bundle = TrustBundle.fromPem(a.certPem + b.certPem + a.certPem);
    expect(bundle.size).toBe(2);
    expect(bundle.pruneExpired(new Date('2026-01-01T00:00:00Z'))).toBe(1);
    expect(bundle.toPem()).toBe(a.certPem);
    expect(bundle.remove(a.certPem)).toBe(true);
    expect(bundle.size).toBe(0);
  });
});
