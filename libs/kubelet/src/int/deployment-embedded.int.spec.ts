import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCluster } from '@kuack/apiserver';
import { connect } from '@kuack/controller';
import { podSubnet } from '@kuack/testenv';
import { startWorkloadControllers } from '@kuack/workloads';
import pino from 'pino';
import { deploymentSuite } from './deployment-cases';

// The embedded cluster with libs/workloads' controllers (Deployment, ReplicaSet, scheduler, Endpoints), as the
// embedded-cluster app runs them, and the real NodeAgent.
deploymentSuite('embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-deploy-cluster-'));
  const cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
  const controllers = await startWorkloadControllers({
    kubeconfigPath: cluster.kubeconfigPath,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    podGcQuarantineMs: 500,
  });
  return {
    client: connect({ kubeconfigPath: cluster.kubeconfigPath }),
    // The embedded cluster accepts loopback Pod addresses.
    podCidr: podSubnet({ base: '127.1.0.0/16' }),
    close: async () => {
      await controllers.stop();
      await cluster.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
