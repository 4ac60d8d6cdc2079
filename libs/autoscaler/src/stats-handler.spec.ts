import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StatMessage } from './stat';
import { parseStatMessages, statsHandler } from './stats-handler';

const good: StatMessage = {
  key: 'ns/rev',
  stat: {
    podName: 'activator-1',
    averageConcurrentRequests: 1,
    averageProxiedConcurrentRequests: 0,
    requestCount: 1,
    proxiedRequestCount: 0,
    timestamp: 1_700_000_000_000,
  },
};

describe('parseStatMessages', () => {
  test.each<[string, unknown, string]>([
    ['not an array', { key: 'x' }, 'body: must be a JSON array'],
    ['element not an object', [1], '[0]: must be an object'],
    ['key without namespace', [{ ...good, key: 'rev' }], '[0].key: must be "<namespace>/<revision>"'],
    ['stat missing', [{ key: 'ns/rev' }], '[0].stat: must be an object'],
    [
      'podName missing',
      [{ key: 'ns/rev', stat: { ...good.stat, podName: 3 } }],
      '[0].stat.podName: must be a string',
    ],
    [
      'negative count',
      [good, { key: 'ns/rev', stat: { ...good.stat, requestCount: -1 } }],
      '[1].stat.requestCount: must be a non-negative number',
    ],
    [
      'concurrency as string',
      [{ key: 'ns/rev', stat: { ...good.stat, averageConcurrentRequests: '1' } }],
      '[0].stat.averageConcurrentRequests',
    ],
    [
      'timestamp missing',
      [{ key: 'ns/rev', stat: { ...good.stat, timestamp: undefined } }],
      '[0].stat.timestamp',
    ],
    ['bad uptime', [{ key: 'ns/rev', stat: { ...good.stat, processUptime: 'x' } }], '[0].stat.processUptime'],
  ])('%s', (_name, body, message) => {
    expect(() => parseStatMessages(body)).toThrow(message);
  });

  it('keeps only the known fields', () => {
    expect(parseStatMessages([{ ...good, stat: { ...good.stat, extra: 1, processUptime: 3 } }])).toEqual([
      { key: 'ns/rev', stat: { ...good.stat, processUptime: 3 } },
    ]);
  });
});

describe('statsHandler', () => {
  let server: http.Server;
  let base: string;
  const received: StatMessage[] = [];
  beforeAll(async () => {
    server = http.createServer(statsHandler({ onStat: (m) => received.push(m), maxBodyBytes: 2048 }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    received.length = 0;
  });

  const post = (body: string, path = '/v1/stats', method = 'POST') =>
    fetch(`${base}${path}`, {
      method,
      body: method === 'GET' ? undefined : body,
      headers: { 'content-type': 'application/json' },
    });

  it('accepts a StatMessage[] with 202 and hands every message on', async () => {
    const res = await post(JSON.stringify([good, { ...good, key: 'ns/other' }]));
    expect(res.status).toBe(202);
    expect(received.map((m) => m.key)).toEqual(['ns/rev', 'ns/other']);
  });

  it('400 naming the field on a bad message, nothing recorded', async () => {
    const res = await post(
      JSON.stringify([good, { key: 'ns/rev', stat: { ...good.stat, requestCount: 'many' } }]),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('[1].stat.requestCount');
    expect(received).toEqual([]);
  });

  it('400 on invalid JSON', async () => {
    const res = await post('{nope');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('body: invalid JSON');
  });

  it('413 above the size limit', async () => {
    const res = await post(JSON.stringify(Array.from({ length: 50 }, () => good)));
    expect(res.status).toBe(413);
    expect(received).toEqual([]);
  });

  it('405 for another method, 404 for another path', async () => {
    expect((await post('', '/v1/stats', 'GET')).status).toBe(405);
    expect((await post('[]', '/v2/stats')).status).toBe(404);
  });
});
