import type { ConfigParser } from './parse';

/**
 * Eventing's config-features (knative/eventing pkg/apis/feature): flag name → value. Besides
 * Enabled/Disabled/Allowed, `transport-encryption` takes Permissive/Strict and `default-authorization-mode`
 * Allow-All/Deny-All/Allow-Same-Namespace; node-selector and URL flags keep their text. Like Knative, an
 * unknown value is kept as written (and logged there), never refused.
 */
export type EventingFeatures = Record<string, string>;

export const EVENTING_FEATURE_DEFAULTS: Readonly<EventingFeatures> = {
  'kreference-group': 'Disabled',
  'delivery-retryafter': 'Disabled',
  'delivery-timeout': 'Enabled',
  'kreference-mapping': 'Disabled',
  'transport-encryption': 'Disabled',
  'authentication-oidc': 'Disabled',
  'eventtype-auto-create': 'Disabled',
  'new-apiserversource-filters': 'Disabled',
  'default-authorization-mode': 'Allow-Same-Namespace',
  'oidc-discovery-base-url': 'https://kubernetes.default.svc',
  'requestreply-default-timeout': 'PT30S',
};

const COMMON = ['Enabled', 'Disabled', 'Allowed'];
const BY_FLAG: Record<string, string[]> = {
  'transport-encryption': [...COMMON, 'Permissive', 'Strict'],
  'default-authorization-mode': [...COMMON, 'Allow-All', 'Deny-All', 'Allow-Same-Namespace'],
};

export const eventingFeaturesConfig: ConfigParser<EventingFeatures> = {
  // Same ConfigMap name as Serving's, in the eventing system namespace: watch it with its own ConfigStore.
  name: 'config-features',
  defaults: () => ({ ...EVENTING_FEATURE_DEFAULTS }),
  parse(data) {
    const flags: EventingFeatures = { ...EVENTING_FEATURE_DEFAULTS };
    for (const [rawKey, value] of Object.entries(data)) {
      if (rawKey.startsWith('_')) continue;
      const key = rawKey.trim();
      const known = (BY_FLAG[key] ?? COMMON).find((v) => v.toLowerCase() === value.trim().toLowerCase());
      flags[key] = known ?? value;
    }
    return flags;
  },
};

/** `transport-encryption` as Eventing reads it: disabled | permissive | strict. */
export function transportEncryption(flags: EventingFeatures): 'disabled' | 'permissive' | 'strict' {
  const v = (flags['transport-encryption'] ?? 'Disabled').toLowerCase();
  return v === 'permissive' || v === 'strict' ? v : 'disabled';
}

export function eventingFlagEnabled(flags: EventingFeatures, key: string): boolean {
  return (flags[key] ?? '').toLowerCase() === 'enabled';
}
