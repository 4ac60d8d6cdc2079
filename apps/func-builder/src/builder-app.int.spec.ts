import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pushStandInBase } from '@kuack/functions';
import { createLogger } from '@kuack/observability';
import { RegistryClient, type ImageIndex } from '@kuack/oci';
import { requireServices } from '@kuack/testenv';
import { createBuilderApp, listen } from './builder-app';
import { HELLO_FUNCTION, sourceTarball } from './testing/source-tarball';

jest.setTimeout(180_000);

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run \`npm run testenv -- up registry\` and export what \`npm run testenv -- env\` prints`,
    );
  return value;
}

const suffix = `${process.pid}-${Date.now().toString(36)}`;
let server: Server;
let url: string;
let authRegistry: string;
let credentials: { username: string; password: string };
let dirs: string[] = [];

beforeAll(async () => {
  await requireServices(['registry']);
  const registry = env('OCI_REGISTRY');
  authRegistry = env('OCI_REGISTRY_AUTH');
  credentials = { username: env('OCI_REGISTRY_AUTH_USER'), password: env('OCI_REGISTRY_AUTH_PASSWORD') };
  const base = await pushStandInBase(registry, `kuack-func-builder-test/node-${suffix}`);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-func-builder-'));
  const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-func-builder-cache-'));
  dirs = [workDir, cacheDir];
  const { app } = createBuilderApp({
    settings: {
      host: '127.0.0.1',
      port: 0,
      token: 'int-token',
      registry: `${authRegistry}/kuack-func-builder-test`,
      registryUsername: credentials.username,
      registryPassword: credentials.password,
      insecureRegistry: false,
      baseImage: base.reference,
      maxSourceBytes: 8 << 20,
      concurrency: 1,
      maxQueued: 4,
      workDir,
      cacheDir,
    },
    logger: createLogger({ name: 'func-builder-int', level: 'silent' }),
  });
  server = await listen(app, '127.0.0.1', 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/builds`;
}, 900_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('func-builder against the Basic-auth registry', () => {
  it('builds an uploaded function and pushes a two-platform image with its credentials', async () => {
    const name = `hello-${suffix}`;
    const body = await sourceTarball({
      ...HELLO_FUNCTION,
      'func.yaml': HELLO_FUNCTION['func.yaml']!.replace('hello-remote', name),
    });
    const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer int-token' }, body });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            log?: string;
            result?: { image: string; digest: string; pinned: string };
            error?: string;
          },
      );
    const last = lines.at(-1)!;
    expect(last.error).toBeUndefined();
    expect(lines.some((l) => l.log?.startsWith('function layer'))).toBe(true);
    const repository = `kuack-func-builder-test/${name}`;
    expect(last.result).toMatchObject({
      image: `${authRegistry}/${repository}:latest`,
      pinned: `${authRegistry}/${repository}@${last.result!.digest}`,
    });

    const client = await RegistryClient.create(authRegistry, { credentials });
    try {
      const pushed = await client.getManifest(repository, 'latest');
      expect(pushed.digest).toBe(last.result!.digest);
      const index = JSON.parse(pushed.bytes.toString('utf8')) as ImageIndex;
      expect(index.manifests.map((m) => m.platform!.architecture)).toEqual(['amd64', 'arm64']);
    } finally {
      await client.close();
    }
  });

  it('reports a function without func.yaml as the error line', async () => {
    const body = await sourceTarball({ 'index.js': 'exports.handle = () => 1;\n' });
    const res = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer int-token' }, body });
    const last = JSON.parse((await res.text()).trim().split('\n').at(-1)!) as { error?: string };
    expect(last.error).toMatch(/no function here: .* has no func\.yaml/);
  });
});
