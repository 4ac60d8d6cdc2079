import type { StatMessage } from '@kuack/autoscaler';
import { ConcurrencyReporter } from './stats-reporter';

describe('ConcurrencyReporter', () => {
  let now = 0;
  let sent: StatMessage[][];
  let r: ConcurrencyReporter;
  beforeEach(() => {
    now = 1000;
    sent = [];
    r = new ConcurrencyReporter({ podName: 'activator', send: (m) => sent.push(m), now: () => now });
  });

  it('pokes at once on the first request to a revision, not on the following ones', () => {
    r.requestIn('default/hello-00001');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual([
      {
        key: 'default/hello-00001',
        stat: expect.objectContaining({
          podName: 'activator',
          averageConcurrentRequests: 1,
          requestCount: 1,
        }),
      },
    ]);
    r.requestIn('default/hello-00001');
    expect(sent).toHaveLength(1);
  });

  it('reports the average concurrency and arrivals of each revision every period', () => {
    r.requestIn('a/x'); // poke
    now += 500;
    r.requestIn('a/x');
    now += 500;
    r.report();
    expect(sent[1]).toEqual([
      {
        key: 'a/x',
        stat: expect.objectContaining({
          averageConcurrentRequests: 1.5,
          requestCount: 2,
          proxiedRequestCount: 0,
        }),
      },
    ]);
  });

  it('keeps reporting while requests are in flight and forgets an idle revision', () => {
    r.requestIn('a/x');
    now += 1000;
    r.report();
    now += 1000;
    r.report(); // still in flight: concurrency 1, no arrivals
    expect(sent[2][0].stat).toMatchObject({ averageConcurrentRequests: 1, requestCount: 0 });
    r.requestOut('a/x');
    now += 1000;
    r.report(); // concurrency 0 for the whole period → forgotten, nothing sent
    expect(sent).toHaveLength(3);
    r.requestIn('a/x'); // a new first request pokes again
    expect(sent).toHaveLength(4);
  });
});
