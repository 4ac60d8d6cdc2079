import { describeCertificate, isSignedBy } from '@kuack/tls';
import { decideWebhookCerts } from './webhook-certs';

const wanted = { dnsNames: ['localhost', 'webhook.knative-serving.svc'], ipAddresses: ['127.0.0.1'] };
const asSecret = (c: ReturnType<typeof decideWebhookCerts>) => ({
  metadata: { name: 'serving-webhook-certs' },
  data: {
    'ca-cert.pem': Buffer.from(c.ca.certPem).toString('base64'),
    'ca-key.pem': Buffer.from(c.ca.keyPem).toString('base64'),
    'server-cert.pem': Buffer.from(c.cert.certPem).toString('base64'),
    'server-key.pem': Buffer.from(c.cert.keyPem).toString('base64'),
  },
});

describe('decideWebhookCerts', () => {
  const first = decideWebhookCerts(undefined, wanted);

  it('creates a CA and a serving certificate for the wanted names', () => {
    expect(first.changed).toBe(true);
    expect(isSignedBy(first.cert.certPem, first.ca.certPem)).toBe(true);
    const info = describeCertificate(first.cert.certPem);
    expect(info.dnsNames).toEqual(expect.arrayContaining(wanted.dnsNames));
    expect(info.ipAddresses).toEqual(['127.0.0.1']);
  });

  it('reuses a stored pair that is still good', () => {
    const again = decideWebhookCerts(asSecret(first), wanted);
    expect(again.changed).toBe(false);
    expect(again.ca.certPem).toBe(first.ca.certPem);
    expect(again.cert.certPem).toBe(first.cert.certPem);
  });

  it('keeps the CA but issues a new certificate for new names or near expiry', () => {
    const more = decideWebhookCerts(asSecret(first), { ...wanted, ipAddresses: ['127.0.0.1', '10.0.0.5'] });
    expect(more.changed).toBe(true);
    expect(more.ca.certPem).toBe(first.ca.certPem);
    expect(more.reason).toMatch(/missing subject alternative names: 10\.0\.0\.5/);
    const late = decideWebhookCerts(asSecret(first), wanted, new Date(Date.now() + 300 * 24 * 3600 * 1000));
    expect(late.changed).toBe(true);
    expect(late.ca.certPem).toBe(first.ca.certPem);
  });

  it('replaces a CA that cannot be read', () => {
    const broken = {
      metadata: {},
      data: { ...asSecret(first).data, 'ca-cert.pem': Buffer.from('junk').toString('base64') },
    };
    const next = decideWebhookCerts(broken, wanted);
    expect(next.changed).toBe(true);
    expect(next.ca.certPem).not.toBe(first.ca.certPem);
    expect(next.reason).toMatch(/^CA: /);
  });
});
