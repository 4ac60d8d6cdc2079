import { SERVING_FEATURE_DEFAULTS, type FeatureFlag } from '@kuack/api';
import type { ConfigParser } from './parse';

export { SERVING_FEATURE_DEFAULTS } from '@kuack/api';

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
