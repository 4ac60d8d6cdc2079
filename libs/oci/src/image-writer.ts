import type { Descriptor } from './descriptor';
import {
  makeImageConfig,
  makeIndex,
  makeManifest,
  serializeDocument,
  type ImageConfigInput,
  type LayerInfo,
} from './image.builders';
import { buildLayer, type BuildLayerOptions } from './layer/build-layer';
import type { LayerEntry } from './layer/layer-entry';
import type { BlobDirectory } from './layout/blob-directory';
import { MediaType } from './media-types';

/** Serializes a JSON document into `blobs` and returns the descriptor of the bytes written. */
export async function writeJsonBlob(
  blobs: BlobDirectory,
  document: unknown,
  mediaType: string,
  extra: Pick<Descriptor, 'platform' | 'annotations'> = {},
): Promise<Descriptor> {
  const serialized = serializeDocument(document, mediaType, extra);
  await blobs.write(serialized.bytes, {
    digest: serialized.descriptor.digest,
    size: serialized.bytes.length,
  });
  return serialized.descriptor;
}

/** Builds a layer straight into `blobs` (streamed to a temp file, renamed under its digest). */
export async function writeLayer(
  blobs: BlobDirectory,
  entries: Iterable<LayerEntry>,
  options?: BuildLayerOptions,
): Promise<LayerInfo> {
  const { result } = await blobs.writeWith((sink) => buildLayer(entries, sink, options));
  return { descriptor: result.descriptor, diffId: result.diffId };
}

/** Writes config and manifest for one platform; returns the manifest descriptor carrying that platform. */
export async function writeImageManifest(
  blobs: BlobDirectory,
  input: ImageConfigInput & { annotations?: Record<string, string> },
): Promise<Descriptor> {
  const config = makeImageConfig(input);
  const configDescriptor = await writeJsonBlob(blobs, config, MediaType.ociConfig);
  const manifest = makeManifest(
    configDescriptor,
    input.layers.map((l) => l.descriptor),
    input.annotations,
  );
  return writeJsonBlob(blobs, manifest, MediaType.ociManifest, { platform: input.platform });
}

/** Writes an index over per-platform manifests (multi-platform image). */
export async function writeImageIndex(
  blobs: BlobDirectory,
  manifests: Descriptor[],
  annotations?: Record<string, string>,
): Promise<Descriptor> {
  return writeJsonBlob(blobs, makeIndex(manifests, annotations), MediaType.ociIndex);
}
