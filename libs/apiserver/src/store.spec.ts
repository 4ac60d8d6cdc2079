import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from './api';
import { ApiError } from './errors';
import type { KubeObject } from './object';
import { Store } from './store';
import { openWatch, type WatchEventOut } from './watch';

function tempStore(historyLimit?: number): { store: Store; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-store-'));
  const file = path.join(dir, 'state.db');
  return { store: new Store(file, { historyLimit }), file };
}

const cm = (name: string, rv: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'n', resourceVersion: String(rv) },
});

describe('Store', () => {
  it('orders every write by one global resourceVersion and survives reopening', () => {
    const { store, file } = tempStore();
    store.commit('ADDED', 'core/configmaps', 'n', 'a', (rv) => cm('a', rv));
    store.commit('ADDED', 'core/secrets', 'n', 's', (rv) => cm('s', rv));
    store.commit('DELETED', 'core/configmaps', 'n', 'a', (rv) => cm('a', rv));
    expect(store.resourceVersion).toBe(3);
    store.close();
    const again = new Store(file);
    expect(again.resourceVersion).toBe(3);
    expect(again.get('core/configmaps', 'n', 'a')).toBeUndefined();
    expect(again.get('core/secrets', 'n', 's')?.metadata.resourceVersion).toBe('2');
    expect(again.since('core/configmaps', 0).map((e) => [e.type, e.rv])).toEqual([
      ['ADDED', 1],
      ['DELETED', 3],
    ]);
    again.close();
  });

  it('bounds the history and reports the compacted revision', () => {
    const { store } = tempStore(10);
    for (let i = 0; i < 25; i++)
      store.commit('ADDED', 'core/configmaps', 'n', `c${i}`, (rv) => cm(`c${i}`, rv));
    store.compact();
    expect(store.compactedRevision).toBe(15);
    expect(store.since('core/configmaps', 15).map((e) => e.rv)).toEqual([
      16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    ]);
    store.close();
  });

  it('lists in (namespace, name) order and continues after a key', () => {
    const { store } = tempStore();
    for (const [ns, name] of [
      ['b', 'x'],
      ['a', 'z'],
      ['a', 'y'],
    ]) {
      store.commit('ADDED', 'core/configmaps', ns, name, (rv) => ({
        metadata: { name, namespace: ns, resourceVersion: String(rv) },
      }));
    }
    expect(store.list('core/configmaps').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'a/y',
      'a/z',
      'b/x',
    ]);
    expect(
      store.list('core/configmaps', undefined, { namespace: 'a', name: 'y' }).map((o) => o.metadata.name),
    ).toEqual(['z', 'x']);
    expect(
      store.list('core/configmaps', 'a', { namespace: 'a', name: 'y' }).map((o) => o.metadata.name),
    ).toEqual(['z']);
    store.close();
  });
});

describe('watch', () => {
  function setup() {
    const { store } = tempStore(5);
    const api = new Api(store);
    const nsType = api.registry.find('', 'v1', 'namespaces')!;
    api.create(nsType, '', { metadata: { name: 'n' } });
    const type = api.registry.find('', 'v1', 'configmaps')!;
    return { store, api, type };
  }

  it('sends periodic BOOKMARKs when asked, with the latest resourceVersion', async () => {
    const { store, api, type } = setup();
    const events: WatchEventOut[] = [];
    const stop = openWatch(
      api,
      {
        type,
        namespace: 'n',
        labels: [],
        fields: [],
        resourceVersion: String(store.resourceVersion),
        allowBookmarks: true,
        sendInitialEvents: false,
        bookmarkIntervalMs: 20,
      },
      (e) => events.push(e),
    );
    api.create(type, 'n', { metadata: { name: 'a' } });
    await new Promise((r) => setTimeout(r, 80));
    stop();
    expect(events[0].type).toBe('ADDED');
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(store.resourceVersion) },
    });
    store.close();
  });

  it('answers a compacted resourceVersion with an ERROR 410 event', () => {
    const { store, api, type } = setup();
    for (let i = 0; i < 10; i++) api.create(type, 'n', { metadata: { name: `c${i}` } });
    store.compact();
    const events: WatchEventOut[] = [];
    openWatch(
      api,
      {
        type,
        labels: [],
        fields: [],
        resourceVersion: '2',
        allowBookmarks: false,
        sendInitialEvents: false,
        bookmarkIntervalMs: 1000,
      },
      (e) => events.push(e),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    expect(() =>
      openWatch(
        api,
        {
          type,
          labels: [],
          fields: [],
          resourceVersion: 'abc',
          allowBookmarks: false,
          sendInitialEvents: false,
          bookmarkIntervalMs: 1000,
        },
        () => undefined,
      ),
    ).toThrow(ApiError);
    store.close();
  });
});
