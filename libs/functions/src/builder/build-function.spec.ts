import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OciLayout, type ImageConfig, type ImageIndex, type ImageManifest } from '@kuack/oci';
import { FunctionBuildError } from './build-error';
import { buildFunction, DEFAULT_PLATFORMS } from './build-function';
import { writeFixtureFunction } from './testing/fixture-function';
import { listLayerPaths } from './testing/layer-paths';

let cacheDir: string;
beforeAll(async () => {
  cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-cache-'));
});
afterAll(async () => {
  await fs.rm(cacheDir, { recursive: true, force: true });
});

async function readImage(layoutDir: string, image: string) {
  const layout = await OciLayout.open(layoutDir);
  const indexDescriptor = (await layout.resolve(image))!;
  const index = (await layout.readJson<ImageIndex>(indexDescriptor)).document;
  const manifests = await Promise.all(
    index.manifests.map(async (d) => (await layout.readJson<ImageManifest>(d)).document),
  );
  const configs = await Promise.all(
    manifests.map(async (m) => (await layout.readJson<ImageConfig>(m.config)).document),
  );
  return { index, manifests, configs };
}

describe('buildFunction (local mode: no base image)', () => {
  it('builds a JavaScript function deterministically and incrementally', async () => {
    const root = await writeFixtureFunction();
    const first = await buildFunction({ root, cacheDir, platforms: DEFAULT_PLATFORMS });
    expect(first.image).toBe('kuack.local/hello:latest');
    expect(first.manifests.map((m) => m.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(first.layers).toEqual({ runtime: 'built', dependencies: 'none', function: 'built' });
    expect((await fs.readFile(path.join(root, '.func/built-image'), 'utf8')).trim()).toBe(
      'kuack.local/hello:latest',
    );
    expect((await fs.readFile(path.join(root, '.func/built-hash'), 'utf8')).trim()).toBe(first.fingerprint);

    const { manifests, configs } = await readImage(first.layoutDir, first.image);
    expect(manifests[0]!.layers).toHaveLength(2); // runtime + function
    expect(configs[0]!.config).toMatchObject({
      User: '1000:1000',
      WorkingDir: '/func/',
      ExposedPorts: { '8080/tcp': {} },
      Entrypoint: ['node', '/kuack/runtime.js'],
    });
    expect(configs[0]!.config!.Env).toEqual([
      'NODE_ENV=production',
      'FUNC_CREATED=2026-11-30T08:00:00Z',
      'GREETING=hi',
    ]);
    expect(configs.map((c) => c.architecture)).toEqual(['amd64', 'arm64']);
    expect(first.warnings).toContain(
      'run.envs TOKEN: a template, set when the function is deployed, not in the image',
    );

    const again = await buildFunction({ root, cacheDir, platforms: DEFAULT_PLATFORMS });
    expect(again.digest).toBe(first.digest);
    expect(again.layers).toEqual({ runtime: 'reused', dependencies: 'none', function: 'reused' });

    // A fresh copy elsewhere (no .func cache) gives the same digest: determinism, not caching.
    const copy = await writeFixtureFunction();
    expect((await buildFunction({ root: copy, cacheDir, platforms: DEFAULT_PLATFORMS })).digest).toBe(
      first.digest,
    );

    await fs.writeFile(path.join(root, 'index.js'), `exports.handle = async () => 'changed';\n`);
    const changed = await buildFunction({ root, cacheDir, platforms: DEFAULT_PLATFORMS });
    expect(changed.digest).not.toBe(first.digest);
    expect(changed.layers).toEqual({ runtime: 'reused', dependencies: 'none', function: 'built' });
    const after = await readImage(changed.layoutDir, changed.image);
    expect(after.manifests[0]!.layers[0]).toEqual(manifests[0]!.layers[0]);
    expect(after.manifests[0]!.layers[1]!.digest).not.toBe(manifests[0]!.layers[1]!.digest);
  });

  it('compiles TypeScript with the function tsconfig into the function layer, leaving the folder untouched', async () => {
    const root = await writeFixtureFunction({ typescript: true });
    const result = await buildFunction({ root, cacheDir });
    expect(result.manifests).toHaveLength(1);
    await expect(fs.access(path.join(root, 'build'))).rejects.toThrow();
    const layout = await OciLayout.open(result.layoutDir);
    const { manifests } = await readImage(result.layoutDir, result.image);
    const paths = await listLayerPaths(layout.blobs.pathOf(manifests[0]!.layers[1]!.digest));
    expect(paths).toEqual(
      expect.arrayContaining([
        'func/',
        'func/build/index.js',
        'func/src/index.ts',
        'func/func.yaml',
        'func/tsconfig.json',
      ]),
    );
    expect(paths).not.toContain('func/test/index.test.js');
    expect(paths).not.toContain('func/debug.log');
  });

  it('fails with one-line errors for a missing func.yaml, a missing lockfile and a TypeScript syntax error', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-empty-'));
    await expect(buildFunction({ root: empty, cacheDir })).rejects.toThrow(
      /^no function here: .* has no func\.yaml \(create one with: kuack func create /,
    );

    const withDeps = await writeFixtureFunction({
      files: { 'package.json': JSON.stringify({ name: 'hello', dependencies: { ms: '2.1.3' } }) },
    });
    const err = await buildFunction({ root: withDeps, cacheDir }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(FunctionBuildError);
    expect((err as Error).message).toMatch(
      /lists dependencies \(ms\) but there is no package-lock\.json: run `npm install`/,
    );

    const broken = await writeFixtureFunction({
      typescript: true,
      files: { 'src/index.ts': 'export const handle = (;\n' },
    });
    await expect(buildFunction({ root: broken, cacheDir })).rejects.toThrow(
      /^TypeScript: .*src\/index\.ts:1:\d+: /,
    );
  });
});
