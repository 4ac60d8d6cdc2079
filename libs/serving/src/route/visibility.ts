import { DEFAULT_DOMAIN, lookupDomain } from '@kuack/controller';
import type { RouteObject } from '../resources/kinds';
import type { DomainSettings, Visibility } from './domains';
import { DEFAULT_TARGET } from './traffic';

/**
 * The visibility of each traffic name ('' and every tag): cluster-local when the route's domain (config-domain
 * by labels, the visibility label included) is svc.cluster.local, else external. Knative can also make a
 * single tag cluster-local through its placeholder Service's label; Kuack has no placeholder Services.
 */
export function routeVisibility(settings: DomainSettings, route: RouteObject): Map<string, Visibility> {
  const domain = lookupDomain(settings.domain, route.metadata.labels ?? {});
  const visibility: Visibility = domain === DEFAULT_DOMAIN ? 'ClusterLocal' : 'ExternalIP';
  const out = new Map<string, Visibility>([[DEFAULT_TARGET, visibility]]);
  for (const t of route.spec.traffic ?? []) if (t.tag) out.set(t.tag, visibility);
  return out;
}
