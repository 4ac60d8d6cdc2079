export {
  type AuthRegistrySettings,
  type RegistrySettings,
  type ServiceName,
  type TestEnv,
  testEnv,
} from './settings';
export { requireServices, applySettings, SERVICES_UP_VARIABLE } from './require-services';
export { type PrivateKube, startPrivateKube } from './private-kube';
export { eventually } from './eventually';
export { TESTENV_CLI } from './cli';
export { type PodSubnetOptions, podSubnet } from './pod-subnet';
