import crypto from 'node:crypto';
import { joinPem, splitCertificates } from './pem';

/**
 * A set of trusted CA certificates, deduplicated by fingerprint. During a CA rotation both the old and the new
 * CA stay in the bundle so peers trust either until the old one is removed.
 */
export class TrustBundle {
  private readonly certs = new Map<string, string>();

  static fromPem(text: string): TrustBundle {
    const bundle = new TrustBundle();
    for (const pem of splitCertificates(text)) bundle.add(pem);
    return bundle;
  }

  add(certPem: string): this {
    const x = new crypto.X509Certificate(certPem);
    if (!x.ca) throw new Error(`certificate "${x.subject}" is not a CA certificate`);
    this.certs.set(x.fingerprint256, certPem.endsWith('\n') ? certPem : `${certPem}\n`);
    return this;
  }

  /** Drops every certificate that has expired at `now`. Returns how many were dropped. */
  pruneExpired(now = new Date()): number {
    let dropped = 0;
    for (const [fp, pem] of this.certs) {
      if (new Date(new crypto.X509Certificate(pem).validTo) <= now) {
        this.certs.delete(fp);
        dropped++;
      }
    }
    return dropped;
  }

  remove(certPem: string): boolean {
    return this.certs.delete(new crypto.X509Certificate(certPem).fingerprint256);
  }

  get size(): number {
    return this.certs.size;
  }

  /** Every certificate of the bundle, as `ca` for node:tls / undici. */
  toArray(): string[] {
    return [...this.certs.values()];
  }

  toPem(): string {
    return joinPem(this.toArray());
  }
}
