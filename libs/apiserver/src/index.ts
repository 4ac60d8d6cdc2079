export { Api, type Admission } from './api';
export { startEmbeddedCluster, type ClusterOptions, type RunningCluster } from './cluster';
export { renderKubeconfig, readKubeconfig, type KubeconfigFacts } from './kubeconfig';
export { Store } from './store';
export { containerLogFile, podLogDir } from './pod-logs';
export {
  knativeConfigMaps,
  type ConfigMapSeed,
  KUACK_INGRESS_CLASS,
  LOCAL_QUEUE_PROXY_IMAGE,
  GATEWAY_HTTP_PORT_KEY,
} from './knative-config';
export { readCrdManifests, installCrds } from './bootstrap';
export { knativeAdmission } from './knative-admission';
