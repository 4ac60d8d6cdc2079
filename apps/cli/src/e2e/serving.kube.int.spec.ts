import { podSubnet, requireServices, testEnv } from '@kuack/testenv';
import { startPlatform } from './platform';
import { servingSuite } from './serving-suite';

// The same platform on the testenv's real kube-apiserver + controller-manager + scheduler: `kuack up
// --kubeconfig` installs the CRDs and config maps (in a system namespace of its own, so it never disturbs other
// test files), and the node agent joins as a Node with Pod addresses from the routed pod network.
beforeAll(() => requireServices(['kube']), 600_000);

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
      systemNamespace: 'kuack-e2e-serving-system',
    });
  },
  'e2e-serving-kube',
);
