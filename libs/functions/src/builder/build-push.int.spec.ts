import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RegistryClient, type ImageIndex, type ImageManifest } from '@kuack/oci';
import { requireServices } from '@kuack/testenv';
import { createFunction, templateNames, templatesDir } from '../templates';
import { buildFunction } from './build-function';
import { pushFunctionImage } from './publish-image';
import { writeFixtureFunction } from './testing/fixture-function';
import { pushStandInBase } from './testing/stand-in-base';

const exec = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../../..');
jest.setTimeout(180_000);

let registry: string;
let authRegistry: string;
let authUser: string;
let authPassword: string;
let base: string;
let cacheDir: string;
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const roots: string[] = [];

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run \`npm run testenv -- up registry tools\` and export what \`npm run testenv -- env\` prints`,
    );
  return value;
}

async function run(command: string, args: string[]): Promise<string> {
  try {
    return (await exec(command, args, { maxBuffer: 64 << 20, env: process.env })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

async function fixture(options: Parameters<typeof writeFixtureFunction>[0] = {}): Promise<string> {
  const root = await writeFixtureFunction(options);
  roots.push(root);
  return root;
}

async function registryManifests(image: string): Promise<{ index: ImageIndex; manifests: ImageManifest[] }> {
  const [host, ...rest] = image.split('/');
  const repository = rest.join('/').replace(/:[^:]+$/, '');
  const client = new RegistryClient(host!, undefined);
  try {
    const root = await client.getManifest(repository, 'latest');
    const index = JSON.parse(root.bytes.toString('utf8')) as ImageIndex;
    const manifests = await Promise.all(
      index.manifests.map(
        async (d) =>
          JSON.parse(
            (await client.getManifest(repository, d.digest)).bytes.toString('utf8'),
          ) as ImageManifest,
      ),
    );
    return { index, manifests };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  await requireServices(['registry', 'tools']);
  registry = env('OCI_REGISTRY');
  authRegistry = env('OCI_REGISTRY_AUTH');
  authUser = env('OCI_REGISTRY_AUTH_USER');
  authPassword = env('OCI_REGISTRY_AUTH_PASSWORD');
  cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-int-cache-'));
  base = (await pushStandInBase(registry, `kuack-fn-test/node-${suffix}`)).reference;
}, 900_000);

afterAll(async () => {
  for (const dir of [cacheDir, ...roots]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const TEMPLATES: Array<[string, string]> = (['node', 'typescript'] as const).flatMap((language) =>
  templateNames(templatesDir(REPO_ROOT), language).map((template): [string, string] => [language, template]),
);

describe.each(TEMPLATES)('the %s/%s template built on the stand-in base and pushed', (language, template) => {
  it('is a two-platform index that skopeo and umoci read, rebuilt identically and incrementally', async () => {
    const name = `${language.slice(0, 2)}-${template}-${suffix}`;
    const root = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-tpl-')), name);
    roots.push(path.dirname(root));
    createFunction({ root, language, template, templatesRoot: templatesDir(REPO_ROOT) });
    const main = (JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as { main: string })
      .main;
    const image = `${registry}/kuack-fn-test/${name}:latest`;
    const built = await buildFunction({ root, image, baseImage: base, cacheDir });
    const pushed = await pushFunctionImage(built.layoutDir, image);
    expect(pushed.pinned).toBe(`${registry}/kuack-fn-test/${name}@${built.digest}`);

    const raw = JSON.parse(
      await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${image}`]),
    ) as ImageIndex;
    expect(raw.manifests.map((m) => `${m.platform!.os}/${m.platform!.architecture}`)).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);

    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-umoci-'));
    roots.push(work);
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--override-arch',
      'arm64',
      `docker://${image}`,
      `oci:${work}/layout:fn`,
    ]);
    await run('umoci', ['unpack', '--rootless', '--image', `${work}/layout:fn`, `${work}/bundle`]);
    const rootfs = path.join(work, 'bundle', 'rootfs');
    expect(await fs.readFile(path.join(rootfs, 'func', main), 'utf8')).toMatch(/handle|create|export/);
    expect(await fs.readFile(path.join(rootfs, 'func', 'func.yaml'), 'utf8')).toContain(`name: ${name}`);
    expect(await fs.readFile(path.join(rootfs, 'usr/local/bin/node'), 'utf8')).toContain('node for arm64');
    expect((await fs.stat(path.join(rootfs, 'kuack/runtime.js'))).size).toBeGreaterThan(1000);
    await expect(fs.access(path.join(rootfs, 'func/.func'))).rejects.toThrow();
    const runtimeSpec = JSON.parse(await fs.readFile(path.join(work, 'bundle', 'config.json'), 'utf8')) as {
      process: { args: string[]; cwd: string; env: string[]; user: { uid: number; gid: number } };
    };
    expect(runtimeSpec.process.args).toEqual(['node', '/kuack/runtime.js']);
    expect(runtimeSpec.process.cwd).toBe('/func/');
    expect(runtimeSpec.process.env).toEqual(
      expect.arrayContaining([
        'PATH=/usr/local/bin:/usr/bin:/bin',
        'NODE_VERSION=20.20.0',
        'NODE_ENV=production',
      ]),
    );

    const before = await registryManifests(image);
    const again = await buildFunction({ root, image, baseImage: base, cacheDir });
    expect(again.digest).toBe(built.digest);
    expect(again.layers).toEqual({ runtime: 'reused', dependencies: 'none', function: 'reused' });
    const repushed = await pushFunctionImage(again.layoutDir, image);
    expect(repushed.blobs).toMatchObject({ uploaded: 0 });

    const source = language === 'typescript' ? 'src/index.ts' : 'index.js';
    await fs.appendFile(path.join(root, source), '// one more line\n');
    const changed = await buildFunction({ root, image, baseImage: base, cacheDir });
    expect(changed.layers).toEqual({ runtime: 'reused', dependencies: 'none', function: 'built' });
    const uploads = await pushFunctionImage(changed.layoutDir, image);
    expect(uploads.blobs!.uploaded).toBe(3); // the function layer and one config per platform
    const after = await registryManifests(image);
    for (const [i, manifest] of after.manifests.entries()) {
      const old = before.manifests[i]!.layers;
      expect(manifest.layers.slice(0, -1)).toEqual(old.slice(0, -1));
      expect(manifest.layers.at(-1)!.digest).not.toBe(old.at(-1)!.digest);
    }
  });
});

describe('dependencies layer', () => {
  it('installs production dependencies from the lockfile once and reuses them', async () => {
    const root = await fixture({
      name: 'with-deps',
      files: {
        'package.json': JSON.stringify({
          name: 'with-deps',
          version: '1.0.0',
          main: 'index.js',
          dependencies: { ms: '2.1.3' },
        }),
        'index.js': "const ms = require('ms');\nexports.handle = async () => String(ms('1m'));\n",
      },
    });
    // The lockfile, from npm's cache when it has the package (the monorepo depends on ms 2.1.3).
    await run('npm', [
      'install',
      '--package-lock-only',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      root,
    ]);
    const image = `${registry}/kuack-fn-test/with-deps-${suffix}:latest`;
    const first = await buildFunction({ root, image, baseImage: base, cacheDir });
    expect(first.layers.dependencies).toBe('built');
    await pushFunctionImage(first.layoutDir, image);
    const { manifests } = await registryManifests(image);
    expect(manifests[0]!.layers).toHaveLength(5); // 2 base + runtime + dependencies + function

    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-umoci-'));
    roots.push(work);
    await run('skopeo', ['copy', '--src-tls-verify=false', `docker://${image}`, `oci:${work}/layout:fn`]);
    await run('umoci', ['unpack', '--rootless', '--image', `${work}/layout:fn`, `${work}/bundle`]);
    const pkg = JSON.parse(
      await fs.readFile(path.join(work, 'bundle/rootfs/func/node_modules/ms/package.json'), 'utf8'),
    ) as { version: string };
    expect(pkg.version).toBe('2.1.3');

    await fs.appendFile(path.join(root, 'index.js'), '// changed\n');
    const second = await buildFunction({ root, image, baseImage: base, cacheDir });
    expect(second.layers).toEqual({ runtime: 'reused', dependencies: 'reused', function: 'built' });
  });
});

describe('the Basic-auth registry', () => {
  it('takes the push with the right password and refuses a wrong one with a 401 naming the registry', async () => {
    const root = await fixture({ name: 'auth' });
    const image = `${authRegistry}/kuack-fn-test/auth-${suffix}:latest`;
    const built = await buildFunction({ root, image, baseImage: base, cacheDir });
    const pushed = await pushFunctionImage(built.layoutDir, image, {
      credentials: { username: authUser, password: authPassword },
    });
    expect(pushed.digest).toBe(built.digest);
    const err = await pushFunctionImage(built.layoutDir, image, {
      credentials: { username: authUser, password: 'wrong' },
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      new RegExp(`failed at registry ${authRegistry.replace(/\./g, '\\.')}.*HTTP 401 unauthorized`),
    );
  });
});
