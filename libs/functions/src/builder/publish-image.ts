import {
  ImageStore,
  isIndexMediaType,
  isManifestMediaType,
  OciLayout,
  parseReference,
  pushImage,
  RegistryClient,
  type BlobPushResult,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type RegistryClientOptions,
} from '@kuack/oci';

export interface PublishedImage {
  /** `registry/repository@sha256:…`: what deploy.image is pinned to. */
  pinned: string;
  digest: string;
  blobs?: Record<BlobPushResult, number>;
}

/** `registry/repository@digest` for an image name with or without a tag. */
export function pinnedReference(image: string, digest: string): string {
  const ref = parseReference(image);
  return `${ref.registry}/${ref.repository}@${digest}`;
}

async function resolveBuilt(
  layoutDir: string,
  image: string,
): Promise<{ layout: OciLayout; index: Descriptor }> {
  const layout = await OciLayout.open(layoutDir);
  const index = await layout.resolve(image);
  if (!index) throw new Error(`${layoutDir} has no image "${image}": build it first (kuack func build)`);
  const { annotations: _drop, ...plain } = index;
  return { layout, index: plain };
}

/** Pushes a built image from `.func/oci` to its registry by tag (blobs the registry has are skipped). */
export async function pushFunctionImage(
  layoutDir: string,
  image: string,
  clientOptions: RegistryClientOptions = {},
  onBlob?: (d: Descriptor, r: BlobPushResult) => void,
): Promise<PublishedImage> {
  const { layout, index } = await resolveBuilt(layoutDir, image);
  const ref = parseReference(image);
  const client = await RegistryClient.create(ref.registry, clientOptions);
  try {
    const result = await pushImage(client, ref.repository, layout.blobs, index, {
      tag: ref.tag ?? 'latest',
      ...(onBlob ? { onBlob } : {}),
    });
    return { pinned: pinnedReference(image, result.digest), digest: result.digest, blobs: result.blobs };
  } finally {
    await client.close();
  }
}

/**
 * Copies a built image into the local image store (local mode: no registry) and tags it both by name and by
 * `repository@digest`, the pinned reference deploy writes and the node agent resolves.
 */
export async function storeFunctionImage(
  layoutDir: string,
  image: string,
  store?: ImageStore,
): Promise<PublishedImage> {
  const { layout, index } = await resolveBuilt(layoutDir, image);
  const target = store ?? (await ImageStore.open());
  const ingest = await target.beginIngest();
  try {
    const copy = async (d: Descriptor): Promise<void> => {
      if (!(await ingest.has(d.digest)))
        await ingest.blobs.write(layout.blobs.open(d.digest), { digest: d.digest, size: d.size });
      if (isIndexMediaType(d.mediaType)) {
        for (const child of (await layout.readJson<ImageIndex>(d)).document.manifests) await copy(child);
      } else if (isManifestMediaType(d.mediaType)) {
        const { document } = await layout.readJson<ImageManifest>(d);
        for (const blob of [document.config, ...document.layers]) {
          if (!(await ingest.has(blob.digest)))
            await ingest.blobs.write(layout.blobs.open(blob.digest), {
              digest: blob.digest,
              size: blob.size,
            });
        }
      }
    };
    await copy(index);
    const pinned = pinnedReference(image, index.digest);
    await ingest.commit(image, index);
    await target.tag(pinned, index);
    return { pinned, digest: index.digest };
  } catch (err) {
    await ingest.abort();
    throw err;
  }
}
