import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Digest } from '../digest';
import { MediaType } from '../media-types';
import { RegistryClient } from './registry-client';
import { RegistryError } from './registry-error';

/** A scripted registry on loopback: each test routes requests and records what it saw. */
interface Seen {
  method: string;
  url: string;
  authorization?: string;
}

async function fakeServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen[]) => void,
) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({
      method: req.method!,
      url: req.url!,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    req.resume();
    req.on('end', () => handler(req, res, seen));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const FAST = { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } };
const manifestBytes = Buffer.from(
  JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: {}, layers: [] }),
);

describe('RegistryClient against a scripted registry', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('follows a Bearer challenge to the token endpoint with Basic credentials and caches the token per scope', async () => {
    let tokensIssued = 0;
    const auth = await fakeServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      expect(req.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      tokensIssued++;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ token: `tok-${url.searchParams.getAll('scope').join('+')}`, expires_in: 300 }),
      );
    });
    closers.push(auth.close);
    const reg = await fakeServer((req, res) => {
      if (req.headers.authorization !== 'Bearer tok-repository:team/app:pull') {
        res.statusCode = 401;
        res.setHeader(
          'www-authenticate',
          `Bearer realm="http://${auth.host}/token",service="fake",scope="repository:team/app:pull"`,
        );
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
        return;
      }
      res.setHeader('content-type', MediaType.ociManifest);
      res.end(manifestBytes);
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, { username: 'u', password: 'p' }, FAST);
    closers.push(() => client.close());
    const first = await client.getManifest('team/app', 'v1');
    const second = await client.getManifest('team/app', 'v2');
    expect(first.digest).toBe(sha256Digest(manifestBytes));
    expect(second.mediaType).toBe(MediaType.ociManifest);
    expect(tokensIssued).toBe(1);
    expect(reg.seen.map((s) => [s.url, s.authorization ?? 'none'])).toEqual([
      ['/v2/team/app/manifests/v1', 'none'],
      ['/v2/team/app/manifests/v1', 'Bearer tok-repository:team/app:pull'],
      ['/v2/team/app/manifests/v2', 'Bearer tok-repository:team/app:pull'],
    ]);
  });

  it('asks the token endpoint for push on the target and pull on the source of a cross-repository mount', async () => {
    const asked: string[][] = [];
    const auth = await fakeServer((req, res) => {
      asked.push(new URL(req.url!, 'http://x').searchParams.getAll('scope'));
      res.end(JSON.stringify({ access_token: 'tok' }));
    });
    closers.push(auth.close);
    const reg = await fakeServer((req, res) => {
      if (req.headers.authorization !== 'Bearer tok') {
        res.statusCode = 401;
        res.setHeader('www-authenticate', `Bearer realm="http://${auth.host}/token",service="fake"`);
        res.end();
        return;
      }
      if (req.method === 'HEAD') res.statusCode = 404;
      else res.statusCode = 201; // the mount succeeds
      res.end();
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, undefined, FAST);
    closers.push(() => client.close());
    const digest = sha256Digest('layer');
    const result = await client.pushBlob(
      'team/new',
      { mediaType: MediaType.ociLayerGzip, digest, size: 5 },
      () => Buffer.from('layer'),
      { mountFrom: 'team/old' },
    );
    expect(result).toBe('mounted');
    expect(asked).toContainEqual(['repository:team/new:pull,push', 'repository:team/old:pull']);
    expect(reg.seen.at(-1)!.url).toBe(
      `/v2/team/new/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent('team/old')}`,
    );
  });

  it('answers a Basic challenge for requests sent concurrently before the scheme was known', async () => {
    const good = `Basic ${Buffer.from('u:p').toString('base64')}`;
    const reg = await fakeServer((req, res) => {
      if (req.headers.authorization !== good) {
        res.statusCode = 401;
        res.setHeader('www-authenticate', 'Basic realm="fake"');
        res.end();
        return;
      }
      res.setHeader('content-length', '5');
      res.end();
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, { username: 'u', password: 'p' }, FAST);
    closers.push(() => client.close());
    const digests = ['a', 'b', 'c'].map((x) => sha256Digest(x));
    expect(await Promise.all(digests.map((d) => client.blobSize('r', d)))).toEqual([5, 5, 5]);
    const wrong = new RegistryClient(reg.host, { username: 'u', password: 'bad' }, FAST);
    closers.push(() => wrong.close());
    await expect(wrong.blobSize('r', digests[0]!)).rejects.toThrow(
      'HTTP 401 unauthorized (missing or wrong credentials). The registry rejected the credentials',
    );
  });

  it('retries 5xx with backoff, but returns a 4xx at once', async () => {
    let calls = 0;
    const reg = await fakeServer((req, res) => {
      calls++;
      if (req.url!.includes('flaky') && calls < 3) {
        res.statusCode = 503;
        res.end();
        return;
      }
      if (req.url!.includes('bad')) {
        res.statusCode = 400;
        res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid' }] }));
        return;
      }
      res.setHeader('content-type', MediaType.ociManifest);
      res.end(manifestBytes);
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, undefined, FAST);
    closers.push(() => client.close());
    await client.getManifest('flaky', 'v1');
    expect(calls).toBe(3);
    calls = 0;
    const failure = await client.getManifest('bad', 'v1').catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as Error).message).toBe(
      `fetch manifest failed at registry ${reg.host}, bad:v1: HTTP 400 bad request — MANIFEST_INVALID: manifest invalid`,
    );
  });

  it('gives up after the last retry with the status in the error', async () => {
    const reg = await fakeServer((_req, res) => {
      res.statusCode = 502;
      res.end();
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, undefined, FAST);
    closers.push(() => client.close());
    await expect(client.ping()).rejects.toThrow(`ping failed at registry ${reg.host}: HTTP 502 server error`);
    expect(reg.seen).toHaveLength(3);
  });

  it('retries connection errors and then names the request', async () => {
    const reg = await fakeServer((_req, res) => res.end());
    await reg.close(); // nothing listens there any more
    const client = new RegistryClient(reg.host, undefined, FAST);
    closers.push(() => client.close());
    await expect(client.ping()).rejects.toThrow(`GET http://${reg.host}/v2/`);
  });

  it('follows a blob redirect to another origin without the registry credentials', async () => {
    const blob = Buffer.from('blob-bytes');
    const storage = await fakeServer((_req, res) => res.end(blob));
    closers.push(storage.close);
    const reg = await fakeServer((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', `http://${storage.host}/bucket/x?sig=1`);
      res.end();
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, { username: 'u', password: 'p' }, FAST);
    closers.push(() => client.close());
    const stream = await client.openBlob('r', sha256Digest(blob));
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(blob)).toBe(true);
    expect(storage.seen).toEqual([{ method: 'GET', url: '/bucket/x?sig=1' }]);
  });

  it('refuses a manifest fetched by digest whose bytes do not match', async () => {
    const reg = await fakeServer((_req, res) => {
      res.setHeader('content-type', MediaType.ociManifest);
      res.end(manifestBytes);
    });
    closers.push(reg.close);
    const client = new RegistryClient(reg.host, undefined, FAST);
    closers.push(() => client.close());
    const wrong = `sha256:${'0'.repeat(64)}`;
    await expect(client.getManifest('r', wrong)).rejects.toThrow(`digest mismatch for manifest r@${wrong}`);
  });

  it('uses HTTPS for registries that are not loopback unless insecure', () => {
    expect(new RegistryClient('registry.example.com', undefined).baseUrl.protocol).toBe('https:');
    expect(new RegistryClient('registry.example.com', undefined, { insecure: true }).baseUrl.protocol).toBe(
      'http:',
    );
    expect(new RegistryClient('127.0.0.1:5000', undefined).baseUrl.protocol).toBe('http:');
  });
});
