import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DigestMismatchError, sha256Digest, SizeMismatchError } from '../digest';
import { OciLayout } from './oci-layout';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-layout-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('OciLayout', () => {
  it('creates oci-layout, index.json and blobs/sha256, and reopens them', async () => {
    const layout = await OciLayout.create(dir);
    expect(JSON.parse(await fs.readFile(path.join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    expect(await layout.readIndex()).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [],
    });
    await expect(OciLayout.open(dir)).resolves.toBeInstanceOf(OciLayout);
    await expect(OciLayout.open(path.join(dir, 'blobs'))).rejects.toThrow(
      `${path.join(dir, 'blobs', 'oci-layout')}: not an OCI image layout`,
    );
  });

  it('stores a blob under its digest and verifies it while streaming', async () => {
    const layout = await OciLayout.create(dir);
    const data = Buffer.from('hello blob');
    const digest = sha256Digest(data);
    const info = await layout.blobs.write(Readable.from([data.subarray(0, 3), data.subarray(3)]), {
      digest,
      size: data.length,
    });
    expect(info).toEqual({ digest, size: data.length });
    expect(await fs.readFile(path.join(dir, 'blobs', 'sha256', digest.slice(7)), 'utf8')).toBe('hello blob');
  });

  it('a blob that does not match its digest or size leaves nothing behind', async () => {
    const layout = await OciLayout.create(dir);
    const good = Buffer.from('expected content');
    const bad = Buffer.from('expected c0ntent');
    await expect(
      layout.blobs.write(bad, { digest: sha256Digest(good), size: good.length }, 'test blob'),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    await expect(
      layout.blobs.write(Buffer.from('longer than said'), { digest: sha256Digest(good), size: 3 }),
    ).rejects.toBeInstanceOf(SizeMismatchError);
    expect(await layout.blobs.list()).toEqual([]);
    expect(await fs.readdir(layout.blobs.tempDir)).toEqual([]);
  });

  it('tags by org.opencontainers.image.ref.name, replacing an older entry of the same name', async () => {
    const layout = await OciLayout.create(dir);
    const a = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest('a'), size: 1 };
    const b = { ...a, digest: sha256Digest('b') };
    await layout.tag(a, 'v1');
    await layout.tag(b, 'v1');
    await layout.tag(a, 'v0');
    expect((await layout.readIndex()).manifests.map((m) => [m.digest, m.annotations])).toEqual([
      [b.digest, { 'org.opencontainers.image.ref.name': 'v1' }],
      [a.digest, { 'org.opencontainers.image.ref.name': 'v0' }],
    ]);
    expect((await layout.resolve('v1'))?.digest).toBe(b.digest);
  });

  it('refuses an index.json with a bad descriptor, naming the field', async () => {
    const layout = await OciLayout.create(dir);
    await fs.writeFile(
      layout.indexPath,
      JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'x', digest: 'sha256:zz', size: 1 }] }),
    );
    await expect(layout.readIndex()).rejects.toThrow('manifests[0].digest: "sha256:zz" is not a');
  });
});
