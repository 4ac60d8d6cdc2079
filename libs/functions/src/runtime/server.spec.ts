import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context, FunctionInstance } from './types';
import { closeAll, serveForTest } from './testing/serve-for-test';

afterEach(closeAll);

const echoBody = async (_context: Context, body: unknown) => ({
  kind: Buffer.isBuffer(body) ? 'buffer' : typeof body,
  value: Buffer.isBuffer(body) ? body.toString('utf8') : body,
});

async function post(url: string, body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('the function server: context-style (Knative) functions', () => {
  it('hands the context fields to the function', async () => {
    let seen: Context | undefined;
    const fn = await serveForTest({ handle: (context: Context) => void (seen = context) });
    const res = await fetch(`${fn.url}?name=tiger&tag=a&tag=b`, { headers: { 'x-custom': 'yes' } });
    expect(res.status).toBe(204);
    expect(seen).toMatchObject({
      method: 'GET',
      httpVersion: '1.1',
      query: { name: 'tiger', tag: ['a', 'b'] },
      name: 'tiger',
      body: undefined,
    });
    expect(seen?.headers['x-custom']).toBe('yes');
    expect(typeof seen?.log.info).toBe('function');
  });

  it.each([
    ['JSON', 'application/json', '{"a":[1,2]}', { kind: 'object', value: { a: [1, 2] } }],
    [
      'JSON with a charset',
      'application/json; charset=utf-8',
      '{"b":true}',
      { kind: 'object', value: { b: true } },
    ],
    [
      'urlencoded',
      'application/x-www-form-urlencoded',
      'x=1&y=2&y=3',
      { kind: 'object', value: { x: '1', y: ['2', '3'] } },
    ],
    ['text/plain', 'text/plain', 'just text', { kind: 'string', value: 'just text' }],
    [
      'anything else as a raw Buffer',
      'application/octet-stream',
      'raw bytes',
      { kind: 'buffer', value: 'raw bytes' },
    ],
  ])('parses a %s body', async (_name, contentType, body, expected) => {
    const fn = await serveForTest({ handle: echoBody });
    const res = await post(fn.url, body, { 'content-type': contentType });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual(expected);
  });

  it('puts the body as received on context.rawBody with includeRaw (FUNC_INCLUDE_RAW)', async () => {
    const handle = (context: Context) => String(context.rawBody);
    const raw = await serveForTest({ handle }, { env: { FUNC_INCLUDE_RAW: 'true' } });
    expect((await post(raw.url, '{ "spaced" : 1 }', { 'content-type': 'application/json' })).text).toBe(
      '{ "spaced" : 1 }',
    );
    const plain = await serveForTest({ handle });
    expect((await post(plain.url, '{}', { 'content-type': 'application/json' })).text).toBe('undefined');
  });

  it('answers 400 naming the content type for invalid JSON', async () => {
    const fn = await serveForTest({ handle: echoBody });
    const res = await post(fn.url, '{nope', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('invalid JSON body (Content-Type application/json)');
  });

  it('refuses a body above the limit with 413, declared or streamed', async () => {
    const fn = await serveForTest({ handle: echoBody }, { bodyLimit: 16 });
    const declared = await post(fn.url, 'x'.repeat(17), { 'content-type': 'text/plain' });
    expect(declared.status).toBe(413);
    expect(declared.text).toContain('limit of 16 bytes');
    const chunked = await fetch(fn.url, {
      method: 'POST',
      body: new Blob(['x'.repeat(10), 'y'.repeat(10)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const within = await post(fn.url, 'x'.repeat(16), { 'content-type': 'text/plain' });
    expect(within.status).toBe(200);
  });

  it.each([
    ['a string', () => 'hi', 200, 'text/plain; charset=utf-8', 'hi'],
    ['nothing', () => undefined, 204, null, ''],
    [
      'a structured reply',
      () => ({ statusCode: 201, headers: { 'X-Id': '7' }, body: 'made' }),
      201,
      'text/plain; charset=utf-8',
      'made',
    ],
    ['an object', () => ({ ok: 1 }), 200, 'application/json; charset=utf-8', '{"ok":1}'],
    [
      'a thrown error',
      () => {
        throw new Error('boom');
      },
      500,
      'text/plain; charset=utf-8',
      'boom',
    ],
    [
      'a thrown error with a code',
      () => {
        throw Object.assign(new Error('no such thing'), { code: 404 });
      },
      404,
      'text/plain; charset=utf-8',
      'no such thing',
    ],
    [
      'a rejected promise',
      () => Promise.reject(new Error('async boom')),
      500,
      'text/plain; charset=utf-8',
      'async boom',
    ],
  ])('replies to %s', async (_name, handle, status, contentType, body) => {
    const fn = await serveForTest({ handle });
    const res = await fetch(fn.url, { method: 'POST' });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe(body);
  });

  it('accepts a bare exported function (module.exports = handle)', async () => {
    const fn = await serveForTest((_c: Context, body: unknown) => `got ${JSON.stringify(body)}`);
    const res = await post(fn.url, '{"n":1}', { 'content-type': 'application/json' });
    expect(await res.text).toBe('got {"n":1}');
  });

  it('answers OPTIONS with 204 and CORS headers; cors() restricts the origin', async () => {
    const open = await serveForTest({ handle: () => 'x' });
    const preflight = await fetch(open.url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('*');

    const restricted = await serveForTest({ handle: () => 'x', cors: () => ['https://ok.example'] });
    const allowed = await fetch(restricted.url, { headers: { origin: 'https://ok.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ok.example');
    const refused = await fetch(restricted.url, { headers: { origin: 'https://evil.example' } });
    expect(refused.headers.get('access-control-allow-origin')).toBe('null');
  });

  it('awaits init() before listening and runs shutdown() on close', async () => {
    const calls: string[] = [];
    const fn = await serveForTest({
      init: async () => {
        await new Promise((r) => setTimeout(r, 20));
        calls.push('init');
      },
      shutdown: () => void calls.push('shutdown'),
      handle: () => calls.join(','),
    });
    expect(await (await fetch(fn.url)).text()).toBe('init');
    await fn.close();
    expect(calls).toEqual(['init', 'shutdown']);
  });
});

describe('CloudEvents', () => {
  const ceHandler = {
    handle: (
      context: Context,
      event: { id: string; type: string; source: string; data: unknown; myext?: unknown },
    ) => ({
      id: event.id,
      type: event.type,
      source: event.source,
      data: event.data,
      myext: event.myext ?? null,
      sameAsContext: context.cloudevent === event,
    }),
  };

  it('reads a binary-mode event (ce-* headers, the body as data)', async () => {
    const fn = await serveForTest(ceHandler);
    const res = await post(fn.url, '{"name":"tiger"}', {
      'content-type': 'application/json',
      'ce-id': 'abc',
      'ce-source': '/test',
      'ce-type': 'com.example.test',
      'ce-specversion': '1.0',
      'ce-myext': 'hello%20world',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      id: 'abc',
      type: 'com.example.test',
      source: '/test',
      data: { name: 'tiger' },
      myext: 'hello world',
      sameAsContext: true,
    });
  });

  it('reads a structured-mode event (application/cloudevents+json), data_base64 as a Buffer', async () => {
    const fn = await serveForTest(ceHandler);
    const res = await post(
      fn.url,
      JSON.stringify({ specversion: '1.0', id: 's1', source: '/s', type: 't', data: { n: 2 } }),
      { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    );
    expect(JSON.parse(res.text)).toMatchObject({ id: 's1', data: { n: 2 } });

    let data: unknown;
    const raw = await serveForTest({ handle: (_c: Context, e: { data: unknown }) => void (data = e.data) });
    const base64 = await post(
      raw.url,
      JSON.stringify({
        specversion: '1.0',
        id: 's2',
        source: '/s',
        type: 't',
        data_base64: Buffer.from('bin').toString('base64'),
      }),
      { 'content-type': 'application/cloudevents+json' },
    );
    expect(base64.status).toBe(204);
    expect(Buffer.isBuffer(data) && data.toString()).toBe('bin');
  });

  it.each([
    ['binary', { 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '0.2' }, ''],
    [
      'structured',
      { 'content-type': 'application/cloudevents+json' },
      JSON.stringify({ specversion: '2.0', id: '1', source: '/s', type: 't' }),
    ],
  ])('refuses an unsupported specversion in %s mode with 406', async (_mode, headers, body) => {
    const fn = await serveForTest(ceHandler);
    const res = await post(fn.url, body, headers as Record<string, string>);
    expect(res.status).toBe(406);
    expect(res.text).toMatch(/unsupported CloudEvent specversion "(0.2|2.0)"/);
  });

  it.each([
    [
      'a binary event without ce-source',
      { 'ce-id': '1', 'ce-type': 't', 'ce-specversion': '1.0' },
      '',
      400,
      'header ce-source is missing',
    ],
    [
      'a binary event without ce-specversion',
      { 'ce-id': '1', 'ce-type': 't', 'ce-source': '/s' },
      '',
      400,
      'header ce-specversion is missing',
    ],
    [
      'a structured event that is not JSON',
      { 'content-type': 'application/cloudevents+json' },
      '{',
      400,
      'not JSON',
    ],
    [
      'a structured event without type',
      { 'content-type': 'application/cloudevents+json' },
      '{"specversion":"1.0","id":"1","source":"/s"}',
      400,
      'attribute "type" is missing',
    ],
    ['a batch', { 'content-type': 'application/cloudevents-batch+json' }, '[]', 415, 'batched CloudEvents'],
  ])('refuses %s', async (_name, headers, body, status, message) => {
    const fn = await serveForTest(ceHandler);
    const res = await post(fn.url, body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.text).toContain(message);
  });

  it('sends a returned CloudEvent in binary mode (cloudEventResponse builder)', async () => {
    const fn = await serveForTest({
      handle: (context: Context) =>
        context.cloudEventResponse({ message: 'OK' }).type('fn.response').source('/fn').id('r1').response(),
    });
    const res = await post(fn.url, '{}', {
      'content-type': 'application/json',
      'ce-id': '1',
      'ce-source': '/s',
      'ce-type': 't',
      'ce-specversion': '1.0',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('ce-type')).toBe('fn.response');
    expect(res.headers.get('ce-source')).toBe('/fn');
    expect(res.headers.get('ce-id')).toBe('r1');
    expect(res.headers.get('ce-specversion')).toBe('1.0');
    expect(JSON.parse(res.text)).toEqual({ message: 'OK' });
  });
});

describe('health and metrics', () => {
  it('answers the probes with OK by default', async () => {
    const fn = await serveForTest({ handle: () => 'x' });
    for (const probe of ['liveness', 'readiness']) {
      const res = await fetch(`${fn.url}health/${probe}`);
      expect([res.status, await res.text()]).toEqual([200, 'OK']);
    }
  });

  it('uses module overrides: a returned reply, a response written directly, a custom path', async () => {
    const readiness = Object.assign(() => ({ statusCode: 503, body: 'warming up' }), { path: '/ready' });
    const fn = await serveForTest({
      handle: () => 'x',
      liveness: (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'x-probe': 'own' });
        res.end('alive and kicking');
      },
      readiness,
    });
    const live = await fetch(`${fn.url}health/liveness`);
    expect([live.status, live.headers.get('x-probe'), await live.text()]).toEqual([
      200,
      'own',
      'alive and kicking',
    ]);
    const ready = await fetch(`${fn.url}ready`);
    expect([ready.status, await ready.text()]).toEqual([503, 'warming up']);
  });

  it('counts invocations and errors and records the cold start', async () => {
    let n = 0;
    const fn = await serveForTest({
      handle: () => {
        if (++n === 3) throw new Error('third fails');
        return 'ok';
      },
    });
    for (let i = 0; i < 3; i++) await (await fetch(fn.url)).text();
    await (await fetch(`${fn.url}health/liveness`)).text();
    const metrics = await (await fetch(`${fn.url}metrics`)).text();
    expect(metrics).toMatch(/^faas_invocations\{[^}]*\} 3$/m);
    expect(metrics).toMatch(/^faas_errors\{[^}]*\} 1$/m);
    expect(metrics).toMatch(/^faas_execution_latency_count\{[^}]*\} 3$/m);
    expect(metrics).toMatch(/^faas_cold_start_latency_count\{[^}]*\} 1$/m);
  });
});

describe('instance-based functions', () => {
  it('serves a fetch-style handle (Request in, Response out), body and headers included', async () => {
    class Echo {
      private readonly prefix = '';
      async handle(request: Request) {
        const body = this.prefix + (await request.text());
        return new Response(`${request.method} ${new URL(request.url).pathname} ${body}`, {
          status: 201,
          headers: { 'x-seen': request.headers.get('x-in') ?? '' },
        });
      }
    }
    const fn = await serveForTest(Echo);
    const res = await post(`${fn.url}items`, 'payload', { 'x-in': 'v' });
    expect([res.status, res.headers.get('x-seen'), res.text]).toEqual([201, 'v', 'POST /items payload']);
  });

  it('serves a plain Node.js (req, res) handle from a New() factory', async () => {
    const fn = await serveForTest({
      New: (): FunctionInstance => ({
        handle: (req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`node ${req.url}`);
        },
      }),
    });
    const res = await fetch(`${fn.url}a?b=1`);
    expect(await res.text()).toBe('node /a?b=1');
  });

  it('start(cfg) gets ./cfg overridden by the environment; not ready until start finished', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-fn-'));
    fs.writeFileSync(path.join(root, 'cfg'), 'GREETING = "hello"\nTARGET=file\n');
    let release: () => void = () => undefined;
    let cfg: Record<string, string> = {};
    const fn = await serveForTest(
      {
        handle: () => new Response(`${cfg.GREETING} ${cfg.TARGET}`),
        start: async (c: Record<string, string>) => {
          cfg = c;
          await new Promise<void>((r) => (release = r));
        },
      },
      { root, env: { TARGET: 'env' } },
    );
    const early = await fetch(`${fn.url}health/readiness`);
    expect(early.status).toBe(503);
    release();
    await fn.started;
    const ready = await fetch(`${fn.url}health/readiness`);
    expect([ready.status, await ready.text()]).toEqual([200, 'READY']);
    expect(await (await fetch(fn.url)).text()).toBe('hello env');
  });

  it('a start() that throws rejects `started`', async () => {
    const fn = await serveForTest({
      handle: () => new Response('x'),
      start: () => Promise.reject(new Error('no db')),
    });
    await expect(fn.started).rejects.toThrow('no db');
  });

  it.each([
    ['alive → false', { alive: () => false }, 'liveness', 503, 'function not alive'],
    [
      'alive → throws',
      {
        alive: () => {
          throw new Error('wedged');
        },
      },
      'liveness',
      500,
      'error checking liveness: wedged',
    ],
    ['alive → true', { alive: () => true }, 'liveness', 200, 'ALIVE'],
    ['ready → false', { ready: async () => false }, 'readiness', 503, 'function not ready'],
    [
      'ready → rejects',
      { ready: () => Promise.reject(new Error('db down')) },
      'readiness',
      500,
      'error checking readiness: db down',
    ],
    ['no ready()', { stop: () => undefined }, 'readiness', 200, 'READY'],
  ])('health: %s', async (_name, lifecycle, probe, status, body) => {
    const fn = await serveForTest({ handle: () => new Response('x'), ...lifecycle });
    const res = await fetch(`${fn.url}health/${probe}`);
    expect([res.status, await res.text()]).toEqual([status, body]);
  });

  it('stop() runs on close and is bounded by the deadline', async () => {
    const stops: string[] = [];
    const fn = await serveForTest({
      handle: () => new Response('x'),
      stop: async () => void stops.push('stopped'),
    });
    await fn.close();
    expect(stops).toEqual(['stopped']);

    const hung = await serveForTest(
      { handle: () => new Response('x'), stop: () => new Promise(() => undefined) },
      { stopTimeoutMs: 50 },
    );
    await expect(hung.close()).rejects.toThrow('stop() did not finish within 50 ms');
  });

  it('close() finishes an in-flight request before resolving and refuses new connections', async () => {
    let release: () => void = () => undefined;
    const fn = await serveForTest({
      handle: async () => {
        await new Promise<void>((r) => (release = r));
        return 'finished';
      },
    });
    const inFlight = fetch(fn.url).then((r) => r.text());
    while (fn.server.inFlight() === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = fn.close();
    let closedEarly = false;
    void closed.then(() => (closedEarly = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closedEarly).toBe(false);
    release();
    expect(await inFlight).toBe('finished');
    await closed;
    await expect(fetch(fn.url)).rejects.toThrow();
  });
});
