import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireServices } from '@kuack/testenv';
import { runCli } from '../program';
import { captureCli as capture } from '../testing/capture-cli';

let registry: string, authRegistry: string, user: string, password: string;
beforeAll(async () => {
  // Starts the registries when this file runs alone; under npm test the global setup already did.
  await requireServices(['registry']);
  registry = requireEnv('OCI_REGISTRY');
  authRegistry = requireEnv('OCI_REGISTRY_AUTH');
  user = requireEnv('OCI_REGISTRY_AUTH_USER');
  password = requireEnv('OCI_REGISTRY_AUTH_PASSWORD');
}, 900_000);

// The CLI loads @kuack/oci lazily; the tests do too (static imports of lazy libraries are forbidden).
let oci: typeof import('@kuack/oci');
beforeAll(async () => {
  oci = await import('@kuack/oci');
});

// Real registries and subprocesses on a shared 2-core machine: generous, never a timing assertion.
jest.setTimeout(120_000);

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run \`npm run testenv -- up registry\` and export \`npm run testenv -- env\``,
    );
  return value;
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-cli-image-int-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('kuack image push/pull against the test registries', () => {
  it('pushes a layout, pulls it into a store, pushes it on to the Basic-auth registry; a wrong password is a clear 401', async () => {
    const layout = await oci.OciLayout.create(path.join(dir, 'layout'));
    const layer = await oci.writeLayer(layout.blobs, [{ type: 'file', path: 'hello', content: 'cli' }]);
    const manifest = await oci.writeImageManifest(layout.blobs, {
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [layer],
    });
    await layout.tag(manifest, 'v1');
    const repo = `kuack-cli-test/img-${process.pid}-${Date.now().toString(36)}`;
    const ref = `${registry}/${repo}:v1`;

    const push = capture();
    expect(await runCli(['image', 'push', 'v1', ref, '--layout', layout.root], push.ctx)).toBe(0);
    expect(push.out()).toBe(
      `pushed ${ref}@${manifest.digest} (blobs: 2 uploaded, 0 already there, 0 mounted)\n`,
    );

    const store = path.join(dir, 'store');
    const pull = capture();
    expect(
      await runCli(['image', 'pull', ref, '--store', store, '--platform', 'linux/amd64'], pull.ctx),
    ).toBe(0);
    expect(pull.out()).toMatch(
      new RegExp(`^pulled ${ref.replace(/[.]/g, '\\.')} ${manifest.digest} \\(\\d+ bytes fetched`),
    );
    expect((await (await oci.ImageStore.open(store)).list()).map((i) => i.descriptor.digest)).toEqual([
      manifest.digest,
    ]);

    const authRef = `${authRegistry}/${repo}:v1`;
    const authPush = capture();
    const code = await runCli(
      ['image', 'push', ref, authRef, '--store', store, '--username', user, '--password', password],
      authPush.ctx,
    );
    expect(authPush.err()).toBe('');
    expect(code).toBe(0);
    expect(authPush.out()).toContain(`pushed ${authRef}@${manifest.digest}`);

    const wrong = capture();
    expect(
      await runCli(
        ['image', 'pull', authRef, '--store', store, '--username', user, '--password', 'wrong'],
        wrong.ctx,
      ),
    ).toBe(1);
    expect(wrong.err()).toContain(`registry ${authRegistry}, ${repo}:v1: HTTP 401 unauthorized`);
  });
});
