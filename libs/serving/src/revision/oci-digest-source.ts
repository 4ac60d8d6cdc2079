import { type ImageStore, RegistryClient, referenceTarget } from '@kuack/oci';
import type { DigestSource } from './digest';

/** Digests from Kuack's local image store (when there is one) and from registries through @kuack/oci. */
export function ociDigestSource(options: { store?: ImageStore; insecure?: boolean } = {}): DigestSource {
  const { store } = options;
  return {
    local: store
      ? async (names) => {
          for (const name of names) {
            const d = await store.resolve(name);
            if (d) return d.digest;
          }
          return undefined;
        }
      : undefined,
    async remote(ref) {
      const client = await RegistryClient.create(ref.registry, { insecure: options.insecure });
      try {
        return (await client.getManifest(ref.repository, referenceTarget(ref))).digest;
      } finally {
        await client.close();
      }
    },
  };
}
