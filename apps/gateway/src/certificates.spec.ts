import { createCertificateAuthority, issueCertificate } from '@kuack/tls';
import { CertificateStore, type SecretObject, keyPairFromSecret } from './certificates';

const ca = createCertificateAuthority({ commonName: 'test-ca' });
const pair = issueCertificate(ca, {
  commonName: 'a.example.com',
  dnsNames: ['a.example.com'],
  usage: 'server',
});

function secret(data: Record<string, string>, resourceVersion = '1'): SecretObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'cert', namespace: 'shop', resourceVersion },
    type: 'kubernetes.io/tls',
    data,
  };
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('keyPairFromSecret', () => {
  it('decodes tls.crt and tls.key', () => {
    expect(keyPairFromSecret(secret({ 'tls.crt': b64(pair.certPem), 'tls.key': b64(pair.keyPem) }))).toEqual({
      cert: pair.certPem,
      key: pair.keyPem,
    });
  });

  it('names the Secret and the missing key', () => {
    expect(() => keyPairFromSecret(secret({ 'tls.crt': b64(pair.certPem) }))).toThrow(
      'Secret shop/cert: data["tls.key"] is missing',
    );
  });
});

describe('CertificateStore', () => {
  it('builds a context once per Secret version and reports a bad Secret', () => {
    let current = secret({ 'tls.crt': b64(pair.certPem), 'tls.key': b64(pair.keyPem) });
    const errors: string[] = [];
    const store = new CertificateStore(
      (key) => (key === 'shop/cert' ? current : undefined),
      (m) => errors.push(m),
    );
    const ref = { namespace: 'shop', name: 'cert' };
    const first = store.contextFor(ref);
    expect(first).toBeDefined();
    expect(store.contextFor(ref)).toBe(first);

    current = secret({ 'tls.crt': b64('not a certificate'), 'tls.key': b64(pair.keyPem) }, '2');
    expect(store.contextFor(ref)).toBeUndefined();
    expect(store.contextFor(ref)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Secret shop/cert: not a usable key pair');

    expect(store.contextFor({ namespace: 'shop', name: 'missing' })).toBeUndefined();
  });
});
