import { connect } from '@kuack/controller';
import { podSubnet, requireServices } from '@kuack/testenv';
import { deploymentSuite } from './deployment-cases';

// The reference: kube-apiserver + kube-controller-manager + kube-scheduler of the test environment. It refuses
// loopback addresses in Endpoints, so the agent takes a /24 of KUACK_POD_CIDR (routed to lo; ADR 0015).
deploymentSuite('kube', async () => {
  const env = await requireServices(['kube']);
  return {
    client: connect({ kubeconfigPath: env.kube.kubeconfigPath }),
    podCidr: podSubnet({ base: env.kube.podCidr }),
    close: async () => undefined,
  };
});
