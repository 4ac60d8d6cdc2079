import { ingress, rule, toRevision } from './ingress-builder';
import { Router } from './router';

describe('Router', () => {
  const v1 = ingress('hello', [rule(['hello.example.com'], [{ splits: [toRevision('hello-1')] }])], {
    generation: 1,
  });
  const v2 = ingress('hello', [rule(['hello.example.com'], [{ splits: [toRevision('hello-2')] }])], {
    generation: 2,
  });

  it('swaps snapshots: a request resolved on the old table keeps its target', () => {
    const router = new Router();
    router.upsert(v1);
    const before = router.table;
    const inFlight = before.lookup({ host: 'hello.example.com', url: '/', headers: {}, listener: 'http' });
    router.upsert(v2);
    expect(router.table).not.toBe(before);
    expect(inFlight.kind === 'route' && inFlight.path.splits[0].serviceName).toBe('hello-1');
    const after = router.table.lookup({ host: 'hello.example.com', url: '/', headers: {}, listener: 'http' });
    expect(after.kind === 'route' && after.path.splits[0].serviceName).toBe('hello-2');
    expect(router.loadedGeneration('default/hello')).toBe(2);
  });

  it('does not rebuild for the same generation (status-only updates)', () => {
    const router = new Router();
    expect(router.upsert(v1)).toBe(true);
    expect(router.upsert({ ...v1, status: { observedGeneration: 1 } })).toBe(false);
    expect(router.builds).toBe(1);
  });

  it('a recreated Ingress (new uid) reloads even at the same generation', () => {
    const router = new Router();
    router.upsert(v1);
    expect(router.upsert({ ...v1, metadata: { ...v1.metadata, uid: 'other' } })).toBe(true);
  });

  it('refuses an unroutable version and keeps serving the previous one', () => {
    const router = new Router();
    router.upsert(v1);
    const broken = { ...v2, spec: { rules: [rule(['hello.example.com'], [{ splits: [] }])] } };
    expect(router.upsert(broken)).toBe(false);
    expect(router.problemOf('default/hello')).toBe('spec.rules[0].http.paths[0].splits: must not be empty');
    expect(router.loadedGeneration('default/hello')).toBe(1);
    router.upsert(v2);
    expect(router.problemOf('default/hello')).toBeUndefined();
    expect(router.loadedGeneration('default/hello')).toBe(2);
  });

  it('removes an Ingress', () => {
    const router = new Router();
    router.upsert(v1);
    expect(router.remove('default/hello')).toBe(true);
    expect(router.remove('default/hello')).toBe(false);
    expect(router.loadedGeneration('default/hello')).toBeUndefined();
    expect(
      router.table.lookup({ host: 'hello.example.com', url: '/', headers: {}, listener: 'http' }).kind,
    ).toBe('not-found');
  });
});
