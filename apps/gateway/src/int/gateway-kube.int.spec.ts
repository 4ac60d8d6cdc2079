import fs from 'node:fs';
import path from 'node:path';
import { type KubeObject, connect, isAlreadyExists } from '@kuack/controller';
import { eventually, podSubnet, requireServices } from '@kuack/testenv';
import YAML from 'yaml';
import { INGRESS_GVK } from '../gateway';
import { gatewaySuite } from './gateway-cases';

jest.setTimeout(120_000);

const CRD = path.resolve(
  __dirname,
  '../../../../charts/kuack/files/crds/ingresses.networking.internal.knative.dev.yaml',
);

// The testenv's real kube-apiserver. It refuses loopback addresses in Endpoints, so the backends listen on an
// address of this process's /24 of KUACK_POD_CIDR (routed to `lo` by the testenv).
gatewaySuite('kube', async () => {
  const env = await requireServices(['kube']);
  const kubeconfigPath = process.env.KUBECONFIG;
  if (!kubeconfigPath) throw new Error('KUBECONFIG is not set after requireServices(["kube"])');
  const client = connect({ kubeconfigPath });
  try {
    await client.create(YAML.parse(fs.readFileSync(CRD, 'utf8')) as KubeObject);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  await eventually(() => client.list(INGRESS_GVK, { limit: 1 }), { timeoutMs: 30_000 });
  const subnet = podSubnet({ base: env.kube.podCidr });
  return {
    kubeconfigPath,
    // .250 of the claimed /24: node agents of this test process hand out addresses from the bottom.
    backendHost: subnet.replace(/\.0\/24$/, '.250'),
    close: async () => undefined,
  };
});
