import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Test-only: the embedded cluster (platform scope) hosts the API this serving app is tested against; the
// gateway itself depends on it only through the Kubernetes API.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedCluster } from '@kuack/apiserver';
import { gatewaySuite } from './gateway-cases';

jest.setTimeout(60_000);

// The embedded cluster in this process with Kuack's CRDs (KIngress among them), as `kuack up` runs it. It
// accepts loopback addresses in Endpoints, so the backends listen on 127.0.0.1.
gatewaySuite('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-gateway-'));
  const cluster = await startEmbeddedCluster({
    dataDir: dir,
    port: 0,
    crdDir: path.resolve(__dirname, '../../../../charts/kuack/files/crds'),
  });
  return {
    kubeconfigPath: cluster.kubeconfigPath,
    backendHost: '127.0.0.1',
    close: async () => {
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
