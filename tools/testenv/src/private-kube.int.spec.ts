// startPrivateKube(): an API server of the test's own that can be stopped and restarted with its data.
import fs from 'node:fs';

import * as k8s from '@kubernetes/client-node';

import { eventually } from './eventually';
import { type PrivateKube, startPrivateKube } from './private-kube';
import { tcpPortOpen } from './tcp';

jest.setTimeout(180_000);

let kube: PrivateKube;

beforeAll(async () => {
  kube = await startPrivateKube({ name: 'testenv-smoke' });
}, 900_000);

afterAll(async () => {
  await kube?.stop();
});

function core(): k8s.CoreV1Api {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  return kc.makeApiClient(k8s.CoreV1Api);
}

it('keeps its objects and its address across an API server stop and restart', async () => {
  const port = Number(new URL(kube.server).port);
  await core().createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'survivor' }, data: { a: '1' } },
  });

  await kube.stopApiServer();
  expect(await tcpPortOpen(port)).toBe(false);
  await expect(core().readNamespacedConfigMap({ namespace: 'default', name: 'survivor' })).rejects.toThrow(
    /ECONNREFUSED/,
  );

  await kube.restart();
  expect(await tcpPortOpen(port)).toBe(true);
  const configMap = await eventually(() =>
    core().readNamespacedConfigMap({ namespace: 'default', name: 'survivor' }),
  );
  expect(configMap.data).toEqual({ a: '1' });
});

it('has a store of its own (only the built-in namespaces, nothing from other tests)', async () => {
  const { items } = await core().listNamespace();
  expect(items.map((ns) => ns.metadata?.name).sort()).toEqual([
    'default',
    'kube-node-lease',
    'kube-public',
    'kube-system',
  ]);
});

it('stops completely: the port closes and its data is gone', async () => {
  const port = Number(new URL(kube.server).port);
  await kube.stop();
  expect(await tcpPortOpen(port)).toBe(false);
  expect(fs.existsSync(kube.kubeconfigPath)).toBe(false);
});
