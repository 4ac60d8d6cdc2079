import {
  formatPlatform,
  isIndexMediaType,
  parseReference,
  platformMatches,
  RegistryClient,
  selectPlatform,
  type BlobDirectory,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  type LayerInfo,
  type Platform,
  type RegistryClientOptions,
} from '@kuack/oci';
import { FunctionBuildError } from './build-error';

/** The image functions build on for clusters (it provides `node`); no public registry is needed locally. */
export const DEFAULT_BASE_IMAGE = 'docker.io/library/node:20-slim';

export interface BasePlatformImage {
  platform: Platform;
  manifestDigest: string;
  config: ImageConfig;
  layers: LayerInfo[];
}

/**
 * Resolves the base image for each target platform and copies its config and layers into `blobs` (blobs
 * already there are not fetched again). One manifest request per build resolves the tag; layers are cached.
 */
export async function fetchBaseImage(
  reference: string,
  platforms: Platform[],
  blobs: BlobDirectory,
  clientOptions: RegistryClientOptions = {},
  log: (line: string) => void = () => undefined,
): Promise<BasePlatformImage[]> {
  const ref = parseReference(reference);
  const client = await RegistryClient.create(ref.registry, clientOptions);
  try {
    const root = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
    const result: BasePlatformImage[] = [];
    for (const platform of platforms) {
      let manifestDescriptor: Descriptor = root.descriptor;
      let manifestBytes = root.bytes;
      if (isIndexMediaType(root.mediaType)) {
        const index = JSON.parse(root.bytes.toString('utf8')) as ImageIndex;
        try {
          manifestDescriptor = selectPlatform(index, platform, `base image ${reference}`);
        } catch (err) {
          throw new FunctionBuildError(`${(err as Error).message}: choose the platforms with --platform`);
        }
        manifestBytes = (await client.getManifest(ref.repository, manifestDescriptor.digest)).bytes;
      }
      const manifest = JSON.parse(manifestBytes.toString('utf8')) as ImageManifest;
      const config = await fetchJson<ImageConfig>(client, ref.repository, manifest.config, blobs);
      if (!isIndexMediaType(root.mediaType) && !platformMatches(platform, config)) {
        throw new FunctionBuildError(
          `base image ${reference} is for ${formatPlatform(config)} only, not ${formatPlatform(platform)}: choose the platforms with --platform`,
        );
      }
      const diffIds = config.rootfs?.diff_ids ?? [];
      if (diffIds.length !== manifest.layers.length) {
        throw new FunctionBuildError(
          `base image ${reference}: its config lists ${diffIds.length} diff_ids for ${manifest.layers.length} layers`,
        );
      }
      const layers: LayerInfo[] = [];
      for (const [i, layer] of manifest.layers.entries()) {
        if (!(await blobs.has(layer.digest))) {
          log(
            `fetching base layer ${layer.digest.slice(7, 19)} (${formatPlatform(platform)}, ${layer.size} bytes)`,
          );
          await blobs.write(await client.openBlob(ref.repository, layer.digest), {
            digest: layer.digest,
            size: layer.size,
          });
        }
        layers.push({ descriptor: layer, diffId: diffIds[i]! });
      }
      result.push({ platform, manifestDigest: manifestDescriptor.digest, config, layers });
    }
    return result;
  } finally {
    await client.close();
  }
}

async function fetchJson<T>(
  client: RegistryClient,
  repository: string,
  descriptor: Descriptor,
  blobs: BlobDirectory,
): Promise<T> {
  if (!(await blobs.has(descriptor.digest))) {
    await blobs.write(await client.openBlob(repository, descriptor.digest), {
      digest: descriptor.digest,
      size: descriptor.size,
    });
  }
  return JSON.parse((await blobs.readBytes(descriptor.digest)).toString('utf8')) as T;
}
