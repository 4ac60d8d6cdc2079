import { mergeAnnotations } from './annotations';
import type { Descriptor, Platform } from './descriptor';
import { sha256Digest } from './digest';
import type {
  ContainerConfig,
  HistoryEntry,
  ImageConfig,
  ImageIndex,
  ImageManifest,
  SerializedDocument,
} from './image.types';
import { MediaType } from './media-types';

/** What a layer contributes to an image: its blob descriptor and its uncompressed digest. */
export interface LayerInfo {
  descriptor: Descriptor;
  diffId: string;
  history?: HistoryEntry;
}

export interface ImageConfigInput {
  platform: Platform;
  layers: LayerInfo[];
  config?: ContainerConfig;
  /** RFC 3339; omitted unless given, so the same input gives the same digest. */
  created?: string;
  author?: string;
}

export function makeImageConfig(input: ImageConfigInput): ImageConfig {
  const { platform } = input;
  const config: ImageConfig = {
    ...(input.created !== undefined ? { created: input.created } : {}),
    ...(input.author !== undefined ? { author: input.author } : {}),
    architecture: platform.architecture,
    os: platform.os,
    ...(platform['os.version'] !== undefined ? { 'os.version': platform['os.version'] } : {}),
    ...(platform.variant !== undefined ? { variant: platform.variant } : {}),
    ...(input.config !== undefined ? { config: input.config } : {}),
    rootfs: { type: 'layers', diff_ids: input.layers.map((l) => l.diffId) },
  };
  const history = input.layers.map((l) => l.history).filter((h): h is HistoryEntry => h !== undefined);
  if (history.length > 0) config.history = history;
  return config;
}

export function makeManifest(
  config: Descriptor,
  layers: Descriptor[],
  annotations?: Record<string, string>,
): ImageManifest {
  const merged = mergeAnnotations(annotations);
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config,
    layers,
    ...(merged ? { annotations: merged } : {}),
  };
}

export function makeIndex(manifests: Descriptor[], annotations?: Record<string, string>): ImageIndex {
  const merged = mergeAnnotations(annotations);
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests,
    ...(merged ? { annotations: merged } : {}),
  };
}

/**
 * Serializes a document once and describes those exact bytes; the digest is over what is written, never over
 * a re-serialization.
 */
export function serializeDocument<T>(
  document: T,
  mediaType: string,
  extra: Pick<Descriptor, 'platform' | 'annotations'> = {},
): SerializedDocument<T> {
  const bytes = Buffer.from(JSON.stringify(document), 'utf8');
  return {
    document,
    bytes,
    descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length, ...extra },
  };
}
