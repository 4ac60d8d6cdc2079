import { eventually, requireServices, startPrivateKube, type PrivateKube } from '@kuack/testenv';
import { createKubeClient } from './client';
import { connect } from './connect';
import { Informer } from './informer';
import { faultTransport } from './int/fault-transport';
import { CONFIGMAP, type ConfigMap, createNamespace, logger } from './int/widget-fixture';
import { loadKubeConfig } from './kube-config';
import { kubeConfigTransport } from './transport';

jest.setTimeout(180_000);

/** Records what handlers saw, as `add x`, `update x@message`, `delete x`. */
function record(informer: Informer<ConfigMap>): string[] {
  const seen: string[] = [];
  informer.addHandler({
    onAdd: (o) => seen.push(`add ${o.metadata.name}`),
    onUpdate: (old, o) =>
      seen.push(`update ${o.metadata.name}@${o.data?.message ?? ''}${old === o ? ' (resync)' : ''}`),
    onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  return seen;
}

// Labelled, so the informers ignore ConfigMaps the control plane adds (kube-root-ca.crt).
const cm = (namespace: string, name: string, message: string): ConfigMap => ({
  ...CONFIGMAP,
  metadata: { namespace, name, labels: { test: 'informer' } },
  data: { message },
});
const SELECTOR = 'test=informer';

describe('informer against the real kube-apiserver', () => {
  const NS = `informer-int-${process.pid}`;
  let kubeconfigPath: string;

  beforeAll(async () => {
    kubeconfigPath = (await requireServices(['kube'])).kube.kubeconfigPath;
    await createNamespace(connect({ kubeconfigPath }), NS);
  }, 600_000);
  afterAll(async () => {
    await connect({ kubeconfigPath })
      .delete({ apiVersion: 'v1', kind: 'Namespace' }, NS)
      .catch(() => undefined);
  });

  it('410 Gone after missed events → relists and synthesizes each missed change exactly once', async () => {
    const writer = connect({ kubeconfigPath });
    for (const name of ['a', 'b', 'c']) await writer.create(cm(NS, name, 'v1'));
    const faults = faultTransport(kubeConfigTransport(loadKubeConfig(kubeconfigPath)));
    const client = createKubeClient(faults.transport);
    const informer = new Informer<ConfigMap>(client, {
      gvk: CONFIGMAP,
      namespace: NS,
      labelSelector: SELECTOR,
      logger,
      resyncPeriodMs: 0,
    });
    const seen = record(informer);
    informer.start();
    try {
      await informer.synced;
      expect(seen.sort()).toEqual(['add a', 'add b', 'add c']);
      seen.length = 0;

      faults.partition();
      await writer.create(cm(NS, 'd', 'v1'));
      const a = await writer.get<ConfigMap>(CONFIGMAP, 'a', NS);
      await writer.update({ ...a, data: { message: 'v2' } });
      await writer.delete(CONFIGMAP, 'b', NS);
      await eventually(() => expect(faults.dropped()).toBeGreaterThanOrEqual(3));
      expect(seen).toEqual([]);

      faults.expire();
      await eventually(() => expect(seen.slice().sort()).toEqual(['add d', 'delete b', 'update a@v2']));
      expect(informer.stats.relistsAfterGone).toBe(1);
      expect(informer.keys().sort()).toEqual([`${NS}/a`, `${NS}/c`, `${NS}/d`]);

      // The new watch resumes from the relist: later changes arrive once.
      seen.length = 0;
      const c = await writer.get<ConfigMap>(CONFIGMAP, 'c', NS);
      await writer.update({ ...c, data: { message: 'v3' } });
      await eventually(() => expect(seen).toEqual(['update c@v3']));
    } finally {
      await informer.stop();
    }
  });

  it('shares one list+watch between handlers, indexes by label and owner, and resyncs as updates', async () => {
    const client = connect({ kubeconfigPath });
    await client.create({
      ...cm(NS, 'labelled', 'x'),
      metadata: { namespace: NS, name: 'labelled', labels: { tier: 'gold', test: 'informer' } },
    });
    const informer = new Informer<ConfigMap>(client, {
      gvk: CONFIGMAP,
      namespace: NS,
      labelSelector: SELECTOR,
      logger,
      resyncPeriodMs: 0,
    });
    const first = record(informer);
    informer.start();
    try {
      await informer.synced;
      const late = record(informer);
      expect(late).toContain('add labelled');
      expect(informer.bySelector({ tier: 'gold' }).map((o) => o.metadata.name)).toEqual(['labelled']);
      first.length = 0;
      informer.resync();
      expect(first).toContain('update labelled@x (resync)');
      expect(client.stats.snapshot()['list configmaps']).toBe(1);
    } finally {
      await informer.stop();
    }
  });
});

describe('informer across an API server restart (private kube-apiserver)', () => {
  let kube: PrivateKube | undefined;

  afterAll(async () => kube?.stop());

  it('reconnects with backoff and misses no change made around the restart', async () => {
    // The pid keeps two concurrent runs of this file (two engineers, npm test) off each other's API server.
    kube = await startPrivateKube({ name: `ctrl-informer-restart-${process.pid}` });
    const NS = 'restart';
    const writer = connect({ kubeconfigPath: kube.kubeconfigPath });
    await createNamespace(writer, NS);
    await writer.create(cm(NS, 'x1', 'v1'));
    const informer = new Informer<ConfigMap>(connect({ kubeconfigPath: kube.kubeconfigPath }), {
      gvk: CONFIGMAP,
      namespace: NS,
      labelSelector: SELECTOR,
      logger,
      resyncPeriodMs: 0,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const seen = record(informer);
    informer.start();
    try {
      await informer.synced;
      expect(seen).toEqual(['add x1']);
      seen.length = 0;

      await kube.stopApiServer();
      await eventually(() => expect(informer.stats.watchErrors).toBeGreaterThan(0), { timeoutMs: 30_000 });
      await kube.restart();
      await eventually(() => writer.list(CONFIGMAP, { namespace: NS }), { timeoutMs: 60_000 });
      const x1 = await writer.get<ConfigMap>(CONFIGMAP, 'x1', NS);
      await writer.update({ ...x1, data: { message: 'v2' } });
      await writer.create(cm(NS, 'x2', 'v1'));
      await eventually(() => expect(seen.slice().sort()).toEqual(['add x2', 'update x1@v2']), {
        timeoutMs: 60_000,
      });
      await writer.delete(CONFIGMAP, 'x2', NS);
      await eventually(() => expect(seen.slice().sort()).toEqual(['add x2', 'delete x2', 'update x1@v2']));
    } finally {
      await informer.stop();
    }
  });
});
