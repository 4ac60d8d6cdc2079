import { RequestStats } from './request-stats';

describe('RequestStats', () => {
  it('averages concurrency over time and counts arrivals, proxied ones separately', () => {
    const s = new RequestStats(0);
    s.requestIn(false, 0); // 1 in flight for 500 ms
    s.requestIn(true, 500); // 2 in flight for 250 ms
    s.requestOut(false, 750); // 1 (proxied) for 250 ms
    const r = s.report(1000);
    expect(r.averageConcurrency).toBeCloseTo((1 * 500 + 2 * 250 + 1 * 250) / 1000);
    expect(r.averageProxiedConcurrency).toBeCloseTo((1 * 500) / 1000);
    expect(r).toMatchObject({ requestCount: 2, proxiedRequestCount: 1, periodMs: 1000 });
  });

  it('starts a new period at each report, carrying the requests still in flight', () => {
    const s = new RequestStats(0);
    s.requestIn(false, 0);
    s.report(1000);
    const r = s.report(3000);
    expect(r).toMatchObject({ averageConcurrency: 1, requestCount: 0, periodMs: 2000 });
    s.requestOut(false, 3500);
    expect(s.report(4000)).toMatchObject({ averageConcurrency: 0.5, requestCount: 0 });
  });

  it('reports the current concurrency for an empty period', () => {
    const s = new RequestStats(0);
    s.requestIn(false, 0);
    s.report(10);
    expect(s.report(10)).toMatchObject({ averageConcurrency: 1, periodMs: 0 });
  });
});
