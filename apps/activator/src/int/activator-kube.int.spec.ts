import fs from 'node:fs';
import path from 'node:path';
import { type KubeObject, connect, isAlreadyExists } from '@kuack/controller';
import { eventually, podSubnet, requireServices } from '@kuack/testenv';
import YAML from 'yaml';
import { REVISION_GVK } from '../revision-info';
import { activatorSuite } from './activator-cases';

jest.setTimeout(120_000);

const CRD = path.resolve(__dirname, '../../../../charts/kuack/files/crds/revisions.serving.knative.dev.yaml');

// The testenv's real kube-apiserver. It refuses loopback addresses in Endpoints, so the activator and the Pods
// listen on addresses of this process's /24 of KUACK_POD_CIDR (routed to `lo` by the testenv).
activatorSuite('kube', async () => {
  const env = await requireServices(['kube']);
  const kubeconfigPath = process.env.KUBECONFIG;
  if (!kubeconfigPath) throw new Error('KUBECONFIG is not set after requireServices(["kube"])');
  const client = connect({ kubeconfigPath });
  try {
    await client.create(YAML.parse(fs.readFileSync(CRD, 'utf8')) as KubeObject);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  await eventually(() => client.list(REVISION_GVK, { limit: 1 }), { timeoutMs: 30_000 });
  const prefix = podSubnet({ base: env.kube.podCidr }).replace(/\.0\/24$/, '');
  // .24x of the claimed /24: node agents of this test process hand out addresses from the bottom.
  return {
    kubeconfigPath,
    hosts: { activator: `${prefix}.240`, pods: [`${prefix}.241`, `${prefix}.242`] },
    close: async () => undefined,
  };
});
