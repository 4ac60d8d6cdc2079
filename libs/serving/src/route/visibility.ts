import { ServingLabels, VisibilityLabelKey } from '@kuack/api';
import { DEFAULT_DOMAIN, type KubeObject, lookupDomain } from '@kuack/controller';
import type { RouteObject } from '../resources/kinds';
import { type DomainSettings, type Visibility, hostnameFor } from './domains';
import { DEFAULT_TARGET } from './traffic';

/**
 * GetVisibility: per traffic name ('' and every tag), cluster-local when the route's domain (config-domain by
 * its labels, the visibility label included) is svc.cluster.local, or when that name's placeholder Service
 * carries networking.knative.dev/visibility (how a single tag is made cluster-local); else external.
 */
export function routeVisibility(
  settings: DomainSettings,
  route: RouteObject,
  services: KubeObject[] = [],
): Map<string, Visibility> {
  const domain = lookupDomain(settings.domain, route.metadata.labels ?? {});
  const routeWide: Visibility = domain === DEFAULT_DOMAIN ? 'ClusterLocal' : 'ExternalIP';
  const byName = new Map(
    services
      .filter((s) => s.metadata.labels?.[ServingLabels.route] === route.metadata.name)
      .map((s) => [s.metadata.name, s]),
  );
  const names = [DEFAULT_TARGET, ...(route.spec.traffic ?? []).map((t) => t.tag ?? '').filter(Boolean)];
  const out = new Map<string, Visibility>();
  for (const name of names) {
    const svc = byName.get(hostnameFor(settings, route.metadata.name as string, name));
    const local = routeWide === 'ClusterLocal' || !!svc?.metadata.labels?.[VisibilityLabelKey];
    out.set(name, local ? 'ClusterLocal' : 'ExternalIP');
  }
  return out;
}
