import {
  type ConfigParser,
  type ConfigStore,
  type DomainConfig,
  type FeaturesConfig,
  type NetworkConfig,
  domainConfig,
  featuresConfig,
  networkConfig,
} from '@kuack/controller';

/** A config from the store, or its defaults when the store does not watch that ConfigMap. */
export function configOrDefaults<T>(store: ConfigStore, parser: ConfigParser<T>): T {
  try {
    return store.get(parser);
  } catch {
    return parser.defaults();
  }
}

/** What the Route reads from the serving ConfigMaps. */
export function routeSettingsFrom(store: ConfigStore): {
  network: NetworkConfig;
  domain: DomainConfig;
  features: FeaturesConfig;
} {
  return {
    network: configOrDefaults(store, networkConfig),
    domain: configOrDefaults(store, domainConfig),
    features: configOrDefaults(store, featuresConfig),
  };
}
