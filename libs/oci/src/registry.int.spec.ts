import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Annotation } from './annotations';
import { DigestMismatchError, sha256Digest } from './digest';
import { writeImageManifest, writeJsonBlob, writeLayer } from './image-writer';
import type { ImageIndex, ImageManifest } from './image.types';
import { OciLayout } from './layout/oci-layout';
import { MediaType } from './media-types';
import { parseReference } from './registry/reference';
import { RegistryClient } from './registry/registry-client';
import { RegistryError } from './registry/registry-error';
import { ImageStore } from './store/image-store';
import { startCorruptingProxy } from './testing/corrupting-proxy';
import { requireServices } from '@kuack/testenv';
import { requireEnv, uniqueRepository } from './testing/int-env';
import { noise, writeSampleImage } from './testing/sample-image';
import { pullImage } from './transfer/pull';
import { pushImage } from './transfer/push';
import { unpackImage } from './unpack/unpack-image';

let registry: string, authRegistry: string, authUser: string, authPassword: string;
beforeAll(async () => {
  // Starts the registries when this file runs alone; under npm test the global setup already did.
  await requireServices(['registry']);
  registry = requireEnv('OCI_REGISTRY');
  authRegistry = requireEnv('OCI_REGISTRY_AUTH');
  authUser = requireEnv('OCI_REGISTRY_AUTH_USER');
  authPassword = requireEnv('OCI_REGISTRY_AUTH_PASSWORD');
}, 900_000);

// Real registries and subprocesses on a shared 2-core machine: generous, never a timing assertion.
jest.setTimeout(120_000);

const FAST_RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 };
let work: string;
const clients: RegistryClient[] = [];

async function client(
  host: string,
  options: ConstructorParameters<typeof RegistryClient>[2] = {},
  credentials?: { username: string; password: string },
) {
  const c = new RegistryClient(host, credentials, { retry: FAST_RETRY, ...options });
  clients.push(c);
  return c;
}

async function blobsOf(store: ImageStore): Promise<string[]> {
  return (await store.blobs.list()).sort();
}

beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-oci-int-'));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fs.rm(work, { recursive: true, force: true });
});

describe('push and pull against a real registry', () => {
  it('pushes a multi-platform image built from scratch and pulls it back with identical digests', async () => {
    const layout = await OciLayout.create(path.join(work, 'layout'));
    const image = await writeSampleImage(layout.blobs);
    const repository = uniqueRepository('multi');
    const c = await client(registry);
    await c.ping();
    const pushed = await pushImage(c, repository, layout.blobs, image.index, { tag: 'v1' });
    expect(pushed.digest).toBe(image.index.digest);
    expect(pushed.blobs.uploaded).toBe(5); // shared base + 2 upper layers + 2 configs
    expect(pushed.blobs.exists).toBe(0);

    const again = await pushImage(c, repository, layout.blobs, image.index, { tag: 'v1' });
    expect(again.blobs).toEqual({ exists: 5, mounted: 0, uploaded: 0 });

    const store = await ImageStore.open(path.join(work, 'store'));
    const all = await pullImage(c, parseReference(`${registry}/${repository}:v1`), store, {
      platform: 'all',
    });
    expect(all.resolvedDigest).toBe(image.index.digest);
    expect(all.descriptor.digest).toBe(image.index.digest);
    const localBlobs = new Set(await blobsOf(store));
    const originalBlobs = await layout.blobs.list();
    expect([...localBlobs].sort()).toEqual(originalBlobs.sort());
    for (const digest of originalBlobs) {
      expect(sha256Digest(await store.blobs.readBytes(digest))).toBe(digest);
      expect((await store.blobs.readBytes(digest)).equals(await layout.blobs.readBytes(digest))).toBe(true);
    }

    const arm = await pullImage(c, parseReference(`${registry}/${repository}:v1`), store, {
      platform: { os: 'linux', architecture: 'arm64' },
      name: 'arm-only',
    });
    expect(arm.descriptor.digest).toBe(image.manifests[1]!.digest);
    const resolved = await store.resolveImage('arm-only', { os: 'linux', architecture: 'arm64' });
    const rootfs = path.join(work, 'rootfs');
    await unpackImage(resolved.layers, rootfs);
    expect(await fs.readFile(path.join(rootfs, 'etc/arch'), 'utf8')).toBe('arm64\n');
    expect(await fs.readFile(path.join(rootfs, 'base/link'), 'utf8')).toBe('hello from kuack\n');
    await expect(fs.access(path.join(rootfs, 'base/removed-later'))).rejects.toThrow();
    expect((await fs.stat(path.join(rootfs, 'bin/run'))).mode & 0o777).toBe(0o755);
    expect(resolved.config.architecture).toBe('arm64');
  });

  it('uploads in chunks (POST, PATCH…, PUT ?digest=) and mounts blobs across repositories', async () => {
    const layout = await OciLayout.create(path.join(work, 'layout'));
    const payload = noise(700_000, 11);
    const layer = await writeLayer(layout.blobs, [{ type: 'file', path: 'big', content: payload }]);
    const manifest = await writeImageManifest(layout.blobs, {
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [layer],
    });
    const source = uniqueRepository('chunked');
    const chunked = await client(registry, { chunkSize: 64 * 1024 });
    const pushed = await pushImage(chunked, source, layout.blobs, manifest, { tag: 'latest' });
    expect(pushed.blobs.uploaded).toBe(2);
    expect(await chunked.blobSize(source, layer.descriptor.digest)).toBe(layer.descriptor.size);

    const target = uniqueRepository('mounted');
    const mounted = await pushImage(chunked, target, layout.blobs, manifest, {
      tag: 'latest',
      mountFrom: source,
    });
    expect(mounted.blobs).toEqual({ exists: 0, mounted: 2, uploaded: 0 });
    const fetched = await chunked.getManifest(target, 'latest');
    expect(fetched.digest).toBe(manifest.digest);
    expect(fetched.mediaType).toBe(MediaType.ociManifest);
  });

  it('names registry, repository, reference and code for a missing manifest and for MANIFEST_BLOB_UNKNOWN', async () => {
    const c = await client(registry);
    const repository = uniqueRepository('errors');
    const missing = await c.getManifest(repository, 'nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RegistryError);
    expect((missing as RegistryError).status).toBe(404);
    expect((missing as Error).message).toContain(`registry ${registry}, ${repository}:nope`);
    expect((missing as RegistryError).codes).toContain('MANIFEST_UNKNOWN');

    const layout = await OciLayout.create(path.join(work, 'layout'));
    const config = await writeJsonBlob(
      layout.blobs,
      { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
      MediaType.ociConfig,
    );
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config,
      layers: [],
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const failure = await c
      .putManifest(repository, 'broken', bytes, MediaType.ociManifest)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as RegistryError).hasCode('MANIFEST_BLOB_UNKNOWN')).toBe(true);
    expect((failure as Error).message).toMatch(
      /push manifest failed at registry .*broken: HTTP 400 .*MANIFEST_BLOB_UNKNOWN/,
    );
  });

  it('refuses a corrupted blob: digest mismatch, and nothing is stored', async () => {
    const layout = await OciLayout.create(path.join(work, 'layout'));
    const image = await writeSampleImage(layout.blobs, { seed: 3 });
    const repository = uniqueRepository('corrupt');
    await pushImage(await client(registry), repository, layout.blobs, image.index, { tag: 'v1' });

    const proxy = await startCorruptingProxy(registry);
    try {
      const store = await ImageStore.open(path.join(work, 'store'));
      const viaProxy = await client(proxy.host);
      const failure = await pullImage(viaProxy, parseReference(`${proxy.host}/${repository}:v1`), store, {
        platform: { os: 'linux', architecture: 'amd64' },
      }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DigestMismatchError);
      expect((failure as Error).message).toMatch(/digest mismatch for blob kuack-oci-test\/.*@sha256:/);
      expect(proxy.corrupted).toBeGreaterThan(0);
      expect(await store.list()).toEqual([]);
      expect(await blobsOf(store)).toEqual([]);
      expect(await fs.readdir(path.join(store.root, 'ingest'))).toEqual([]);
      expect(await fs.readdir(store.blobs.tempDir).catch(() => [])).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('the Basic-auth registry', () => {
  it('pushes and pulls with the right credentials', async () => {
    const layout = await OciLayout.create(path.join(work, 'layout'));
    const image = await writeSampleImage(layout.blobs, { payloadBytes: 10_000, seed: 5 });
    const repository = uniqueRepository('auth');
    const c = await client(authRegistry, {}, { username: authUser, password: authPassword });
    await c.ping();
    await pushImage(c, repository, layout.blobs, image.index, { tag: 'v1' });
    const store = await ImageStore.open(path.join(work, 'store'));
    const pulled = await pullImage(c, parseReference(`${authRegistry}/${repository}:v1`), store, {
      platform: 'all',
    });
    expect(pulled.descriptor.digest).toBe(image.index.digest);
    const index = await store.readJson<ImageIndex>(pulled.descriptor);
    expect(index.manifests.map((m) => m.digest)).toEqual(image.manifests.map((m) => m.digest));
    const stored = await store.list();
    expect(stored.map((s) => s.name)).toEqual([`${authRegistry}/${repository}:v1`]);
    expect(stored[0]!.descriptor.annotations?.[Annotation.refName]).toBe(`${authRegistry}/${repository}:v1`);
  });

  it('a wrong password gives a clear 401 naming the registry', async () => {
    const c = await client(authRegistry, {}, { username: authUser, password: `${authPassword}-wrong` });
    const failure = await c.ping().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as RegistryError).status).toBe(401);
    expect((failure as Error).message).toContain(`registry ${authRegistry}`);
    expect((failure as Error).message).toContain('HTTP 401 unauthorized');
    expect((failure as Error).message).toContain('rejected the credentials');

    const repository = uniqueRepository('auth-wrong');
    const pullFailure = await c.getManifest(repository, 'v1').catch((e: unknown) => e);
    expect((pullFailure as RegistryError).status).toBe(401);
    expect((pullFailure as Error).message).toContain(`${repository}:v1`);
  });

  it('no credentials at all: a 401 that says how to pass them', async () => {
    const c = await client(authRegistry, {}, undefined);
    const failure = await c.ping().catch((e: unknown) => e);
    expect((failure as RegistryError).status).toBe(401);
    expect((failure as Error).message).toContain('--username');
  });
});
