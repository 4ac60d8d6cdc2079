import { parseDest, PodProber, probePod } from './pod-prober';
import { closedPort, deferred, startServer, type TestServer } from './testing/servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

describe('probePod', () => {
  it('passes only on 200 with body "queue" for a K-Network-Probe: queue request', async () => {
    const good = await serve((req, res) =>
      res.end(req.headers['k-network-probe'] === 'queue' ? 'queue' : 'no'),
    );
    const wrongBody = await serve((_req, res) => res.end('hello'));
    const notReady = await serve((_req, res) => {
      res.statusCode = 503;
      res.end('queue');
    });
    expect(await probePod({ host: '127.0.0.1', port: good.port })).toBe(true);
    expect(await probePod({ host: '127.0.0.1', port: wrongBody.port })).toBe(false);
    expect(await probePod({ host: '127.0.0.1', port: notReady.port })).toBe(false);
    expect(await probePod({ host: '127.0.0.1', port: await closedPort() })).toBe(false);
  });

  it('fails after its timeout when the pod does not answer', async () => {
    const hang = await serve(() => undefined);
    expect(await probePod({ host: '127.0.0.1', port: hang.port }, { timeoutMs: 50 })).toBe(false);
  });

  it('checks the activator body when asked to', async () => {
    const act = await serve((_req, res) => res.end('activator'));
    expect(await probePod({ host: '127.0.0.1', port: act.port }, { value: 'activator' })).toBe(true);
  });
});

describe('PodProber', () => {
  it('reports a pod healthy once its probe passes and re-probes failing pods every period', async () => {
    let attempts = 0;
    const changes: string[][] = [];
    const healthy = deferred();
    const prober = new PodProber({
      periodMs: 10,
      probe: async () => ++attempts >= 3,
      onChange: (h) => {
        changes.push([...h]);
        if (h.size === 1) healthy.resolve();
      },
    });
    prober.setCandidates(['10.0.0.1:8012']);
    await healthy.promise;
    prober.stop();
    expect(attempts).toBe(3);
    expect(changes).toEqual([['10.0.0.1:8012']]);
  });

  it('drops pods that leave the candidates and probes them again when they return', async () => {
    let probes = 0;
    const changes: string[][] = [];
    let wake = deferred();
    const prober = new PodProber({
      periodMs: 10,
      probe: async () => {
        probes++;
        return true;
      },
      onChange: (h) => {
        changes.push([...h].sort());
        wake.resolve();
      },
    });
    prober.setCandidates(['a:1']);
    await wake.promise;
    wake = deferred();
    prober.setCandidates([]);
    await wake.promise;
    wake = deferred();
    prober.setCandidates(['a:1']);
    await wake.promise;
    prober.stop();
    expect(changes).toEqual([['a:1'], [], ['a:1']]);
    expect(probes).toBe(2);
  });

  it('parses host:port destinations, also bracketed IPv6', () => {
    expect(parseDest('127.1.0.4:8012')).toEqual({ host: '127.1.0.4', port: 8012 });
    expect(parseDest('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(() => parseDest('nohost')).toThrow(/nohost/);
  });
});
