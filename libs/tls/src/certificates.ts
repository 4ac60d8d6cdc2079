import crypto from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';

/** A certificate with its private key, both PEM. */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

export type CertificateUsage = 'server' | 'client' | 'server-and-client';

export interface CaOptions {
  commonName: string;
  organization?: string;
  /** Default 3650 days. */
  validityDays?: number;
  now?: Date;
  /** Use this RSA private key (PEM) instead of generating one. */
  keyPem?: string;
}

export interface IssueOptions {
  commonName: string;
  /** Subject organization(s); for a Kubernetes client certificate these are its groups. */
  organizations?: string[];
  dnsNames?: string[];
  /** IPv4 or IPv6 literals. */
  ipAddresses?: string[];
  usage: CertificateUsage;
  /** Default 365 days. */
  validityDays?: number;
  now?: Date;
  /** Use this RSA private key (PEM) instead of generating one. */
  keyPem?: string;
}

const DAY_MS = 24 * 3600 * 1000;
/** Backdated so a peer whose clock is slightly behind accepts a fresh certificate. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Generates an RSA 2048 key off the main thread (libuv pool), so several keys are made in parallel; pass the
 * result as `keyPem` to the issuing functions.
 */
export async function generateKeyPem(): Promise<string> {
  const privateKey = await new Promise<crypto.KeyObject>((resolve, reject) =>
    crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, priv) =>
      err ? reject(err) : resolve(priv),
    ),
  );
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function newRsaKey(given?: string): {
  forgeKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
} {
  // node:crypto generates keys natively (fast); forge only signs.
  const keyPem =
    given ??
    crypto
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { forgeKey, publicKey, keyPem };
}

function serialNumber(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] &= 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: Date, days: number): void {
  cert.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
}

/** A self-signed CA that signs serving and client certificates. */
export function createCertificateAuthority(options: CaOptions): KeyPair {
  if (!options.commonName) throw new Error('commonName: required for a CA');
  const { forgeKey, publicKey, keyPem } = newRsaKey(options.keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, options.now ?? new Date(), options.validityDays ?? 3650);
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: options.commonName }];
  if (options.organization) subject.push({ name: 'organizationName', value: options.organization });
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  return { certPem: lf(forge.pki.certificateToPem(cert)), keyPem };
}

/** Issues a leaf certificate signed by `ca`, with the subject alternative names given. */
export function issueCertificate(ca: KeyPair, options: IssueOptions): KeyPair {
  if (!options.commonName) throw new Error('commonName: required');
  const dnsNames = options.dnsNames ?? [];
  const ips = options.ipAddresses ?? [];
  for (const ip of ips) if (net.isIP(ip) === 0) throw new Error(`ipAddresses: "${ip}" is not an IP address`);
  if (options.usage !== 'client' && dnsNames.length + ips.length === 0) {
    throw new Error(
      'dnsNames/ipAddresses: a serving certificate needs at least one subject alternative name',
    );
  }
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const { publicKey, keyPem } = newRsaKey(options.keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, options.now ?? new Date(), options.validityDays ?? 365);
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: options.commonName }];
  for (const o of options.organizations ?? []) subject.push({ name: 'organizationName', value: o });
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [...dnsNames.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))];
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    {
      name: 'extKeyUsage',
      serverAuth: options.usage !== 'client',
      clientAuth: options.usage !== 'server',
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ];
  if (altNames.length > 0) extensions.push({ name: 'subjectAltName', altNames });
  cert.setExtensions(extensions);
  cert.sign(caKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { certPem: lf(forge.pki.certificateToPem(cert)), keyPem };
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  dnsNames: string[];
  ipAddresses: string[];
  serialNumber: string;
}

/** Reads a certificate with node:crypto (no forge needed to inspect). */
export function describeCertificate(certPem: string): CertificateInfo {
  const x = new crypto.X509Certificate(certPem);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const part of (x.subjectAltName ?? '').split(', ')) {
    if (part.startsWith('DNS:')) dnsNames.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ipAddresses.push(part.slice(11));
  }
  return {
    subject: x.subject,
    issuer: x.issuer,
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    isCA: x.ca,
    dnsNames,
    ipAddresses,
    serialNumber: x.serialNumber,
  };
}

/** True when `certPem` was signed by the CA certificate `caPem`. */
export function isSignedBy(certPem: string, caPem: string): boolean {
  const cert = new crypto.X509Certificate(certPem);
  const ca = new crypto.X509Certificate(caPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** True when the key belongs to the certificate. */
export function keyMatchesCertificate(pair: KeyPair): boolean {
  return new crypto.X509Certificate(pair.certPem).checkPrivateKey(crypto.createPrivateKey(pair.keyPem));
}

/** forge writes CRLF line ends; everything else here (and node:crypto) uses LF. */
function lf(pem: string): string {
  return pem.replace(/\r\n/g, '\n');
}
