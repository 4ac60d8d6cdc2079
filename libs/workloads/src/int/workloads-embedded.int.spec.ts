import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCluster } from '@kuack/apiserver';
import { connect } from '@kuack/controller';
import pino from 'pino';
import { startWorkloadControllers } from '../workload-controllers';
import { workloadSuite } from './workload-cases';

// The embedded cluster with libs/workloads' controllers started against it, as the embedded-cluster app does.
workloadSuite('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-workloads-'));
  const cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
  const controllers = await startWorkloadControllers({
    kubeconfigPath: cluster.kubeconfigPath,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    podGcQuarantineMs: 500,
  });
  return {
    client: connect({ kubeconfigPath: cluster.kubeconfigPath }),
    close: async () => {
      await controllers.stop();
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
