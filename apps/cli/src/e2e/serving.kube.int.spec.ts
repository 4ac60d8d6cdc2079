import { podSubnet, requireServices, testEnv } from '@kuack/testenv';
import { startPlatform } from './platform';
import { servingSuite } from './serving-suite';

// The same platform on the testenv's real kube-apiserver + controller-manager + scheduler: `kuack up
// --kubeconfig` installs the CRDs and config maps into the test's own namespace, which is also the only one its
// controllers watch (so other test files sharing this API server are never disturbed), and the node agent joins
// as a Node with Pod addresses from the routed pod network.
beforeAll(() => requireServices(['kube']), 600_000);

// A namespace of this run's own: deleting the previous run's may still be under way.
const namespace = `e2e-kube-${Date.now().toString(36)}`;

servingSuite(
  'the real kube-apiserver',
  () => {
    const subnet = podSubnet(); // e.g. 10.248.17.0/24: Pods in the lower half, the activator above it
    const prefix = subnet.split('.').slice(0, 3).join('.');
    return startPlatform({
      kubeconfig: testEnv().kube.kubeconfigPath,
      podCidr: `${prefix}.0/25`,
      activatorIp: `${prefix}.200`,
      nodeName: `kuack-e2e-${process.pid}`,
      systemNamespace: namespace,
    });
  },
  namespace,
);
