import type { Descriptor, Platform } from '../descriptor';
import type { ImageIndex, ImageManifest } from '../image.types';
import { isIndexMediaType, isManifestMediaType } from '../media-types';
import { formatPlatform, hostPlatform, platformMatches } from '../platform';
import { formatReference, referenceTarget, type ImageReference } from '../registry/reference';
import type { RegistryClient } from '../registry/registry-client';
import type { ImageStore } from '../store/image-store';

export interface PullOptions {
  /** The platform to pull from an index (default: this host's), or `all` to keep the whole index. */
  platform?: Platform | 'all';
  /** Name to tag in the store; default: the reference itself (`registry/repository:tag`). */
  name?: string;
  onBlob?: (descriptor: Descriptor, result: 'exists' | 'fetched') => void;
}

export interface PullResult {
  name: string;
  /** What the name points to: the platform's manifest, or the index with `platform: 'all'`. */
  descriptor: Descriptor;
  /** The digest the registry resolved the reference to (the index for a multi-platform image). */
  resolvedDigest: string;
  fetchedBytes: number;
}

/**
 * Pulls an image into the store: tag → index → the platform's manifest → config and layers, every blob
 * verified against its digest while it streams into a private ingest area. Only when all of it is verified is
 * it moved into the store and tagged; any failure (a digest mismatch included) leaves the store unchanged.
 */
export async function pullImage(
  client: RegistryClient,
  ref: ImageReference,
  store: ImageStore,
  options: PullOptions = {},
): Promise<PullResult> {
  const { repository } = ref;
  const name = options.name ?? formatReference(ref);
  const ingest = await store.beginIngest();
  let fetchedBytes = 0;
  try {
    const root = await client.getManifest(repository, referenceTarget(ref));
    const keepRoot = () => ingest.blobs.write(root.bytes, { digest: root.digest, size: root.bytes.length });

    const fetchBlob = async (descriptor: Descriptor): Promise<void> => {
      if (await ingest.has(descriptor.digest)) {
        options.onBlob?.(descriptor, 'exists');
        return;
      }
      const body = await client.openBlob(repository, descriptor.digest);
      await ingest.blobs.write(
        body,
        { digest: descriptor.digest, size: descriptor.size },
        `blob ${repository}@${descriptor.digest}`,
      );
      fetchedBytes += descriptor.size;
      options.onBlob?.(descriptor, 'fetched');
    };

    const fetchManifestTree = async (descriptor: Descriptor, bytes?: Buffer): Promise<void> => {
      let manifestBytes = bytes;
      if (!manifestBytes) {
        const fetched = await client.getManifest(repository, descriptor.digest);
        manifestBytes = fetched.bytes;
        await ingest.blobs.write(
          manifestBytes,
          { digest: descriptor.digest, size: descriptor.size },
          `manifest ${repository}@${descriptor.digest}`,
        );
      }
      const manifest = JSON.parse(manifestBytes.toString('utf8')) as ImageManifest;
      if (!manifest.config || !Array.isArray(manifest.layers)) {
        throw new Error(`manifest ${repository}@${descriptor.digest}: missing config or layers`);
      }
      for (const blob of [manifest.config, ...manifest.layers]) await fetchBlob(blob);
    };

    let target: Descriptor = root.descriptor;
    if (isIndexMediaType(root.mediaType)) {
      const index = JSON.parse(root.bytes.toString('utf8')) as ImageIndex;
      if (options.platform === 'all') {
        await keepRoot();
        for (const child of index.manifests) {
          if (isManifestMediaType(child.mediaType)) await fetchManifestTree(child);
        }
      } else {
        target = selectPlatform(index, options.platform ?? hostPlatform(), formatReference(ref));
        await fetchManifestTree(target);
      }
    } else if (isManifestMediaType(root.mediaType)) {
      await keepRoot();
      await fetchManifestTree(root.descriptor, root.bytes);
    } else {
      throw new Error(`${formatReference(ref)}: media type ${root.mediaType} is not an image or index`);
    }
    await ingest.commit(name, plainDescriptor(target));
    return { name, descriptor: plainDescriptor(target), resolvedDigest: root.digest, fetchedBytes };
  } catch (err) {
    await ingest.abort();
    throw err;
  }
}

/** The first manifest of the index for `platform`; a clear error listing what the index offers otherwise. */
export function selectPlatform(index: ImageIndex, platform: Platform, what: string): Descriptor {
  const match = index.manifests.find(
    (d) => isManifestMediaType(d.mediaType) && d.platform && platformMatches(platform, d.platform),
  );
  if (match) return match;
  const offered = index.manifests
    .map((d) => (d.platform ? formatPlatform(d.platform) : 'unknown'))
    .join(', ');
  throw new Error(`${what} has no image for ${formatPlatform(platform)} (it has: ${offered || 'nothing'})`);
}

/** The descriptor as the store records it: no annotations of the registry's index carried over. */
function plainDescriptor(descriptor: Descriptor): Descriptor {
  const { mediaType, digest, size, platform } = descriptor;
  return platform ? { mediaType, digest, size, platform } : { mediaType, digest, size };
}
