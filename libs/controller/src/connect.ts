import { type ClientOptions, createKubeClient } from './client';
import { loadKubeConfig } from './kube-config';
import { kubeConfigTransport } from './transport';

export interface ConnectOptions extends ClientOptions {
  /** A kubeconfig file; else $KUBECONFIG, in-cluster, ~/.kube/config. */
  kubeconfigPath?: string;
  userAgent?: string;
}

/** A KubeClient for the current context of a kubeconfig: what every Kuack process starts with. */
export function connect(options: ConnectOptions = {}) {
  const kc = loadKubeConfig(options.kubeconfigPath);
  return createKubeClient(kubeConfigTransport(kc, { userAgent: options.userAgent }), options);
}
