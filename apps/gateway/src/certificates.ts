import tls from 'node:tls';
import type { KubeObject } from '@kuack/controller';
import type { SecretRef } from './routing/tls';

/** The part of a core/v1 Secret of type kubernetes.io/tls the gateway reads. */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export const SECRET_GVK = { apiVersion: 'v1', kind: 'Secret' } as const;

export class CertificateError extends Error {}

/** tls.crt / tls.key (base64 in `data`) of a Secret as PEM, or an error naming the Secret and the key. */
export function keyPairFromSecret(secret: SecretObject): { cert: string; key: string } {
  const name = `${secret.metadata.namespace}/${secret.metadata.name}`;
  const read = (field: string) => {
    const b64 = secret.data?.[field];
    if (!b64) throw new CertificateError(`Secret ${name}: data["${field}"] is missing`);
    return Buffer.from(b64, 'base64').toString('utf8');
  };
  return { cert: read('tls.crt'), key: read('tls.key') };
}

/**
 * TLS contexts per Secret, built once per Secret resourceVersion (a rotated certificate is picked up on the
 * next handshake). A bad Secret gives no context and is reported once per version.
 */
export class CertificateStore {
  private readonly cache = new Map<string, { version: string; context?: tls.SecureContext }>();

  constructor(
    private readonly getSecret: (key: string) => SecretObject | undefined,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  contextFor(ref: SecretRef): tls.SecureContext | undefined {
    const key = `${ref.namespace}/${ref.name}`;
    const secret = this.getSecret(key);
    if (!secret) return undefined;
    const version = secret.metadata.resourceVersion ?? secret.metadata.uid ?? '';
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.context;
    let context: tls.SecureContext | undefined;
    try {
      context = tls.createSecureContext(keyPairFromSecret(secret));
    } catch (err) {
      this.onError(
        err instanceof CertificateError
          ? err.message
          : `Secret ${key}: not a usable key pair: ${(err as Error).message}`,
      );
    }
    this.cache.set(key, { version, context });
    return context;
  }

  forget(key: string): void {
    this.cache.delete(key);
  }
}
