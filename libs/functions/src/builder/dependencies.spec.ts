import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installDependencies, nativeCandidates, platformsMatchHost } from './dependencies';
import { writeFixtureFunction } from './testing/fixture-function';

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };

describe('nativeCandidates', () => {
  it('lists production packages with install scripts', () => {
    expect(
      nativeCandidates({
        packages: {
          '': { hasInstallScript: true },
          'node_modules/bcrypt': { hasInstallScript: true },
          'node_modules/a/node_modules/sharp': { hasInstallScript: true },
          'node_modules/esbuild': { hasInstallScript: true, dev: true },
          'node_modules/ms': {},
        },
      }),
    ).toEqual(['bcrypt', 'sharp']);
  });
});

describe('platformsMatchHost', () => {
  it.each([
    [[amd64], amd64, true],
    [[amd64, arm64], amd64, false],
    [[arm64], amd64, false],
  ])('%j on %j → %s', (targets, host, expected) => {
    expect(platformsMatchHost(targets, host)).toBe(expected);
  });
});

describe('installDependencies', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-deps-'));
  });
  afterAll(() => fs.rm(cacheDir, { recursive: true, force: true }));

  it('needs no lockfile without dependencies', async () => {
    const root = await writeFixtureFunction();
    await expect(installDependencies(root, cacheDir, [amd64], amd64)).resolves.toBeUndefined();
  });

  it('refuses a native addon for a platform other than this machine, before installing anything', async () => {
    const root = await writeFixtureFunction({
      files: {
        'package.json': JSON.stringify({ name: 'n', dependencies: { bcrypt: '5.1.1' } }),
        'package-lock.json': JSON.stringify({
          lockfileVersion: 3,
          packages: {
            '': { dependencies: { bcrypt: '5.1.1' } },
            'node_modules/bcrypt': { version: '5.1.1', hasInstallScript: true },
          },
        }),
      },
    });
    await expect(installDependencies(root, cacheDir, [amd64, arm64], amd64)).rejects.toThrow(
      'dependency bcrypt runs an install script (a native addon?) that would be built for linux/amd64, not for linux/amd64 and linux/arm64: build with --platform linux/amd64 or drop the dependency',
    );
  });

  it('names the lockfile when it is not JSON or too old', async () => {
    const bad = await writeFixtureFunction({
      files: {
        'package.json': JSON.stringify({ name: 'n', dependencies: { ms: '2.1.3' } }),
        'package-lock.json': '{ nope',
      },
    });
    await expect(installDependencies(bad, cacheDir, [amd64], amd64)).rejects.toThrow(
      /package-lock\.json: invalid JSON/,
    );
    const old = await writeFixtureFunction({
      files: {
        'package.json': JSON.stringify({ name: 'n', dependencies: { ms: '2.1.3' } }),
        'package-lock.json': '{"lockfileVersion":1}',
      },
    });
    await expect(installDependencies(old, cacheDir, [amd64], amd64)).rejects.toThrow(
      /lockfileVersion 1 has no "packages"; regenerate it/,
    );
  });
});
