import type { Descriptor } from '../descriptor';
import type { ImageIndex, ImageManifest } from '../image.types';
import type { BlobDirectory } from '../layout/blob-directory';
import { isIndexMediaType, isManifestMediaType } from '../media-types';
import type { BlobPushResult, RegistryClient } from '../registry/registry-client';

export interface PushOptions {
  /** Tag for the root; without one it is pushed by digest only. */
  tag?: string;
  /** A repository of the same registry that may already hold the blobs: mounted instead of uploaded. */
  mountFrom?: string;
  /** Blobs uploaded at once. Default 3. */
  concurrency?: number;
  onBlob?: (descriptor: Descriptor, result: BlobPushResult) => void;
}

export interface PushResult {
  digest: string;
  blobs: Record<BlobPushResult, number>;
}

/**
 * Pushes an image (an index and its manifests, or one manifest) from local blobs: blobs first (skipping the
 * ones the registry has, mounting when possible), then each manifest by digest, then the root by tag.
 */
export async function pushImage(
  client: RegistryClient,
  repository: string,
  blobs: BlobDirectory,
  root: Descriptor,
  options: PushOptions = {},
): Promise<PushResult> {
  const counts: Record<BlobPushResult, number> = { exists: 0, mounted: 0, uploaded: 0 };
  const done = new Set<string>(); // a blob shared by several manifests is pushed once
  const pushBlob = async (descriptor: Descriptor) => {
    if (done.has(descriptor.digest)) return;
    done.add(descriptor.digest);
    const result = await client.pushBlob(repository, descriptor, () => blobs.open(descriptor.digest), {
      ...(options.mountFrom ? { mountFrom: options.mountFrom } : {}),
    });
    counts[result]++;
    options.onBlob?.(descriptor, result);
  };

  const pushTree = async (descriptor: Descriptor, reference: string): Promise<void> => {
    const bytes = await blobs.readBytes(descriptor.digest);
    if (isIndexMediaType(descriptor.mediaType)) {
      const index = JSON.parse(bytes.toString('utf8')) as ImageIndex;
      for (const child of index.manifests) await pushTree(child, child.digest);
    } else if (isManifestMediaType(descriptor.mediaType)) {
      const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
      await runLimited([manifest.config, ...manifest.layers], options.concurrency ?? 3, pushBlob);
    } else {
      throw new Error(
        `push ${repository}: ${descriptor.digest} has media type ${descriptor.mediaType}, not a manifest or index`,
      );
    }
    await client.putManifest(repository, reference, bytes, descriptor.mediaType);
  };

  await pushTree(root, options.tag ?? root.digest);
  return { digest: root.digest, blobs: counts };
}

async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const unique = [...new Map(items.map((i) => [JSON.stringify(i), i])).values()];
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, unique.length) }, async () => {
    while (next < unique.length) await fn(unique[next++]!);
  });
  await Promise.all(workers);
}
