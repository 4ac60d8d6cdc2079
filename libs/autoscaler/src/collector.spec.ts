import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricCollector, type ScrapeTarget, fetchStat, sumStats } from './collector';
import type { Stat } from './stat';

const T0 = 1_700_000_000_000;
const stat = (s: Partial<Stat> = {}): Stat => ({
  podName: 'p',
  averageConcurrentRequests: 0,
  averageProxiedConcurrentRequests: 0,
  requestCount: 0,
  proxiedRequestCount: 0,
  timestamp: T0,
  ...s,
});
const spec = { stableWindowMs: 60_000, panicWindowMs: 6_000, scrape: true };

describe('MetricCollector', () => {
  it('records concurrency and rps without what the activator proxied (no double count)', () => {
    const c = new MetricCollector({ now: () => T0 });
    c.createOrUpdate('ns/rev', spec);
    expect(
      c.record(
        'ns/rev',
        stat({
          averageConcurrentRequests: 10,
          averageProxiedConcurrentRequests: 4,
          requestCount: 20,
          proxiedRequestCount: 5,
        }),
      ),
    ).toBe(true);
    c.record('ns/rev', stat({ podName: 'activator', averageConcurrentRequests: 4, requestCount: 5 }));
    expect(c.stableAndPanic('ns/rev', 'concurrency', T0)).toEqual({ stable: 10, panic: 10 });
    expect(c.stableAndPanic('ns/rev', 'rps', T0)).toEqual({ stable: 20, panic: 20 });
  });

  it('stable and panic windows differ', () => {
    const c = new MetricCollector();
    c.createOrUpdate('ns/rev', spec);
    for (let i = 0; i < 10; i++)
      c.record('ns/rev', stat({ averageConcurrentRequests: i < 5 ? 0 : 10 }), T0 + i * 1000);
    // Stable: 50 over 10 buckets; panic: the last 6 buckets hold 0 + 5 × 10.
    expect(c.stableAndPanic('ns/rev', 'concurrency', T0 + 9000)).toEqual({ stable: 5, panic: 8.333333 }); // rounded to 6 digits as Knative
  });

  it('has no data for a scraped revision with nothing in the stable window, zeros when not scraped', () => {
    const c = new MetricCollector();
    c.createOrUpdate('ns/a', spec);
    c.createOrUpdate('ns/b', { ...spec, scrape: false });
    expect(c.stableAndPanic('ns/a', 'concurrency', T0)).toBeUndefined();
    expect(c.stableAndPanic('ns/b', 'concurrency', T0)).toEqual({ stable: 0, panic: 0 });
    expect(c.stableAndPanic('ns/unknown', 'concurrency', T0)).toBeUndefined();
  });

  it('ignores stats of revisions it does not collect, and forgets deleted ones', () => {
    const c = new MetricCollector();
    expect(c.record('ns/x', stat())).toBe(false);
    c.createOrUpdate('ns/x', spec);
    c.delete('ns/x');
    expect(c.has('ns/x')).toBe(false);
  });

  it('resizes windows on update, keeping recent data', () => {
    const c = new MetricCollector({ now: () => T0 + 1000 });
    c.createOrUpdate('ns/rev', spec);
    c.record('ns/rev', stat({ averageConcurrentRequests: 6 }), T0 + 1000);
    c.createOrUpdate('ns/rev', { ...spec, stableWindowMs: 10_000, panicWindowMs: 1_000 });
    expect(c.stableAndPanic('ns/rev', 'concurrency', T0 + 1000)).toEqual({ stable: 6, panic: 6 });
  });

  describe('scrapeOnce', () => {
    const targets: Record<string, ScrapeTarget[]> = {
      'ns/rev': [
        { podName: 'a', address: '10.0.0.1' },
        { podName: 'b', address: '10.0.0.2' },
        { podName: 'c', address: '10.0.0.3' },
      ],
    };

    it('sums the stats of every ready pod', async () => {
      const c = new MetricCollector({
        now: () => T0,
        fetchStat: async (t) => stat({ podName: t.podName, averageConcurrentRequests: 2, requestCount: 3 }),
      });
      c.createOrUpdate('ns/rev', spec);
      await c.scrapeOnce((k) => targets[k] ?? []);
      expect(c.stableAndPanic('ns/rev', 'concurrency', T0)).toEqual({ stable: 6, panic: 6 });
      expect(c.stableAndPanic('ns/rev', 'rps', T0)).toEqual({ stable: 9, panic: 9 });
    });

    it('skips a failing pod with a log and extrapolates from the others', async () => {
      const warnings: unknown[] = [];
      const logger = { warn: (o: unknown) => warnings.push(o) } as never;
      const c = new MetricCollector({
        now: () => T0,
        logger,
        fetchStat: async (t) => {
          if (t.podName === 'b') throw new Error('connection refused');
          return stat({ averageConcurrentRequests: 2 });
        },
      });
      c.createOrUpdate('ns/rev', spec);
      await c.scrapeOnce((k) => targets[k] ?? []);
      expect(c.stableAndPanic('ns/rev', 'concurrency', T0)).toEqual({ stable: 6, panic: 6 });
      expect(warnings).toEqual([
        expect.objectContaining({ key: 'ns/rev', pod: 'b', err: 'connection refused' }),
      ]);
    });

    it('records nothing when no pod answers', async () => {
      const c = new MetricCollector({
        now: () => T0,
        logger: { warn: () => undefined } as never,
        fetchStat: async () => {
          throw new Error('down');
        },
      });
      c.createOrUpdate('ns/rev', spec);
      await c.scrapeOnce((k) => targets[k] ?? []);
      expect(c.stableAndPanic('ns/rev', 'concurrency', T0)).toBeUndefined();
    });

    it('does not scrape revisions that are not scraped, and bounds concurrency', async () => {
      let inFlight = 0;
      let peak = 0;
      const seen: string[] = [];
      const c = new MetricCollector({
        now: () => T0,
        scrapeConcurrency: 2,
        fetchStat: async (t) => {
          seen.push(t.address);
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setImmediate(r));
          inFlight--;
          return stat();
        },
      });
      c.createOrUpdate('ns/rev', spec);
      c.createOrUpdate('ns/other', { ...spec, scrape: false });
      const many = Array.from({ length: 7 }, (_, i) => ({ address: `10.0.1.${i}` }));
      await c.scrapeOnce((k) => (k === 'ns/rev' ? many : [{ address: '10.9.9.9' }]));
      expect(seen).toHaveLength(7);
      expect(peak).toBe(2);
    });
  });
});

describe('sumStats', () => {
  it('extrapolates from answering pods to all pods', () => {
    expect(sumStats([stat({ averageConcurrentRequests: 3, requestCount: 1 })], 4)).toMatchObject({
      averageConcurrentRequests: 12,
      requestCount: 4,
    });
  });
});

describe('fetchStat', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/stats') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(stat({ podName: 'pod-1', averageConcurrentRequests: 1.5 })));
      } else {
        res.writeHead(500).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('GETs /stats from the pod', async () => {
    await expect(fetchStat({ address: '127.0.0.1', port }, 1000)).resolves.toMatchObject({
      podName: 'pod-1',
      averageConcurrentRequests: 1.5,
    });
  });

  it('rejects a Stat with a missing field (never records NaN)', async () => {
    const bad = http.createServer((_req, res) => res.writeHead(200).end(JSON.stringify({ podName: 'p' })));
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    const p = (bad.address() as AddressInfo).port;
    try {
      await expect(fetchStat({ address: '127.0.0.1', port: p }, 1000)).rejects.toThrow(
        'invalid Stat: stat.averageConcurrentRequests',
      );
    } finally {
      await new Promise((r) => bad.close(r));
    }
  });

  it('rejects when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(fetchStat({ address: '127.0.0.1', port: p }, 1000)).rejects.toThrow();
  });
});
