import { requireServices } from '@kuack/testenv';
import { RawClient } from './client';
import { conformanceSuite } from './cases';

// The reference: the real kube-apiserver of the test environment (with its controller-manager).
conformanceSuite('kube', async () => {
  const env = await requireServices(['kube']);
  return { client: RawClient.fromFile(env.kube.kubeconfigPath), close: async () => undefined };
});
