import { Throttler } from './throttler';

const eps = (ready: string[], notReady: string[] = []) => ({
  metadata: { name: 'hello-00001-private', namespace: 'default' },
  subsets: [
    {
      addresses: ready.map((ip) => ({ ip })),
      notReadyAddresses: notReady.map((ip) => ({ ip })),
      ports: [{ name: 'http', port: 8012 }],
    },
  ],
});

function waitFor(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (predicate() ? resolve() : setTimeout(tick, 2));
    tick();
  });
}

describe('Throttler', () => {
  it('uses ready pods at once and not-ready pods once their probe passes', async () => {
    const passing = new Set<string>();
    const t = new Throttler({ probePeriodMs: 5, probe: async (d) => passing.has(d) });
    t.updateEndpoints('default/hello-00001', eps(['10.0.0.1'], ['10.0.0.2']));
    expect(t.healthyBackends('default/hello-00001')).toEqual(['10.0.0.1:8012']);
    passing.add('10.0.0.2:8012');
    await waitFor(() => t.healthyBackends('default/hello-00001').length === 2);
    t.stop();
  });

  it('gives a throttler made after the Endpoints the current healthy pods', async () => {
    const t = new Throttler({ probe: async () => false });
    t.updateEndpoints('default/hello-00001', eps(['10.0.0.1']));
    const rt = t.forRevision('default/hello-00001', 2);
    expect(rt.backends).toEqual(['10.0.0.1:8012']);
    expect(rt.capacity).toBe(2);
    t.updateEndpoints('default/hello-00001', eps([]));
    expect(rt.capacity).toBe(0);
    t.stop();
  });

  it('lets a request buffered at zero through when the first pod turns healthy', async () => {
    const t = new Throttler({ probePeriodMs: 5, probe: async () => true });
    const rt = t.forRevision('default/hello-00001', 0);
    const sent = rt.try(async (d) => d);
    t.updateEndpoints('default/hello-00001', eps([], ['10.0.0.9']));
    expect(await sent).toBe('10.0.0.9:8012');
    t.stop();
  });

  it('drops the backends of a removed revision', () => {
    const t = new Throttler({ probe: async () => false });
    t.updateEndpoints('a/b', eps(['10.0.0.1']));
    const rt = t.forRevision('a/b', 1);
    t.removeRevision('a/b');
    expect(rt.backends).toEqual([]);
    expect(t.healthyBackends('a/b')).toEqual([]);
  });
});
