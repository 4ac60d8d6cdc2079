import { type ApiConfig, type FeatureFlag, featureFlag } from '../../core/config';

/** Eventing's config-features flags (knative.dev/eventing pkg/apis/feature) and their defaults. */
export const EventingFeature = {
  KReferenceGroup: 'kreference-group',
  DeliveryRetryAfter: 'delivery-retryafter',
  DeliveryTimeout: 'delivery-timeout',
  CrossNamespaceEventLinks: 'cross-namespace-event-links',
  NewAPIServerFilters: 'new-apiserversource-filters',
  OIDCAuthentication: 'authentication-oidc',
} as const;

export const EVENTING_FEATURE_DEFAULTS: Readonly<Record<string, FeatureFlag>> = {
  [EventingFeature.KReferenceGroup]: 'Disabled',
  [EventingFeature.DeliveryRetryAfter]: 'Disabled',
  [EventingFeature.DeliveryTimeout]: 'Enabled',
  [EventingFeature.CrossNamespaceEventLinks]: 'Disabled',
  [EventingFeature.NewAPIServerFilters]: 'Disabled',
  [EventingFeature.OIDCAuthentication]: 'Disabled',
};

/** Eventing reads a flag as on only when it is `Enabled` (feature.Flags.IsEnabled). */
export function eventingFeatureEnabled(config: ApiConfig, key: string): boolean {
  return featureFlag(config, key, EVENTING_FEATURE_DEFAULTS[key] ?? 'Disabled') === 'Enabled';
}
