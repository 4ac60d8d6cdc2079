import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export { KubeConfig } from '@kubernetes/client-node';

/**
 * Loads the kubeconfig a Kuack process talks through: an explicit file, else $KUBECONFIG, else the in-cluster
 * service account, else ~/.kube/config (client-node's loadFromDefault order).
 */
export function loadKubeConfig(file?: string): KubeConfig {
  const kc = new KubeConfig();
  if (file) kc.loadFromFile(file);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) {
    throw new Error(`kubeconfig${file ? ` ${file}` : ''}: no current cluster (set current-context)`);
  }
  return kc;
}

export function coreApi(kc: KubeConfig): CoreV1Api {
  return kc.makeApiClient(CoreV1Api);
}
