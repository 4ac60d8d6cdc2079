import http from 'node:http';
import net from 'node:net';
import { proxyRequest, type ProxyOptions, type ProxyResult, type ProxyTarget } from './proxy';
import { closedPort, deferred, request, startServer, type TestServer } from './testing/servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function upstream(handler: http.RequestListener): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

async function proxyTo(
  target: ProxyTarget,
  opts: ProxyOptions = {},
): Promise<{ url: string; results: ProxyResult[]; next: () => Promise<ProxyResult> }> {
  const results: ProxyResult[] = [];
  let waiting: ((r: ProxyResult) => void) | undefined;
  const s = await startServer((req, res) => {
    void proxyRequest(req, res, target, opts).then((r) => {
      results.push(r);
      waiting?.(r);
    });
  });
  servers.push(s);
  return {
    url: s.url,
    results,
    next: () =>
      results.length > 0 ? Promise.resolve(results[results.length - 1]) : new Promise((r) => (waiting = r)),
  };
}

describe('proxyRequest', () => {
  it('forwards method, path, query, body and end-to-end headers, and returns status, headers and body', async () => {
    const up = await upstream((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('x-upstream', 'yes');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(201);
        res.end(JSON.stringify({ method: req.method, url: req.url, body, headers: req.headers }));
      });
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port }, { headers: { 'x-added': 'by-proxy' } });
    const res = await request(`${px.url}/a/b?c=d`, {
      method: 'POST',
      headers: { 'x-custom': '1', host: 'hello.default.localhost' },
      body: 'payload',
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    const seen = JSON.parse(res.body);
    expect(seen).toMatchObject({ method: 'POST', url: '/a/b?c=d', body: 'payload' });
    expect(seen.headers).toMatchObject({
      'x-custom': '1',
      'x-added': 'by-proxy',
      host: 'hello.default.localhost',
    });
    expect(await px.next()).toEqual({ outcome: 'completed', status: 201 });
  });

  it('strips hop-by-hop headers, including those the Connection header names, both ways', async () => {
    const up = await upstream((req, res) => {
      res.setHeader('connection', 'x-up-hop');
      res.setHeader('x-up-hop', 'secret');
      res.setHeader('keep-alive', 'timeout=5');
      res.end(JSON.stringify(req.headers));
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const res = await request(px.url, {
      headers: { connection: 'x-hop', 'x-hop': 'drop', 'proxy-authorization': 'x', 'x-keep': 'keep' },
    });
    const seen = JSON.parse(res.body);
    expect(seen['x-hop']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['x-keep']).toBe('keep');
    expect(res.headers['x-up-hop']).toBeUndefined();
  });

  it('adds X-Forwarded-For/Proto/Host and builds Forwarded for the first hop', async () => {
    const up = await upstream((req, res) => res.end(JSON.stringify(req.headers)));
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const seen = JSON.parse(
      (await request(px.url, { headers: { host: 'hello.default.localhost:8080' } })).body,
    );
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('hello.default.localhost:8080');
    expect(seen.forwarded).toBe('for=127.0.0.1;host="hello.default.localhost:8080";proto=http');
  });

  it('appends this hop to existing forwarding headers', async () => {
    const up = await upstream((req, res) => res.end(JSON.stringify(req.headers)));
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const seen = JSON.parse(
      (
        await request(px.url, {
          headers: {
            'x-forwarded-for': '10.0.0.1',
            'x-forwarded-proto': 'https',
            forwarded: 'for=10.0.0.1;proto=https',
          },
        })
      ).body,
    );
    expect(seen['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('https');
    expect(seen.forwarded).toBe('for=10.0.0.1;proto=https, for=127.0.0.1');
  });

  it('answers 502 when the upstream refuses the connection', async () => {
    const px = await proxyTo({ host: '127.0.0.1', port: await closedPort() });
    const res = await request(px.url);
    expect(res.status).toBe(502);
    expect(res.body).toContain('ECONNREFUSED');
    expect(await px.next()).toMatchObject({ outcome: 'upstream-error', status: 502 });
  });

  it('answers 502 when the upstream resets the connection before responding', async () => {
    const raw = net.createServer((sock) => sock.once('data', () => sock.resetAndDestroy()));
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const px = await proxyTo({ host: '127.0.0.1', port: (raw.address() as net.AddressInfo).port });
      const res = await request(px.url);
      expect(res.status).toBe(502);
    } finally {
      raw.close();
    }
  });

  it('answers 504 when the upstream does not start its response within timeoutMs', async () => {
    const release = deferred();
    const up = await upstream((_req, res) => void release.promise.then(() => res.end('late')));
    const px = await proxyTo({ host: '127.0.0.1', port: up.port }, { timeoutMs: 100 });
    const res = await request(px.url);
    release.resolve();
    expect(res.status).toBe(504);
    expect(await px.next()).toMatchObject({ outcome: 'upstream-error', status: 504 });
  });

  it('streams the response: the first chunk reaches the client before the upstream finishes', async () => {
    const second = deferred();
    const up = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      void second.promise.then(() => res.end('data: two\n\n'));
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const chunks: string[] = [];
    const firstChunk = deferred<string>();
    const done = new Promise<void>((resolve, reject) => {
      http
        .get(px.url, { agent: false }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            chunks.push(c);
            firstChunk.resolve(c);
          });
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    expect(await firstChunk.promise).toBe('data: one\n\n');
    second.resolve();
    await done;
    expect(chunks.join('')).toBe('data: one\n\ndata: two\n\n');
  });

  it('streams the request body to the upstream before the client finished sending it', async () => {
    const firstPart = deferred<string>();
    const up = await upstream((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
        firstPart.resolve(c);
      });
      req.on('end', () => res.end(body));
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const response = new Promise<string>((resolve, reject) => {
      const req = http.request(px.url, { method: 'POST', agent: false }, (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.write('part1;');
      void firstPart.promise.then(() => req.end('part2'));
    });
    expect(await firstPart.promise).toBe('part1;');
    expect(await response).toBe('part1;part2');
  });

  it('aborts the upstream request when the client disconnects', async () => {
    const upstreamClosed = deferred();
    const arrived = deferred();
    const up = await upstream((req, res) => {
      arrived.resolve();
      res.on('close', () => upstreamClosed.resolve());
      req.resume();
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const client = http.get(px.url, { agent: false });
    client.on('error', () => undefined);
    await arrived.promise;
    client.destroy();
    await upstreamClosed.promise;
    expect(await px.next()).toMatchObject({ outcome: 'client-aborted' });
  });

  it('cuts the client connection when the upstream dies mid-response', async () => {
    const up = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setImmediate(() => res.socket?.destroy());
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    const outcome = await new Promise<string>((resolve) => {
      http
        .get(px.url, { agent: false }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve('ended'));
          res.on('aborted', () => resolve('aborted'));
          res.on('error', () => resolve('aborted'));
        })
        .on('error', () => resolve('aborted'));
    });
    expect(outcome).toBe('aborted');
    expect(await px.next()).toMatchObject({ outcome: 'upstream-aborted', status: 200 });
  });

  it('writes nothing and aborts the upstream when the caller aborts through its signal', async () => {
    const upstreamClosed = deferred();
    const up = await upstream((_req, res) => res.on('close', () => upstreamClosed.resolve()));
    const results: ProxyResult[] = [];
    const s = await startServer((req, res) => {
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 50);
      void proxyRequest(req, res, { host: '127.0.0.1', port: up.port }, { signal: ctl.signal }).then((r) => {
        results.push(r);
        res.writeHead(299);
        res.end('caller answered');
      });
    });
    servers.push(s);
    const res = await request(s.url);
    await upstreamClosed.promise;
    expect(res).toMatchObject({ status: 299, body: 'caller answered' });
    expect(results).toEqual([{ outcome: 'aborted' }]);
  });

  it('reuses upstream connections (keep-alive pool)', async () => {
    const sockets = new Set<unknown>();
    const up = await upstream((req, res) => {
      sockets.add(req.socket);
      res.end('ok');
    });
    const px = await proxyTo({ host: '127.0.0.1', port: up.port });
    for (let i = 0; i < 5; i++) expect((await request(px.url)).status).toBe(200);
    expect(sockets.size).toBe(1);
  });
});
