/** An OCI content descriptor (image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

/** The platform a manifest runs on (image-spec image-index.md). */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
}

const DIGEST_HEX_LENGTH = 64;

/** Throws a clear error when `value` is not a well-formed descriptor; `where` names the document and field. */
export function assertDescriptor(value: unknown, where: string): asserts value is Descriptor {
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: descriptor must be an object`);
  const d = value as Record<string, unknown>;
  if (typeof d.mediaType !== 'string' || d.mediaType === '') throw new Error(`${where}.mediaType: missing`);
  if (typeof d.digest !== 'string' || !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(d.digest)) {
    throw new Error(`${where}.digest: "${String(d.digest)}" is not a digest`);
  }
  if (d.digest.startsWith('sha256:') && d.digest.length !== 'sha256:'.length + DIGEST_HEX_LENGTH) {
    throw new Error(`${where}.digest: "${d.digest}" is not a sha256 digest`);
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new Error(`${where}.size: must be a non-negative integer`);
  }
}
