import { VisibilityClusterLocal, VisibilityLabelKey, isDNS1123Subdomain } from '@kuack/api';
import {
  DEFAULT_DOMAIN,
  type DomainConfig,
  type NetworkConfig,
  defaultNetwork,
  lookupDomain,
  routeHost,
  tagName,
} from '@kuack/controller';

export type Visibility = 'ExternalIP' | 'ClusterLocal';

/** A domain the templates cannot produce (Knative's ErrDomainName: the Route reports `ErrorConfig`). */
export class DomainNameError extends Error {}

export interface RouteMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface DomainSettings {
  network: NetworkConfig;
  domain: DomainConfig;
}

/** HostnameFromTemplate: the route name, or the tag template (`{{.Tag}}-{{.Name}}`) for a tag. */
export function hostnameFor(settings: DomainSettings, routeName: string, tag: string): string {
  if (!tag) return routeName;
  try {
    return tagName(settings.network, { Name: routeName, Tag: tag });
  } catch (err) {
    throw new DomainNameError(`error executing the TagTemplate: ${(err as Error).message}`);
  }
}

/**
 * DomainNameFromTemplate: the route's domain from config-domain (by its labels; cluster-local →
 * svc.cluster.local) through config-network's domain template (Knative's default template for cluster-local
 * names), which must give a fully qualified domain name.
 */
export function domainNameFor(settings: DomainSettings, meta: RouteMeta, hostname: string): string {
  const labels = meta.labels ?? {};
  const domain = lookupDomain(settings.domain, labels);
  const clusterLocal = labels[VisibilityLabelKey] === VisibilityClusterLocal;
  const template = clusterLocal ? defaultNetwork() : settings.network;
  let host: string;
  try {
    host = routeHost(template, {
      Name: hostname,
      Namespace: meta.namespace,
      Domain: domain,
      Labels: labels,
      Annotations: meta.annotations ?? {},
    });
  } catch (err) {
    throw new DomainNameError(`error executing the DomainTemplate: ${(err as Error).message}`);
  }
  const problems = isDNS1123Subdomain(host);
  if (!host.includes('.') || problems.length)
    throw new DomainNameError(
      `invalid domain name ${JSON.stringify(host)}: ${problems.join('; ') || 'not fully qualified'}`,
    );
  return host;
}

/** The route's metadata as seen for one visibility (SetVisibility on a copy of the labels). */
export function withVisibility(meta: RouteMeta, clusterLocal: boolean): RouteMeta {
  const labels = { ...meta.labels };
  if (clusterLocal) labels[VisibilityLabelKey] = VisibilityClusterLocal;
  else delete labels[VisibilityLabelKey];
  return { ...meta, labels };
}

/** GetDomainsForVisibility: the primary host of a traffic name, expanded with cluster short names when local. */
export function domainsForVisibility(
  settings: DomainSettings,
  meta: RouteMeta,
  targetName: string,
  visibility: Visibility,
): { primary: string; expanded: string[] } {
  const hostname = hostnameFor(settings, meta.name, targetName);
  const local = visibility === 'ClusterLocal';
  const primary = domainNameFor(settings, withVisibility(meta, local), hostname);
  return { primary, expanded: local ? expandedHosts([primary]) : [primary] };
}

/** ingress.ExpandedHosts: `a.b.svc.cluster.local` also answers as `a.b.svc` and `a.b`. */
export function expandedHosts(hosts: string[]): string[] {
  const suffixes = ['', `.${DEFAULT_DOMAIN.replace(/^svc\./, '')}`, `.${DEFAULT_DOMAIN}`];
  const out = new Set<string>();
  for (const h of hosts) {
    for (const suffix of suffixes) {
      if (suffix && !h.endsWith(suffix)) continue;
      const trimmed = suffix ? h.slice(0, -suffix.length) : h;
      if (validTopLevelDomain(trimmed)) out.add(trimmed);
    }
  }
  return [...out].sort();
}

function validTopLevelDomain(domain: string): boolean {
  const tld = domain.split('.').at(-1) ?? '';
  return tld.length > 0 && tld.length <= 63 && !/^\d+$/.test(tld);
}

/** Whether a host is a cluster-local name. */
export function isClusterLocalHost(host: string): boolean {
  return host.endsWith(DEFAULT_DOMAIN.replace(/^svc\./, ''));
}

/** The URL of a host; external URLs carry the local-mode gateway port (config-network `kuack-gateway-http-port`). */
export function urlFor(settings: DomainSettings, host: string, visibility: Visibility): string {
  const scheme = visibility === 'ClusterLocal' ? 'http' : settings.network.defaultExternalScheme;
  const port = visibility === 'ExternalIP' ? settings.network.gatewayHttpPort : undefined;
  const shown = port && !(scheme === 'http' && port === 80) ? `:${port}` : '';
  return `${scheme}://${host}${shown}`;
}

/** The Kubernetes Service host name of the route: `{name}.{namespace}.svc.cluster.local`. */
export function serviceHostname(meta: RouteMeta): string {
  return `${meta.name}.${meta.namespace}.${DEFAULT_DOMAIN}`;
}
