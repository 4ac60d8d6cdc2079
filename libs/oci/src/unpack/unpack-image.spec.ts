import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DigestMismatchError, sha256Digest } from '../digest';
import { MediaType } from '../media-types';
import { rawTar } from '../testing/raw-tar';
import { unpackImage } from './unpack-image';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-unpack-image-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

function layer(bytes: Buffer, mediaType: string = MediaType.ociLayerGzip, digest = sha256Digest(bytes)) {
  return { descriptor: { mediaType, digest, size: bytes.length }, open: () => Readable.from([bytes]) };
}

describe('unpackImage', () => {
  it('applies gzip and plain tar layers in order', async () => {
    const lower = gzipSync(
      await rawTar([
        { name: 'a', content: 'lower' },
        { name: 'b', content: 'b' },
      ]),
    );
    const upper = await rawTar([
      { name: 'a', content: 'upper' },
      { name: '.wh.b', content: '' },
    ]);
    const result = await unpackImage(
      [layer(lower), layer(upper, MediaType.ociLayer)],
      path.join(dir, 'root'),
    );
    expect(await fs.readFile(path.join(dir, 'root', 'a'), 'utf8')).toBe('upper');
    expect(await fs.readdir(path.join(dir, 'root'))).toEqual(['a']);
    expect(result.entries).toBe(4);
  });

  it('accepts a tar that ends right after its last entry, without end-of-archive blocks (as umoci 0.4 writes)', async () => {
    const full = await rawTar([
      { name: 'dir/', type: 'directory' },
      { name: 'dir/file', content: 'abc' },
    ]);
    const truncated = full.subarray(0, 512 * 2 + 3); // two headers and the 3 data bytes, no padding, no end blocks
    await unpackImage([layer(gzipSync(truncated))], path.join(dir, 'root'));
    expect(await fs.readFile(path.join(dir, 'root', 'dir', 'file'), 'utf8')).toBe('abc');
  });

  it('fails on a layer whose bytes do not match its digest', async () => {
    const bytes = gzipSync(await rawTar([{ name: 'x', content: 'x' }]));
    const wrongDigest = sha256Digest('something else');
    await expect(
      unpackImage([layer(bytes, MediaType.ociLayerGzip, wrongDigest)], path.join(dir, 'root')),
    ).rejects.toBeInstanceOf(DigestMismatchError);
  });

  it('refuses zstd layers and non-layer media types by name', async () => {
    const bytes = Buffer.from('x');
    await expect(unpackImage([layer(bytes, MediaType.ociLayerZstd)], path.join(dir, 'root'))).rejects.toThrow(
      'zstd layers are not supported',
    );
    await expect(unpackImage([layer(bytes, 'application/json')], path.join(dir, 'root'))).rejects.toThrow(
      'unsupported layer media type "application/json"',
    );
  });
});
