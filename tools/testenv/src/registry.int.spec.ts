// The distribution API of both testenv registries: blobs and a manifest pushed, read back by digest and
// tag; Basic auth enforced on the second one.
import { createHash } from 'node:crypto';

import { requireServices } from './require-services';
import { type RegistrySettings } from './settings';

jest.setTimeout(60_000);

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const repository = `testenv-smoke/r${process.pid}-${Date.now().toString(36)}`;

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function pushBlob(
  registry: RegistrySettings,
  headers: Record<string, string>,
  bytes: Buffer,
): Promise<string> {
  const digest = digestOf(bytes);
  const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: {
      ...headers,
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
    },
    body: bytes,
  });
  expect(put.status).toBe(201);
  expect(put.headers.get('docker-content-digest')).toBe(digest);
  return digest;
}

function pushAndReadBack(registry: () => RegistrySettings, headers: () => Record<string, string>) {
  it('stores a blob and a manifest, readable by digest and by tag', async () => {
    const config = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    );
    const layer = Buffer.from(`layer bytes ${repository}`);
    const configDigest = await pushBlob(registry(), headers(), config);
    const layerDigest = await pushBlob(registry(), headers(), layer);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST_TYPE,
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: configDigest,
          size: config.length,
        },
        layers: [
          { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length },
        ],
      }),
    );
    const manifestDigest = digestOf(manifest);

    const put = await fetch(`${registry().url}/v2/${repository}/manifests/v1`, {
      method: 'PUT',
      headers: { ...headers(), 'content-type': MANIFEST_TYPE },
      body: manifest,
    });
    expect(put.status).toBe(201);
    expect(put.headers.get('docker-content-digest')).toBe(manifestDigest);

    for (const reference of ['v1', manifestDigest]) {
      const got = await fetch(`${registry().url}/v2/${repository}/manifests/${reference}`, {
        headers: { ...headers(), accept: MANIFEST_TYPE },
      });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe(MANIFEST_TYPE);
      expect(got.headers.get('docker-content-digest')).toBe(manifestDigest);
      expect(Buffer.from(await got.arrayBuffer()).equals(manifest)).toBe(true);
    }
    const blob = await fetch(`${registry().url}/v2/${repository}/blobs/${layerDigest}`, {
      headers: headers(),
    });
    expect(blob.status).toBe(200);
    expect(Buffer.from(await blob.arrayBuffer()).equals(layer)).toBe(true);

    const tags = await fetch(`${registry().url}/v2/${repository}/tags/list`, { headers: headers() });
    expect(await tags.json()).toEqual({ name: repository, tags: ['v1'] });
  });
}

let env: Awaited<ReturnType<typeof requireServices>>;

beforeAll(async () => {
  env = await requireServices(['registry']);
}, 900_000);

describe('registry without auth', () => {
  pushAndReadBack(
    () => env.registry,
    () => ({}),
  );
});

describe('registry with Basic auth', () => {
  pushAndReadBack(
    () => env.registryAuth,
    () => ({ authorization: env.registryAuth.authorization }),
  );

  it('answers 401 with a Basic challenge without credentials', async () => {
    const response = await fetch(`${env.registryAuth.url}/v2/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="kuack-testenv"/);
  });

  it('answers 401 to a wrong password', async () => {
    const wrong = `Basic ${Buffer.from(`${env.registryAuth.username}:not-${env.registryAuth.password}`).toString('base64')}`;
    const response = await fetch(`${env.registryAuth.url}/v2/${repository}/tags/list`, {
      headers: { authorization: wrong },
    });
    expect(response.status).toBe(401);
  });
});
