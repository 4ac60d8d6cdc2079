import { Readable } from 'node:stream';
import type { Descriptor, Platform } from '../descriptor';
import { writeImageIndex, writeImageManifest, writeLayer } from '../image-writer';
import type { BlobDirectory } from '../layout/blob-directory';

export const SAMPLE_PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/** Deterministic pseudo-random bytes (not compressible), so layers have real size without test fixtures. */
export function noise(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export interface SampleImage {
  index: Descriptor;
  manifests: Descriptor[];
}

/**
 * A two-platform image built from scratch: a shared base layer, and one layer per platform that names its
 * architecture in /etc/arch and deletes /base/removed-later.
 */
export async function writeSampleImage(
  blobs: BlobDirectory,
  options: { payloadBytes?: number; seed?: number } = {},
): Promise<SampleImage> {
  const payload = noise(options.payloadBytes ?? 300_000, options.seed ?? 7);
  const base = await writeLayer(blobs, [
    { type: 'file', path: 'base/hello.txt', content: 'hello from kuack\n' },
    { type: 'file', path: 'base/removed-later', content: 'gone in the upper layer\n' },
    { type: 'file', path: 'base/payload.bin', size: payload.length, content: () => Readable.from([payload]) },
    { type: 'symlink', path: 'base/link', target: 'hello.txt' },
  ]);
  const manifests: Descriptor[] = [];
  for (const platform of SAMPLE_PLATFORMS) {
    const upper = await writeLayer(
      blobs,
      [
        { type: 'file', path: 'etc/arch', content: `${platform.architecture}\n` },
        { type: 'file', path: 'bin/run', content: '#!/bin/sh\necho run\n', mode: 0o755 },
      ],
      { deleted: ['base/removed-later'] },
    );
    manifests.push(
      await writeImageManifest(blobs, {
        platform,
        layers: [base, upper],
        config: { Env: ['PATH=/bin'], Cmd: ['/bin/run'], WorkingDir: '/' },
      }),
    );
  }
  return { index: await writeImageIndex(blobs, manifests), manifests };
}
