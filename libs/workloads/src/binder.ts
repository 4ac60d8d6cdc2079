import { type Transport, errorFromStatus, kubeConfigTransport, loadKubeConfig } from '@kuack/controller';

/** Assigns a pod to a node (what the scheduler writes). */
export type PodBinder = (
  namespace: string,
  pod: string,
  uid: string | undefined,
  node: string,
) => Promise<void>;

/** POST pods/{name}/binding, the subresource kube-scheduler uses (KubeClient has no create-on-subresource verb). */
export function bindingSubresource(transport: Transport): PodBinder {
  return async (namespace, pod, uid, node) => {
    const res = await transport.request({
      method: 'POST',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/binding`,
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod, namespace, ...(uid ? { uid } : {}) },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      },
      contentType: 'application/json',
    });
    if (res.status >= 300)
      throw errorFromStatus(res.status, res.body, `bind pod ${namespace}/${pod} to node ${node}`);
  };
}

export function kubeconfigBinder(kubeconfigPath?: string): PodBinder {
  return bindingSubresource(
    kubeConfigTransport(loadKubeConfig(kubeconfigPath), { userAgent: 'kuack-scheduler' }),
  );
}
