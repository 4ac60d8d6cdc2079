import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  createCertificateAuthority,
  ensureCertificate,
  generateKeyPem,
  rotationReason,
  type KeyPair,
} from '@kuack/tls';

export interface ClusterPki {
  ca: KeyPair;
  serving: KeyPair;
  token: string;
}

function readPair(dir: string, base: string): KeyPair | undefined {
  try {
    return {
      certPem: fs.readFileSync(path.join(dir, `${base}.crt`), 'utf8'),
      keyPem: fs.readFileSync(path.join(dir, `${base}.key`), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

function writePair(dir: string, base: string, pair: KeyPair): void {
  fs.writeFileSync(path.join(dir, `${base}.key`), pair.keyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, `${base}.crt`), pair.certPem, { mode: 0o644 });
}

/**
 * The CA, the API server's serving certificate and the admin bearer token, kept in <dataDir>/pki so a restart
 * reuses them (kubeconfigs stay valid); the serving certificate is re-issued when close to expiry.
 */
export async function loadOrCreatePki(dataDir: string): Promise<ClusterPki> {
  const dir = path.join(dataDir, 'pki');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = readPair(dir, 'ca');
  const existing = readPair(dir, 'apiserver');
  const serving = {
    commonName: 'kuack-apiserver',
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    ipAddresses: ['127.0.0.1'],
    usage: 'server' as const,
    validityDays: 365,
  };
  // Keys are generated in parallel (RSA key generation dominates a cold start).
  const needServingKey = !ca || rotationReason(existing, ca, serving) !== undefined;
  const [caKey, servingKey] = await Promise.all([
    ca ? undefined : generateKeyPem(),
    needServingKey ? generateKeyPem() : undefined,
  ]);
  if (!ca) {
    ca = createCertificateAuthority({
      commonName: 'kuack-embedded-cluster-ca',
      organization: 'kuack',
      keyPem: caKey,
    });
    writePair(dir, 'ca', ca);
  }
  const { pair, renewed } = ensureCertificate(existing, ca, { ...serving, keyPem: servingKey });
  if (renewed) writePair(dir, 'apiserver', pair);
  const tokenFile = path.join(dir, 'admin.token');
  let token: string;
  try {
    token = fs.readFileSync(tokenFile, 'utf8').trim();
  } catch {
    token = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(tokenFile, token, { mode: 0o600 });
  }
  return { ca, serving: pair, token };
}
