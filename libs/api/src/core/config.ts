// Typed values of the ConfigMaps that change defaulting and validation. libs/controller parses the ConfigMaps
// (config-defaults, config-features, config-autoscaler, config-br-defaults, …) into these plain objects.
import type { DeliverySpec } from './duck/delivery';

export type FeatureFlag = 'Enabled' | 'Disabled' | 'Allowed' | 'AllowRootBounded';

/** Serving config-defaults (knative.dev/serving pkg/apis/config/defaults.go). */
export interface ServingDefaults {
  revisionTimeoutSeconds: number;
  maxRevisionTimeoutSeconds: number;
  /** Defaults to revisionTimeoutSeconds when the ConfigMap does not set it. */
  revisionResponseStartTimeoutSeconds: number;
  revisionIdleTimeoutSeconds: number;
  /** Go template in Knative; `{{.Name}}`-style fields are expanded by the defaulter. */
  userContainerNameTemplate: string;
  initContainerNameTemplate: string;
  containerConcurrency: number;
  containerConcurrencyMaxLimit: number;
  allowContainerConcurrencyZero: boolean;
  /** undefined = leave unset (tri-state in Knative). */
  enableServiceLinks: boolean | undefined;
  revisionCpuRequest?: string;
  revisionMemoryRequest?: string;
  revisionEphemeralStorageRequest?: string;
  revisionCpuLimit?: string;
  revisionMemoryLimit?: string;
  revisionEphemeralStorageLimit?: string;
}

/** The parts of config-autoscaler that admission needs (annotation validation and defaults). */
export interface AutoscalerConfig {
  enableScaleToZero: boolean;
  allowZeroInitialScale: boolean;
  /** 0 = unlimited. */
  maxScaleLimit: number;
  maxScale: number;
  minScale: number;
  initialScale: number;
  containerConcurrencyTargetDefault: number;
  containerConcurrencyTargetFraction: number;
  rpsTargetDefault: number;
  targetBurstCapacity: number;
  stableWindowSeconds: number;
  panicWindowPercentage: number;
  panicThresholdPercentage: number;
  scaleToZeroGracePeriodSeconds: number;
  scaleDownDelaySeconds: number;
  podAutoscalerClass: string;
  activationScale: number;
}

/** Eventing config-br-defaults: broker class and config per cluster / namespace. */
export interface BrokerDefaults {
  brokerClass?: string;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  delivery?: DeliverySpec;
}
export interface BrDefaultsConfig {
  clusterDefault?: BrokerDefaults;
  namespaceDefaults?: Record<string, BrokerDefaults>;
}

/** Eventing default-ch-webhook: the channel kind a Channel defaults to. */
export interface ChannelDefaultsConfig {
  clusterDefault?: { apiVersion: string; kind: string; spec?: Record<string, unknown> };
  namespaceDefaults?: Record<string, { apiVersion: string; kind: string; spec?: Record<string, unknown> }>;
}

export interface ApiConfig {
  defaults: ServingDefaults;
  autoscaler: AutoscalerConfig;
  /** Serving and eventing feature flags by their ConfigMap key, e.g. `kubernetes.podspec-affinity`. */
  features: Record<string, FeatureFlag | undefined>;
  brDefaults: BrDefaultsConfig;
  channelDefaults: ChannelDefaultsConfig;
  /** config-domain default domain, used only where defaulting needs it. */
  domain?: string;
}

export function defaultServingDefaults(): ServingDefaults {
  return {
    revisionTimeoutSeconds: 300,
    maxRevisionTimeoutSeconds: 600,
    revisionResponseStartTimeoutSeconds: 300,
    revisionIdleTimeoutSeconds: 0,
    userContainerNameTemplate: 'user-container',
    initContainerNameTemplate: 'init-container',
    containerConcurrency: 0,
    containerConcurrencyMaxLimit: 1000,
    allowContainerConcurrencyZero: true,
    enableServiceLinks: false,
  };
}

export function defaultAutoscalerConfig(): AutoscalerConfig {
  return {
    enableScaleToZero: true,
    allowZeroInitialScale: false,
    maxScaleLimit: 0,
    maxScale: 0,
    minScale: 0,
    initialScale: 1,
    containerConcurrencyTargetDefault: 100,
    containerConcurrencyTargetFraction: 0.7,
    rpsTargetDefault: 200,
    targetBurstCapacity: 211,
    stableWindowSeconds: 60,
    panicWindowPercentage: 10,
    panicThresholdPercentage: 200,
    scaleToZeroGracePeriodSeconds: 30,
    scaleDownDelaySeconds: 0,
    podAutoscalerClass: 'kpa.autoscaling.knative.dev',
    activationScale: 1,
  };
}

/** Serving feature defaults (pkg/apis/config/features.go). Eventing flags default per their own code. */
export const SERVING_FEATURE_DEFAULTS: Record<string, FeatureFlag> = {
  'multi-container': 'Enabled',
  'multi-container-probing': 'Disabled',
  'kubernetes.podspec-affinity': 'Disabled',
  'kubernetes.podspec-topologyspreadconstraints': 'Disabled',
  'kubernetes.podspec-hostaliases': 'Disabled',
  'kubernetes.podspec-fieldref': 'Disabled',
  'kubernetes.podspec-nodeselector': 'Disabled',
  'kubernetes.podspec-runtimeclassname': 'Disabled',
  'kubernetes.podspec-securitycontext': 'Disabled',
  'kubernetes.podspec-shareprocessnamespace': 'Disabled',
  'kubernetes.podspec-hostipc': 'Disabled',
  'kubernetes.podspec-hostpid': 'Disabled',
  'kubernetes.podspec-hostnetwork': 'Disabled',
  'kubernetes.podspec-priorityclassname': 'Disabled',
  'kubernetes.podspec-schedulername': 'Disabled',
  'kubernetes.containerspec-addcapabilities': 'Disabled',
  'kubernetes.podspec-tolerations': 'Disabled',
  'kubernetes.podspec-volumes-emptydir': 'Enabled',
  'kubernetes.podspec-volumes-hostpath': 'Disabled',
  'kubernetes.podspec-volumes-mount-propagation': 'Disabled',
  'kubernetes.podspec-volumes-csi': 'Disabled',
  'kubernetes.podspec-volumes-ephemeral': 'Disabled',
  'kubernetes.podspec-volumes-image': 'Disabled',
  'kubernetes.podspec-persistent-volume-claim': 'Disabled',
  'kubernetes.podspec-persistent-volume-write': 'Disabled',
  'queueproxy.mount-podinfo': 'Disabled',
  'queueproxy.resource-defaults': 'Disabled',
  'kubernetes.podspec-init-containers': 'Disabled',
  'kubernetes.podspec-dnspolicy': 'Disabled',
  'kubernetes.podspec-dnsconfig': 'Disabled',
  'secure-pod-defaults': 'Disabled',
  'tag-header-based-routing': 'Disabled',
  'autodetect-http2': 'Disabled',
};

export function defaultApiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    defaults: { ...defaultServingDefaults(), ...overrides.defaults },
    autoscaler: { ...defaultAutoscalerConfig(), ...overrides.autoscaler },
    features: { ...SERVING_FEATURE_DEFAULTS, ...overrides.features },
    brDefaults: overrides.brDefaults ?? { clusterDefault: { brokerClass: 'MTChannelBasedBroker' } },
    channelDefaults: overrides.channelDefaults ?? {
      clusterDefault: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' },
    },
    ...(overrides.domain !== undefined ? { domain: overrides.domain } : {}),
  };
}

/** A flag's value, with `fallback` for keys that are not set. */
export function featureFlag(config: ApiConfig, key: string, fallback: FeatureFlag = 'Disabled'): FeatureFlag {
  return config.features[key] ?? SERVING_FEATURE_DEFAULTS[key] ?? fallback;
}

/** Enabled or Allowed (a field gated by the flag may be set). */
export function featureAllowed(config: ApiConfig, key: string, fallback: FeatureFlag = 'Disabled'): boolean {
  const f = featureFlag(config, key, fallback);
  return f === 'Enabled' || f === 'Allowed';
}

export function featureEnabled(config: ApiConfig, key: string, fallback: FeatureFlag = 'Disabled'): boolean {
  return featureFlag(config, key, fallback) === 'Enabled';
}
