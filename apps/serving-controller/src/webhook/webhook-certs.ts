import { type KubeClient, type KubeObject, isAlreadyExists, isConflict, isNotFound } from '@kuack/controller';
import { type KeyPair, createCertificateAuthority, ensureCertificate, rotationReason } from '@kuack/tls';
import type { Logger } from 'pino';

/** The Secret (in the system namespace) holding the webhook's CA and serving certificate. */
export const WEBHOOK_CERTS_SECRET = 'serving-webhook-certs';
const SECRET = { apiVersion: 'v1', kind: 'Secret' };
const KEYS = {
  caCert: 'ca-cert.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server-cert.pem',
  serverKey: 'server-key.pem',
} as const;

type SecretObject = KubeObject & { data?: Record<string, string>; type?: string };

export interface WebhookCerts {
  ca: KeyPair;
  cert: KeyPair;
}

export interface WantedNames {
  dnsNames: string[];
  ipAddresses: string[];
}

const decode = (s: SecretObject, key: string) => {
  const v = s.data?.[key];
  return v ? Buffer.from(v, 'base64').toString('utf8') : undefined;
};
const encode = (v: string) => Buffer.from(v).toString('base64');

function pairOf(s: SecretObject | undefined, cert: string, key: string): KeyPair | undefined {
  if (!s) return undefined;
  const certPem = decode(s, cert);
  const keyPem = decode(s, key);
  return certPem && keyPem ? { certPem, keyPem } : undefined;
}

/**
 * The CA and serving certificate to use: those stored in the Secret while they are valid and cover the
 * wanted names, otherwise new ones (a CA kept when only the leaf needs renewing). Pure; `now` for tests.
 */
export function decideWebhookCerts(
  stored: SecretObject | undefined,
  wanted: WantedNames,
  now = new Date(),
): WebhookCerts & { changed: boolean; reason?: string } {
  let ca = pairOf(stored, KEYS.caCert, KEYS.caKey);
  let reason: string | undefined;
  // A CA is good while it signs itself and is far from expiry.
  const caReason = ca ? rotationReason(ca, ca, {}, { now, renewBeforeFraction: 0.1 }) : 'no CA yet';
  if (caReason) {
    ca = createCertificateAuthority({ commonName: 'kuack-serving-webhook-ca', organization: 'kuack', now });
    reason = `CA: ${caReason}`;
  }
  const existing = caReason ? undefined : pairOf(stored, KEYS.serverCert, KEYS.serverKey);
  const {
    pair,
    renewed,
    reason: certReason,
  } = ensureCertificate(
    existing,
    ca!,
    { commonName: 'serving-webhook', ...wanted, usage: 'server', validityDays: 365, now },
    { now },
  );
  return { ca: ca!, cert: pair, changed: !!caReason || renewed, reason: reason ?? certReason };
}

/**
 * Loads the webhook's certificates from the Secret, renewing and storing them when needed, so restarts and
 * replicas share one CA (Knative keeps them in a Secret too). A concurrent writer wins; its pair is used.
 */
export async function loadWebhookCerts(
  client: KubeClient,
  namespace: string,
  wanted: WantedNames,
  logger: Logger,
): Promise<WebhookCerts> {
  for (let attempt = 0; ; attempt++) {
    let stored: SecretObject | undefined;
    try {
      stored = await client.get<SecretObject>(SECRET, WEBHOOK_CERTS_SECRET, namespace);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const decided = decideWebhookCerts(stored, wanted);
    if (!decided.changed) return decided;
    const data = {
      [KEYS.caCert]: encode(decided.ca.certPem),
      [KEYS.caKey]: encode(decided.ca.keyPem),
      [KEYS.serverCert]: encode(decided.cert.certPem),
      [KEYS.serverKey]: encode(decided.cert.keyPem),
    };
    try {
      if (stored) await client.update<SecretObject>({ ...stored, ...SECRET, data });
      else
        await client.create<SecretObject>({
          ...SECRET,
          metadata: { name: WEBHOOK_CERTS_SECRET, namespace, labels: { 'app.kubernetes.io/name': 'kuack' } },
          type: 'Opaque',
          data,
        });
      logger.info(
        { secret: `${namespace}/${WEBHOOK_CERTS_SECRET}`, reason: decided.reason },
        'webhook certificates stored',
      );
      return decided;
    } catch (err) {
      if ((isConflict(err) || isAlreadyExists(err)) && attempt < 3) continue; // another replica wrote first
      throw err;
    }
  }
}
