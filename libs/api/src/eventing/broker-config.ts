// config-br-defaults lookups (knative.dev/eventing pkg/apis/config/defaults.go): which class a new Broker gets
// and which backend config / delivery it defaults to, per namespace with a cluster fallback.
import type { BrDefaultsConfig, BrokerDefaults } from '../core/config';
import type { DeliverySpec } from '../core/duck/delivery';
import type { KReference } from '../core/duck/kreference';

/** A class's config: the inline KReference fields plus delivery. */
type BrokerConfigEntry = Omit<BrokerDefaults, 'brokerClass'>;

/** Knative's DefaultConfig also has per-class configs and a namespace policy the framework type lacks. */
export interface BrokerDefaultsWithClasses extends BrokerDefaults {
  brokerClasses?: Record<string, BrokerConfigEntry | undefined>;
  disallowDifferentNamespaceConfig?: boolean;
}

export interface ResolvedBrokerConfig {
  config?: KReference;
  delivery?: DeliverySpec;
}

function withClasses(d: BrokerDefaults | undefined): BrokerDefaultsWithClasses | undefined {
  return d as BrokerDefaultsWithClasses | undefined;
}

/** Go's inline `*BrokerConfig` is non-nil when any of its fields is set. */
function hasInlineConfig(d: BrokerConfigEntry | undefined): d is BrokerConfigEntry {
  return (
    !!d && [d.apiVersion, d.kind, d.name, d.namespace, d.delivery].some((v) => v !== undefined && v !== '')
  );
}

function resolve(entry: BrokerConfigEntry): ResolvedBrokerConfig {
  const hasRef = [entry.apiVersion, entry.kind, entry.name, entry.namespace].some(
    (v) => v !== undefined && v !== '',
  );
  const out: ResolvedBrokerConfig = {};
  if (hasRef) {
    out.config = { kind: entry.kind ?? '', name: entry.name ?? '' };
    if (entry.apiVersion) out.config.apiVersion = entry.apiVersion;
    if (entry.namespace) out.config.namespace = entry.namespace;
  }
  if (entry.delivery) out.delivery = entry.delivery;
  return out;
}

function clusterConfig(defaults: BrDefaultsConfig, brokerClass: string): ResolvedBrokerConfig | undefined {
  const cluster = withClasses(defaults.clusterDefault);
  if (!cluster || !hasInlineConfig(cluster)) return undefined;
  return resolve(cluster.brokerClasses?.[brokerClass] ?? cluster);
}

function configByClass(
  defaults: BrDefaultsConfig,
  namespace: string,
  brokerClass: string,
): ResolvedBrokerConfig | undefined {
  const ns = withClasses(defaults.namespaceDefaults?.[namespace]);
  if (ns) {
    const perClass = ns.brokerClasses?.[brokerClass];
    if (ns.brokerClass === brokerClass) {
      if (perClass) return resolve(perClass);
      return hasInlineConfig(ns) ? resolve(ns) : clusterConfig(defaults, brokerClass);
    }
    if (perClass) return resolve(perClass);
  }
  return clusterConfig(defaults, brokerClass);
}

/** Defaults.GetBrokerConfig: undefined when config-br-defaults has nothing for this namespace/class. */
export function brokerConfigFor(
  defaults: BrDefaultsConfig,
  namespace: string,
  brokerClass: string | undefined,
): ResolvedBrokerConfig | undefined {
  if (brokerClass) return configByClass(defaults, namespace, brokerClass);
  const nsClass = defaults.namespaceDefaults?.[namespace]?.brokerClass;
  if (nsClass) return configByClass(defaults, namespace, nsClass);
  return clusterConfig(defaults, '');
}

/** Defaults.GetBrokerClass: the namespace's class, else the cluster's. */
export function brokerClassFor(defaults: BrDefaultsConfig, namespace: string): string | undefined {
  return (
    defaults.namespaceDefaults?.[namespace]?.brokerClass || defaults.clusterDefault?.brokerClass || undefined
  );
}

/** Broker validation allows config refs in other namespaces unless config-br-defaults disallows it. */
export function differentNamespaceAllowed(defaults: BrDefaultsConfig, namespace: string): boolean {
  const ns = withClasses(defaults.namespaceDefaults?.[namespace]);
  const cluster = withClasses(defaults.clusterDefault);
  return !(ns?.disallowDifferentNamespaceConfig || cluster?.disallowDifferentNamespaceConfig);
}
