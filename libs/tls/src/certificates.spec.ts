import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  createCertificateAuthority,
  describeCertificate,
  generateKeyPem,
  isSignedBy,
  issueCertificate,
  keyMatchesCertificate,
} from './certificates';

describe('certificates', () => {
  const ca = createCertificateAuthority({ commonName: 'kuack-test-ca' });

  it('creates a CA certificate that is self-signed and marked CA', () => {
    const info = describeCertificate(ca.certPem);
    expect(info.isCA).toBe(true);
    expect(info.subject).toContain('CN=kuack-test-ca');
    expect(isSignedBy(ca.certPem, ca.certPem)).toBe(true);
    expect(keyMatchesCertificate(ca)).toBe(true);
  });

  it('issues a serving certificate with DNS and IP SANs signed by the CA', () => {
    const leaf = issueCertificate(ca, {
      commonName: 'api',
      dnsNames: ['localhost', 'api.local'],
      ipAddresses: ['127.0.0.1', '::1'],
      usage: 'server',
      validityDays: 10,
    });
    const info = describeCertificate(leaf.certPem);
    expect(info.isCA).toBe(false);
    expect(info.dnsNames).toEqual(['localhost', 'api.local']);
    expect(info.ipAddresses).toEqual(['127.0.0.1', '0:0:0:0:0:0:0:1']);
    expect(isSignedBy(leaf.certPem, ca.certPem)).toBe(true);
    expect(keyMatchesCertificate(leaf)).toBe(true);
    const days = (info.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(10);
  });

  it('rejects bad input with the field named', () => {
    expect(() => issueCertificate(ca, { commonName: 'x', ipAddresses: ['nope'], usage: 'server' })).toThrow(
      /ipAddresses: "nope"/,
    );
    expect(() => issueCertificate(ca, { commonName: 'x', usage: 'server' })).toThrow(
      /subject alternative name/,
    );
    expect(() => issueCertificate(ca, { commonName: '', usage: 'client' })).toThrow(/commonName/);
  });

  it('does not verify against another CA', () => {
    const other = createCertificateAuthority({ commonName: 'other' });
    const leaf = issueCertificate(ca, {
      commonName: 'c',
      usage: 'client',
      organizations: ['system:masters'],
    });
    expect(isSignedBy(leaf.certPem, other.certPem)).toBe(false);
    expect(describeCertificate(leaf.certPem).subject).toContain('O=system:masters');
  });

  it('serves HTTPS that a client trusting only the CA accepts for 127.0.0.1', async () => {
    const leaf = issueCertificate(ca, { commonName: 'srv', ipAddresses: ['127.0.0.1'], usage: 'server' });
    const server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get({ host: '127.0.0.1', port, ca: ca.certPem, path: '/' }, (res) => {
            let data = '';
            res.on('data', (c) => (data += c));
            res.on('end', () => resolve(data));
          })
          .on('error', reject);
      });
      expect(body).toBe('ok');
      const other = createCertificateAuthority({ commonName: 'other' });
      await expect(
        new Promise((resolve, reject) =>
          https.get({ host: '127.0.0.1', port, ca: other.certPem }, resolve).on('error', reject),
        ),
      ).rejects.toThrow(/self.signed|unable to verify|certificate/i);
    } finally {
      server.close();
    }
  });
});

describe('generateKeyPem', () => {
  it('makes keys in parallel that the issuer uses as given', async () => {
    const [caKey, leafKey] = await Promise.all([generateKeyPem(), generateKeyPem()]);
    const ca = createCertificateAuthority({ commonName: 'k', keyPem: caKey });
    const leaf = issueCertificate(ca, {
      commonName: 'l',
      dnsNames: ['localhost'],
      usage: 'server',
      keyPem: leafKey,
    });
    expect(ca.keyPem).toBe(caKey);
    expect(leaf.keyPem).toBe(leafKey);
    expect(keyMatchesCertificate(leaf)).toBe(true);
    expect(isSignedBy(leaf.certPem, ca.certPem)).toBe(true);
  });
});
