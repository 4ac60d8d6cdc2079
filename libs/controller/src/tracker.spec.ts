import type { KubeObject } from './objects';
import { Tracker } from './tracker';

const svc = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { namespace: ns, name, labels },
});

describe('Tracker', () => {
  it('enqueues the keys that track an object by name, and only those', () => {
    const enqueued: string[] = [];
    const t = new Tracker((k) => enqueued.push(k));
    t.track({ apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'sub' }, 'ns/trigger-1');
    t.track({ apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'other' }, 'ns/trigger-2');
    t.onChanged(svc('ns', 'sub'));
    t.onChanged(svc('elsewhere', 'sub'));
    t.onChanged({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { namespace: 'ns', name: 'sub' },
    });
    expect(enqueued).toEqual(['ns/trigger-1']);
  });

  it('tracks by label selector, including an object that stops matching', () => {
    const enqueued: string[] = [];
    const t = new Tracker((k) => enqueued.push(k));
    t.track({ apiVersion: 'v1', kind: 'Service', namespace: 'ns', selector: { app: 'x' } }, 'ns/route');
    const h = t.handler();
    h.onAdd?.(svc('ns', 'a', { app: 'y' }));
    expect(enqueued).toEqual([]);
    h.onUpdate?.(
      {
        ...svc('ns', 'a', { app: 'x' }),
        metadata: { ...svc('ns', 'a', { app: 'x' }).metadata, resourceVersion: '1' },
      },
      {
        ...svc('ns', 'a', { app: 'y' }),
        metadata: { ...svc('ns', 'a', { app: 'y' }).metadata, resourceVersion: '2' },
      },
    );
    expect(enqueued).toEqual(['ns/route']);
  });

  it('forgets references not renewed within the lease, and all of a key on untrackAll', () => {
    let now = 0;
    const enqueued: string[] = [];
    const t = new Tracker(
      (k) => enqueued.push(k),
      1000,
      () => now,
    );
    t.track({ apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'a' }, 'ns/k1');
    t.track({ apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'a' }, 'ns/k2');
    t.untrackAll('ns/k2');
    now = 500;
    t.onChanged(svc('ns', 'a'));
    now = 1501;
    t.onChanged(svc('ns', 'a'));
    expect(enqueued).toEqual(['ns/k1']);
  });

  it('refuses a reference with neither name nor selector', () => {
    const t = new Tracker(() => undefined);
    expect(() => t.track({ apiVersion: 'v1', kind: 'Service', namespace: 'ns' }, 'k')).toThrow(
      'needs name or selector',
    );
  });
});
