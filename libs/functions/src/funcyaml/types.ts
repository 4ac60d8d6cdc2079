/** func.yaml as Knative Functions writes it (specVersion 0.36.0); every field optional except specVersion. */
export interface FuncYaml {
  specVersion: string;
  name?: string;
  domain?: string;
  runtime?: string;
  registry?: string;
  registryInsecure?: boolean;
  image?: string;
  namespace?: string;
  deployer?: string;
  created?: string;
  invoke?: 'http' | 'cloudevent';
  build?: BuildSpec;
  run?: RunSpec;
  deploy?: DeploySpec;
  [unknown: string]: unknown;
}

export interface Env {
  name?: string;
  value?: string;
}

export interface BuildSpec {
  git?: { url?: string; revision?: string; contextDir?: string };
  builderImages?: Record<string, string>;
  buildpacks?: string[];
  builder?: string;
  buildEnvs?: Env[];
  pvcSize?: string;
  remoteStorageClass?: string;
  baseImage?: string;
  volumes?: Array<{ hostPath?: string; path?: string }>;
}

export interface Volume {
  secret?: string;
  configMap?: string;
  persistentVolumeClaim?: { claimName?: string; readOnly?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  path?: string;
}

export interface RunSpec {
  volumes?: Volume[];
  envs?: Env[];
  startTimeout?: string | number;
}

export interface Label {
  key?: string;
  value?: string;
}

export interface ScaleOptions {
  min?: number;
  max?: number;
  metric?: 'concurrency' | 'rps';
  target?: number;
  utilization?: number;
}

export interface ResourcesOptions {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string; concurrency?: number };
}

export interface Subscription {
  source: string;
  filters?: Record<string, string>;
}

export interface DeploySpec {
  namespace?: string;
  image?: string;
  annotations?: Record<string, string>;
  options?: { scale?: ScaleOptions; resources?: ResourcesOptions };
  labels?: Label[];
  healthEndpoints?: { liveness?: string; readiness?: string };
  serviceAccountName?: string;
  imagePullSecret?: string;
  deployer?: string;
  subscriptions?: Subscription[];
  managementDisabled?: boolean;
}

/** The specVersion Kuack writes (the newest func migration it knows). */
export const SPEC_VERSION = '0.36.0';
export const FUNC_YAML = 'func.yaml';
