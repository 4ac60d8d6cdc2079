import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Test-only: the embedded cluster (platform scope) hosts the API these serving controllers are tested against;
// they depend on it only through the Kubernetes API.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedCluster } from '@kuack/apiserver';
import { connect } from '@kuack/controller';
import { CRD_DIR, serviceRouteSuite } from './service-route-cases';

jest.setTimeout(120_000);

// The embedded cluster in this process (Kuack's CRDs, its admission and garbage collector), as `kuack up` runs it.
serviceRouteSuite('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-serving-routes-'));
  const cluster = await startEmbeddedCluster({ dataDir: dir, port: 0, crdDir: CRD_DIR });
  return {
    client: connect({ kubeconfigPath: cluster.kubeconfigPath, userAgent: 'serving-routes-int' }),
    close: async () => {
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
