import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Test-only: the embedded cluster (platform scope) hosts the API this serving app is tested against; the
// activator itself depends on it only through the Kubernetes API.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedCluster } from '@kuack/apiserver';
import { activatorSuite } from './activator-cases';

jest.setTimeout(120_000);

const octet = () => 2 + Math.floor(Math.random() * 250);
const base = `127.0.${10 + Math.floor(Math.random() * 200)}`;

// The embedded cluster in this process with Kuack's CRDs, as `kuack up` runs it; it accepts loopback
// addresses in Endpoints.
activatorSuite('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-activator-'));
  const cluster = await startEmbeddedCluster({
    dataDir: dir,
    port: 0,
    crdDir: path.resolve(__dirname, '../../../../charts/kuack/files/crds'),
  });
  const a = octet();
  return {
    kubeconfigPath: cluster.kubeconfigPath,
    hosts: {
      activator: `${base}.${a}`,
      pods: [`${base}.${(a % 250) + 3}`, `${base}.${((a + 1) % 250) + 3}`],
    },
    close: async () => {
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
