import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImageStore, writeImageManifest, writeLayer } from '@kuack/oci';
import { resolveImageDigest } from './digest';
import { ociDigestSource } from './oci-digest-source';

let work: string;
beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-digest-'));
});
afterEach(() => fs.rm(work, { recursive: true, force: true }));

test('an image in the local store is pinned to its digest, and the store runs the pinned reference', async () => {
  const store = await ImageStore.open(path.join(work, 'store'));
  const ingest = await store.beginIngest();
  const layer = await writeLayer(ingest.blobs, [{ type: 'file', path: 'app.js', content: 'ok' }]);
  const manifest = await writeImageManifest(ingest.blobs, {
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [layer],
  });
  await ingest.commit('registry.example.com/team/app:v1', manifest);

  const source = ociDigestSource({ store });
  const options = { registriesSkippingTagResolving: [], timeoutMs: 1000 };
  const pinned = await resolveImageDigest('registry.example.com/team/app:v1', source, options);
  expect(pinned).toBe(`registry.example.com/team/app@${manifest.digest}`);
  // What the node agent does with the Deployment's image: the store finds the pinned reference.
  expect((await store.resolve(pinned))?.digest).toBe(manifest.digest);
});
