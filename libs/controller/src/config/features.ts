import type { FeatureFlag } from '@kuack/api';
import type { ConfigParser } from './parse';

/** Serving's flag defaults (pkg/apis/config/features.go); @kuack/api holds the same table for admission. */
export const SERVING_FEATURE_DEFAULTS: Readonly<Record<string, FeatureFlag>> = {
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

/** config-features (serving pkg/apis/config/features.go) as @kuack/api's flag map, by ConfigMap key. */
export type FeaturesConfig = Record<string, FeatureFlag | undefined>;

const FLAGS: FeatureFlag[] = ['Enabled', 'Allowed', 'Disabled'];

export const featuresConfig: ConfigParser<FeaturesConfig> = {
  name: 'config-features',
  defaults: () => ({ ...SERVING_FEATURE_DEFAULTS }),
  parse(data) {
    const c: FeaturesConfig = { ...SERVING_FEATURE_DEFAULTS };
    for (const key of Object.keys(SERVING_FEATURE_DEFAULTS)) {
      const raw = data[key];
      if (raw === undefined) continue;
      const allowed = key === 'secure-pod-defaults' ? [...FLAGS, 'AllowRootBounded' as FeatureFlag] : FLAGS;
      // Like Knative, an unknown value leaves the default in place.
      const flag = allowed.find((f) => f.toLowerCase() === raw.trim().toLowerCase());
      if (flag) c[key] = flag;
    }
    return c;
  },
};
