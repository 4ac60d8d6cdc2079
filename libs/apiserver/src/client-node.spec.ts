import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { startEmbeddedCluster, type RunningCluster } from './cluster';
import { until } from './conformance/client';

/** client-node 1.4 (what every Kuack component uses) against the embedded cluster. */
describe('client-node against the embedded cluster', () => {
  let dir: string;
  let cluster: RunningCluster;
  let kc: KubeConfig;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-client-node-'));
    cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('typed APIs create, read, list with selectors and report 409s as errors with the Status', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cn-1', labels: { via: 'client-node' } }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await core.readNamespacedConfigMap({ namespace: 'default', name: 'cn-1' });
    expect(read.data).toEqual({ a: '1' });
    const list = await core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'via=client-node',
    });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['cn-1']);
    await expect(
      core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cn-1' } } }),
    ).rejects.toMatchObject({ code: 409 });
    const apps = kc.makeApiClient(AppsV1Api);
    const dep = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'cn-dep' },
        spec: {
          selector: { matchLabels: { a: 'b' } },
          template: {
            metadata: { labels: { a: 'b' } },
            spec: { containers: [{ name: 'c', image: 'example.test/c:1' }] },
          },
        },
      },
    });
    expect(dep.spec?.replicas).toBe(1);
    expect(dep.metadata?.generation).toBe(1);
  });

  it('Watch receives events from a resourceVersion', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const rv = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion;
    const seen: string[] = [];
    const req = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: rv, allowWatchBookmarks: true },
      (type, obj: { metadata: { name: string } }) => seen.push(`${type} ${obj.metadata.name}`),
      () => undefined,
    );
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cn-2' } } });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'cn-2' });
    await until('the watch events', () => seen.length >= 2, 10_000);
    req.abort();
    expect(seen).toEqual(['ADDED cn-2', 'DELETED cn-2']);
  });
});
