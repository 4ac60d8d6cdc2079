import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../program';
import { captureCli as capture } from '../testing/capture-cli';

// The CLI loads @kuack/oci lazily; the tests do too (static imports of lazy libraries are forbidden).
let oci: typeof import('@kuack/oci');
beforeAll(async () => {
  oci = await import('@kuack/oci');
});

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-cli-image-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

async function seedStore() {
  const store = await oci.ImageStore.open(dir);
  const ingest = await store.beginIngest();
  const manifests = [];
  for (const architecture of ['amd64', 'arm64']) {
    const layer = await oci.writeLayer(ingest.blobs, [{ type: 'file', path: 'arch', content: architecture }]);
    manifests.push(
      await oci.writeImageManifest(ingest.blobs, {
        platform: { os: 'linux', architecture },
        layers: [layer],
      }),
    );
  }
  const index = await oci.writeImageIndex(ingest.blobs, manifests);
  await ingest.commit('example.com/team/app:v1', index);
  return { store, index, manifests };
}

describe('kuack image (store commands)', () => {
  it('ls lists tags; inspect shows the platform manifest and config; rm untags and collects garbage', async () => {
    const { index, manifests } = await seedStore();
    const ls = capture();
    expect(await runCli(['image', 'ls', '--store', dir, '-o', 'json'], ls.ctx)).toBe(0);
    expect(JSON.parse(ls.out())).toEqual([
      { name: 'example.com/team/app:v1', mediaType: index.mediaType, digest: index.digest, size: index.size },
    ]);

    const table = capture();
    await runCli(['image', 'ls', '--store', dir], table.ctx);
    expect(table.out().split('\n')[1]).toMatch(
      /^example\.com\/team\/app:v1 +sha256:[a-f0-9]{12} +index +\d+$/,
    );

    const inspect = capture();
    expect(
      await runCli(
        ['image', 'inspect', 'example.com/team/app:v1', '--store', dir, '--platform', 'linux/arm64'],
        inspect.ctx,
      ),
    ).toBe(0);
    const shown = JSON.parse(inspect.out()) as { manifestDigest: string; config: { architecture: string } };
    expect(shown.manifestDigest).toBe(manifests[1]!.digest);
    expect(shown.config.architecture).toBe('arm64');

    const rm = capture();
    expect(await runCli(['image', 'rm', 'example.com/team/app:v1', '--store', dir], rm.ctx)).toBe(0);
    expect(rm.out()).toBe(
      'untagged example.com/team/app:v1\ndeleted 7 blobs (' +
        rm.out().match(/\((\d+) bytes/)![1] +
        ' bytes)\n',
    );
    const store = await oci.ImageStore.open(dir);
    expect(await store.blobs.list()).toEqual([]);
  });

  it('clear errors for a missing image and a bad platform', async () => {
    await seedStore();
    const missing = capture();
    expect(await runCli(['image', 'inspect', 'nope', '--store', dir], missing.ctx)).toBe(1);
    expect(missing.err()).toBe(`kuack: image "nope" is not in the store ${dir}\n`);
    const bad = capture();
    expect(
      await runCli(
        ['image', 'inspect', 'example.com/team/app:v1', '--store', dir, '--platform', 'linux'],
        bad.ctx,
      ),
    ).toBe(2);
    expect(bad.err()).toContain('--platform: platform "linux" must be os/architecture');
    const rm = capture();
    expect(await runCli(['image', 'rm', 'ghost:1', '--store', dir, '--no-prune'], rm.ctx)).toBe(1);
    expect(rm.err()).toBe(`kuack: not in the store ${dir}: ghost:1\n`);
  });
});
