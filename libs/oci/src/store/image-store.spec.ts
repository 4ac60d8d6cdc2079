import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { Annotation } from '../annotations';
import { writeImageManifest, writeLayer } from '../image-writer';
import { OciLayout } from '../layout/oci-layout';
import { writeSampleImage } from '../testing/sample-image';
import { ImageStore } from './image-store';

let work: string;
beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-store-'));
});
afterEach(() => fs.rm(work, { recursive: true, force: true }));

async function storeWithImage(content = 'one') {
  const store = await ImageStore.open(path.join(work, 'store'));
  const ingest = await store.beginIngest();
  const layer = await writeLayer(ingest.blobs, [{ type: 'file', path: 'f', content }]);
  const manifest = await writeImageManifest(ingest.blobs, {
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [layer],
  });
  return { store, ingest, layer, manifest };
}

describe('ImageStore', () => {
  it('is an OCI layout whose index.json carries the tags', async () => {
    const { store, ingest, manifest } = await storeWithImage();
    expect(await store.list()).toEqual([]);
    expect(await store.blobs.list()).toEqual([]); // staged blobs are invisible until committed
    await ingest.commit('example.com/app:v1', manifest);
    const layout = await OciLayout.open(store.root);
    const index = await layout.readIndex();
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]!.annotations?.[Annotation.refName]).toBe('example.com/app:v1');
    expect((await store.list()).map((i) => [i.name, i.descriptor.digest])).toEqual([
      ['example.com/app:v1', manifest.digest],
    ]);
    expect((await store.resolve(manifest.digest))?.digest).toBe(manifest.digest);
    expect((await store.resolve(`example.com/app@${manifest.digest}`))?.digest).toBe(manifest.digest);
    expect(await store.resolve(`example.com/app@sha256:${'0'.repeat(64)}`)).toBeUndefined();
    await store.tag('example.com/app:latest', manifest);
    expect((await store.list()).map((i) => i.name)).toEqual(['example.com/app:latest', 'example.com/app:v1']);
    await expect(fs.readdir(path.join(store.root, 'ingest'))).resolves.toEqual([]);
  });

  it('rm removes a tag; gc deletes only blobs no tag reaches', async () => {
    const { store, ingest, manifest, layer } = await storeWithImage();
    await ingest.commit('a:1', manifest);
    const firstImageBlobs = await store.blobs.list();
    expect(firstImageBlobs).toContain(layer.descriptor.digest);
    const second = await storeWithImage('two');
    await second.ingest.commit('b:1', second.manifest);
    await store.tag('a:2', manifest);
    const before = await store.blobs.list();
    expect(before).toHaveLength(6);

    expect(await store.remove('a:1')).toBe(true);
    expect(await store.remove('a:1')).toBe(false);
    expect((await store.gc()).deleted).toEqual([]); // a:2 still holds the image

    expect(await store.remove('a:2')).toBe(true);
    const { deleted, freedBytes } = await store.gc();
    expect(deleted.sort()).toEqual(firstImageBlobs.sort());
    expect(freedBytes).toBeGreaterThan(0);
    expect(await store.blobs.has(manifest.digest)).toBe(false);
    expect(await store.blobs.has(second.manifest.digest)).toBe(true);
    expect(await store.blobs.has(second.layer.descriptor.digest)).toBe(true);
    await expect(store.resolveImage('b:1')).resolves.toMatchObject({
      manifestDescriptor: { digest: second.manifest.digest },
    });
  });

  it('resolves the host or a chosen platform from a multi-platform index, and explains a missing one', async () => {
    const store = await ImageStore.open(path.join(work, 'store'));
    const ingest = await store.beginIngest();
    const image = await writeSampleImage(ingest.blobs, { payloadBytes: 100 });
    await ingest.commit('multi:1', image.index);
    const arm = await store.resolveImage('multi:1', { os: 'linux', architecture: 'arm64' });
    expect(arm.manifestDescriptor.digest).toBe(image.manifests[1]!.digest);
    expect(arm.config.architecture).toBe('arm64');
    expect(arm.layers).toHaveLength(2);
    await expect(store.resolveImage('multi:1', { os: 'linux', architecture: 's390x' })).rejects.toThrow(
      'image "multi:1" has no manifest for linux/s390x (it has: linux/amd64, linux/arm64/v8)',
    );
    await expect(store.resolveImage('nope:1')).rejects.toThrow('image "nope:1" is not in the store');
  });

  it('refuses to tag an image whose blobs are missing', async () => {
    const { store, manifest } = await storeWithImage();
    await expect(store.tag('x:1', manifest)).rejects.toThrow(`blob ${manifest.digest} is not in the store`);
  });

  it('two processes tagging into one store at once lose no tag', async () => {
    const bundle = path.join(work, 'oci.cjs');
    await build({
      entryPoints: [path.join(__dirname, '..', 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    const storeRoot = path.join(work, 'shared-store');
    const script = `
      const oci = require(${JSON.stringify(bundle)});
      (async () => {
        const store = await oci.ImageStore.open(${JSON.stringify(storeRoot)});
        for (let i = 0; i < 25; i++) {
          const ingest = await store.beginIngest();
          const layer = await oci.writeLayer(ingest.blobs, [{ type: 'file', path: 'f', content: process.argv[1] + i }]);
          const m = await oci.writeImageManifest(ingest.blobs, { platform: { os: 'linux', architecture: 'amd64' }, layers: [layer] });
          await ingest.commit('p' + process.argv[1] + ':' + i, m);
          if (i % 5 === 4) await store.gc();
        }
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = promisify(execFile);
    await Promise.all(['a', 'b'].map((who) => run(process.execPath, ['-e', script, who])));
    const store = await ImageStore.open(storeRoot);
    const names = (await store.list()).map((i) => i.name);
    expect(names).toHaveLength(50);
    for (const name of names) {
      const resolved = await store.resolveImage(name, { os: 'linux', architecture: 'amd64' });
      expect(await store.blobs.has(resolved.layers[0]!.descriptor.digest)).toBe(true);
    }
  }, 30_000);
});
