import { promises as fs } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Descriptor } from '../descriptor';
import { VerifyingStream } from '../digest';
import { layerCompression } from '../media-types';
import { TarEndPadding } from './tar-end-padding';
import { unpackLayer, type UnpackLayerResult, type UnpackOptions } from './unpack-layer';

export interface LayerSource {
  descriptor: Descriptor;
  open(): Readable;
}

/** Opens a layer blob as an uncompressed tar stream, verifying the blob's digest while it is read. */
export function openLayerTar(layer: LayerSource): Readable {
  const compression = layerCompression(layer.descriptor.mediaType);
  if (compression === 'zstd') {
    throw new Error(`layer ${layer.descriptor.digest}: zstd layers are not supported on Node.js 20`);
  }
  const verifier = new VerifyingStream(
    layer.descriptor.digest,
    layer.descriptor.size,
    `layer ${layer.descriptor.digest}`,
  );
  const done = () => undefined; // errors reach the reader: pipeline() destroys every stage with the first one
  if (compression === 'none') return pipeline(layer.open(), verifier, new TarEndPadding(), done);
  return pipeline(layer.open(), verifier, createGunzip(), new TarEndPadding(), done);
}

/** Unpacks layers in order into `target` (created if missing) to form the image's root filesystem. */
export async function unpackImage(
  layers: LayerSource[],
  target: string,
  options: UnpackOptions = {},
): Promise<UnpackLayerResult> {
  await fs.mkdir(target, { recursive: true, mode: 0o755 });
  const total: UnpackLayerResult = { entries: 0, skipped: [] };
  for (const layer of layers) {
    const result = await unpackLayer(openLayerTar(layer), target, options);
    total.entries += result.entries;
    total.skipped.push(...result.skipped);
  }
  return total;
}
