import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedClusterSpec } from './components';
import { readClusterKubeconfig, waitForClusterReady } from './cluster-ready';

describe('the embedded-cluster component of kuack up', () => {
  it('runs the bundled app with the data dir, port and chart CRDs, and describes the kubeconfig', () => {
    const spec = embeddedClusterSpec({
      rootDir: '/repo',
      dataDir: '/data',
      examples: false,
      apiPort: 7443,
      gatewayHttpPort: 8080,
      gatewayHttpsPort: 8443,
      activatorAddress: '127.0.0.1:8012',
      autoscalerPort: 8086,
      podCidr: '127.1.0.0/16',
      nodeName: 'kuack-local',
      systemNamespace: 'knative-serving',
      imageStore: '/data/images',
    });
    expect(spec.args).toEqual([
      '/repo/dist/apps/embedded-cluster/main.js',
      '--data-dir',
      '/data',
      '--port',
      '7443',
      '--crd-dir',
      '/repo/charts/kuack/files/crds',
    ]);
    expect(spec.describe!()).toEqual([
      'Kubernetes API https://127.0.0.1:7443',
      'export KUBECONFIG=/data/kubeconfig',
    ]);
    expect(spec.ready).toBeInstanceOf(Function);
  });

  it('is ready once /readyz answers over TLS with the kubeconfig CA and token', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-up-ready-'));
    const { startEmbeddedCluster } = await import('@kuack/apiserver');
    const cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
    try {
      const facts = readClusterKubeconfig(cluster.kubeconfigPath);
      expect(facts.server).toBe(cluster.url);
      expect((fs.statSync(cluster.kubeconfigPath).mode & 0o777).toString(8)).toBe('600');
      await expect(
        waitForClusterReady(cluster.kubeconfigPath, cluster.url, AbortSignal.timeout(10_000)),
      ).resolves.toBeUndefined();
      // A stale kubeconfig for another address is never taken as ready.
      await expect(
        waitForClusterReady(cluster.kubeconfigPath, 'https://127.0.0.1:1', AbortSignal.timeout(300)),
      ).rejects.toThrow(/stopped waiting/);
    } finally {
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names the file when the kubeconfig is not one the cluster wrote', () => {
    const file = path.join(os.tmpdir(), `kuack-bad-kubeconfig-${process.pid}`);
    fs.writeFileSync(file, 'apiVersion: v1\nclusters: []\n');
    expect(() => readClusterKubeconfig(file)).toThrow(file);
    fs.rmSync(file);
  });
});
