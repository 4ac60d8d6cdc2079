import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCluster } from '../cluster';
import { RawClient } from './client';
import { conformanceSuite } from './cases';

conformanceSuite('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-conformance-'));
  const cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
  return {
    client: RawClient.fromFile(cluster.kubeconfigPath),
    close: async () => {
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
