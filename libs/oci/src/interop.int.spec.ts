import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Annotation } from './annotations';
import { sha256Digest } from './digest';
import type { ImageIndex, ImageManifest } from './image.types';
import { writeImageManifest, writeLayer } from './image-writer';
import { OciLayout } from './layout/oci-layout';
import { MediaType } from './media-types';
import { parseReference } from './registry/reference';
import { RegistryClient } from './registry/registry-client';
import { ImageStore } from './store/image-store';
import { requireServices } from '@kuack/testenv';
import { requireEnv, uniqueRepository } from './testing/int-env';
import { writeSampleImage } from './testing/sample-image';
import { pullImage } from './transfer/pull';
import { pushImage } from './transfer/push';
import { unpackImage } from './unpack/unpack-image';

let registry: string;
beforeAll(async () => {
  // Starts the registries when this file runs alone; under npm test the global setup already did.
  await requireServices(['registry']);
  registry = requireEnv('OCI_REGISTRY');
}, 900_000);

// Real registries and subprocesses on a shared 2-core machine: generous, never a timing assertion.
jest.setTimeout(120_000);

const exec = promisify(execFile);

/** Runs an independent client; a failure carries its stderr. */
async function run(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(command, args, { maxBuffer: 64 << 20 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

let work: string;
let client: RegistryClient;
beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-oci-interop-'));
  client = new RegistryClient(registry, undefined);
});
afterEach(async () => {
  await client.close();
  await fs.rm(work, { recursive: true, force: true });
});

describe('interop with skopeo and umoci', () => {
  it('skopeo inspect and skopeo copy read the multi-platform image we pushed', async () => {
    const layout = await OciLayout.create(path.join(work, 'ours'));
    const image = await writeSampleImage(layout.blobs, { seed: 21 });
    const repository = uniqueRepository('skopeo-read');
    await pushImage(client, repository, layout.blobs, image.index, { tag: 'v1' });
    const ref = `docker://${registry}/${repository}:v1`;

    const raw = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', ref]);
    expect(sha256Digest(Buffer.from(raw, 'utf8'))).toBe(image.index.digest);
    const inspected = JSON.parse(
      await run('skopeo', [
        'inspect',
        '--tls-verify=false',
        '--override-os',
        'linux',
        '--override-arch',
        'arm64',
        ref,
      ]),
    ) as {
      Digest: string;
      Architecture: string;
      Layers: string[];
    };
    expect(inspected.Digest).toBe(image.index.digest); // skopeo reports the digest of what the tag names
    expect(inspected.Architecture).toBe('arm64');
    const armManifest = (await layout.readJson<ImageManifest>(image.manifests[1]!)).document;
    expect(inspected.Layers).toEqual(armManifest.layers.map((l) => l.digest));

    const copied = path.join(work, 'copied');
    await run('skopeo', ['copy', '--all', '--src-tls-verify=false', ref, `oci:${copied}:v1`]);
    const copiedLayout = await OciLayout.open(copied);
    expect((await copiedLayout.resolve('v1'))?.digest).toBe(image.index.digest);
    expect((await copiedLayout.blobs.list()).sort()).toEqual((await layout.blobs.list()).sort());
  });

  it('umoci unpacks a layout we wrote', async () => {
    const layout = await OciLayout.create(path.join(work, 'ours'));
    const base = await writeLayer(layout.blobs, [
      { type: 'file', path: 'app/main.js', content: 'console.log(1)\n', uid: 1000, gid: 1000 },
      { type: 'file', path: 'app/old.txt', content: 'old' },
      { type: 'symlink', path: 'app/current', target: 'main.js' },
    ]);
    const upper = await writeLayer(
      layout.blobs,
      [{ type: 'file', path: 'app/new.txt', content: 'new', mode: 0o600 }],
      { deleted: ['app/old.txt'] },
    );
    const manifest = await writeImageManifest(layout.blobs, {
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [base, upper],
      config: { Cmd: ['node', '/app/main.js'] },
    });
    await layout.tag(manifest, 'v1');

    const bundle = path.join(work, 'bundle');
    await run('umoci', ['unpack', '--rootless', '--image', `${layout.root}:v1`, bundle]);
    const rootfs = path.join(bundle, 'rootfs');
    expect(await fs.readFile(path.join(rootfs, 'app/main.js'), 'utf8')).toBe('console.log(1)\n');
    expect(await fs.readFile(path.join(rootfs, 'app/new.txt'), 'utf8')).toBe('new');
    expect((await fs.stat(path.join(rootfs, 'app/new.txt'))).mode & 0o777).toBe(0o600);
    expect(await fs.readlink(path.join(rootfs, 'app/current'))).toBe('main.js');
    await expect(fs.access(path.join(rootfs, 'app/old.txt'))).rejects.toThrow();
    const runtimeConfig = JSON.parse(await fs.readFile(path.join(bundle, 'config.json'), 'utf8')) as {
      process: { args: string[] };
    };
    expect(runtimeConfig.process.args).toEqual(['node', '/app/main.js']);
  });

  it('pulls and unpacks an image that umoci made and skopeo pushed', async () => {
    const umociLayout = path.join(work, 'umoci-layout');
    const tagged = `${umociLayout}:v1`;
    await run('umoci', ['init', '--layout', umociLayout]);
    await run('umoci', ['new', '--image', tagged]);
    const content = path.join(work, 'content');
    await fs.mkdir(path.join(content, 'srv'), { recursive: true });
    await fs.writeFile(path.join(content, 'srv', 'index.html'), '<h1>made by umoci</h1>\n');
    await fs.writeFile(path.join(content, 'srv', 'doomed'), 'x');
    await fs.symlink('index.html', path.join(content, 'srv', 'home.html'));
    await run('umoci', ['insert', '--rootless', '--image', tagged, path.join(content, 'srv'), '/srv']);
    await run('umoci', ['insert', '--rootless', '--image', tagged, '--whiteout', '/srv/doomed']);
    await run('umoci', [
      'config',
      '--image',
      tagged,
      '--config.env',
      'GREETING=hi',
      '--architecture',
      'amd64',
      '--os',
      'linux',
    ]);

    const repository = uniqueRepository('from-umoci');
    await run('skopeo', [
      'copy',
      '--dest-tls-verify=false',
      `oci:${tagged}`,
      `docker://${registry}/${repository}:v1`,
    ]);

    const umociIndex = JSON.parse(
      await fs.readFile(path.join(umociLayout, 'index.json'), 'utf8'),
    ) as ImageIndex;
    const umociManifest = umociIndex.manifests.find((m) => m.annotations?.[Annotation.refName] === 'v1')!;

    const store = await ImageStore.open(path.join(work, 'store'));
    const pulled = await pullImage(client, parseReference(`${registry}/${repository}:v1`), store, {
      platform: { os: 'linux', architecture: 'amd64' },
    });
    // skopeo copies an OCI image without conversion, so the manifest digest survives the trip.
    expect(pulled.descriptor.digest).toBe(umociManifest.digest);
    const image = await store.resolveImage(pulled.name, { os: 'linux', architecture: 'amd64' });
    expect(image.config.config?.Env).toContain('GREETING=hi');
    const rootfs = path.join(work, 'rootfs');
    await unpackImage(image.layers, rootfs);
    expect(await fs.readFile(path.join(rootfs, 'srv/index.html'), 'utf8')).toBe('<h1>made by umoci</h1>\n');
    expect(await fs.readlink(path.join(rootfs, 'srv/home.html'))).toBe('index.html');
    await expect(fs.access(path.join(rootfs, 'srv/doomed'))).rejects.toThrow();

    // The same image converted by skopeo to Docker schema2 media types: read and unpacked the same way.
    await run('skopeo', [
      'copy',
      '--format',
      'v2s2',
      '--dest-tls-verify=false',
      `oci:${tagged}`,
      `docker://${registry}/${repository}:docker`,
    ]);
    const dockerPulled = await pullImage(client, parseReference(`${registry}/${repository}:docker`), store, {
      platform: { os: 'linux', architecture: 'amd64' },
    });
    expect(dockerPulled.descriptor.mediaType).toBe(MediaType.dockerManifest);
    const dockerImage = await store.resolveImage(dockerPulled.name, { os: 'linux', architecture: 'amd64' });
    expect(dockerImage.manifest.config.mediaType).toBe(MediaType.dockerConfig);
    expect(dockerImage.layers.map((l) => l.descriptor.mediaType)).toEqual([
      MediaType.dockerLayerGzip,
      MediaType.dockerLayerGzip,
    ]);
    const dockerRootfs = path.join(work, 'rootfs-docker');
    await unpackImage(dockerImage.layers, dockerRootfs);
    expect(await fs.readFile(path.join(dockerRootfs, 'srv/index.html'), 'utf8')).toBe(
      '<h1>made by umoci</h1>\n',
    );
    await expect(fs.access(path.join(dockerRootfs, 'srv/doomed'))).rejects.toThrow();
  });
});
