import type { KubeObject } from './objects';
import { IndexedStore, LABEL_INDEX, NAMESPACE_INDEX, OWNER_UID_INDEX, diffRelist } from './store';

const obj = (
  ns: string,
  name: string,
  rv: string,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { namespace: ns, name, resourceVersion: rv, uid: `u-${name}`, ...extra },
});

describe('diffRelist', () => {
  it('turns a relist into exactly the missed adds, updates and deletes', () => {
    const cached = [obj('a', 'same', '1'), obj('a', 'changed', '1'), obj('a', 'gone', '1')];
    const listed = [obj('a', 'same', '1'), obj('a', 'changed', '5'), obj('a', 'new', '6')];
    const changes = diffRelist(cached, listed).map(
      (c) => `${c.type} ${c.obj.metadata.name}@${c.obj.metadata.resourceVersion}`,
    );
    expect(changes.sort()).toEqual(['add new@6', 'delete gone@1', 'update changed@5']);
  });

  it('treats a re-created object (same name, new uid) as delete + add', () => {
    const changes = diffRelist([obj('a', 'x', '1')], [obj('a', 'x', '9', { uid: 'other' })]);
    expect(changes.map((c) => c.type)).toEqual(['delete', 'add']);
  });
});

describe('IndexedStore', () => {
  it('indexes by namespace, owner uid, label pairs and custom indexers, and keeps indices current', () => {
    const store = new IndexedStore<KubeObject>({ byName: (o) => [o.metadata.name ?? ''] });
    store.upsert(
      obj('a', 'one', '1', {
        labels: { app: 'x' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'o', uid: 'owner-1' }],
      }),
    );
    store.upsert(obj('b', 'two', '1', { labels: { app: 'y' } }));
    expect(store.byIndex(NAMESPACE_INDEX, 'a').map((o) => o.metadata.name)).toEqual(['one']);
    expect(store.byIndex(OWNER_UID_INDEX, 'owner-1').map((o) => o.metadata.name)).toEqual(['one']);
    expect(store.byIndex(LABEL_INDEX, 'app=y').map((o) => o.metadata.name)).toEqual(['two']);
    expect(store.byIndex('byName', 'two')).toHaveLength(1);
    store.upsert(obj('a', 'one', '2', { labels: { app: 'y' } }));
    expect(store.byIndex(LABEL_INDEX, 'app=x')).toEqual([]);
    expect(store.byIndex(LABEL_INDEX, 'app=y')).toHaveLength(2);
    expect(store.byIndex(OWNER_UID_INDEX, 'owner-1')).toEqual([]);
    store.remove('b/two');
    expect(store.byIndex(LABEL_INDEX, 'app=y').map((o) => o.metadata.name)).toEqual(['one']);
    expect(() => store.byIndex('nope', 'x')).toThrow('no indexer named "nope"');
  });
});
