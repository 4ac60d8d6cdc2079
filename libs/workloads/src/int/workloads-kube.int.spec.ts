import { connect } from '@kuack/controller';
import { requireServices } from '@kuack/testenv';
import { workloadSuite } from './workload-cases';

// The reference: kube-apiserver with kube-controller-manager and kube-scheduler of the test environment.
workloadSuite('kube', async () => {
  const env = await requireServices(['kube']);
  return { client: connect({ kubeconfigPath: env.kube.kubeconfigPath }), close: async () => undefined };
});
