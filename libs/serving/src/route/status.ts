import type { TrafficTarget } from '@kuack/api';
import type { RouteObject } from '../resources/kinds';
import {
  type DomainSettings,
  domainNameFor,
  hostnameFor,
  urlFor,
  withVisibility,
  type Visibility,
} from './domains';
import type { TrafficConfig } from './traffic';

const metaOf = (route: RouteObject) => ({
  name: route.metadata.name as string,
  namespace: route.metadata.namespace as string,
  labels: route.metadata.labels,
  annotations: route.metadata.annotations,
});

/** The URL of one traffic name ('' = the route itself, else a tag) under its visibility. */
export function trafficUrl(
  settings: DomainSettings,
  route: RouteObject,
  name: string,
  visibility: Visibility,
): string {
  const meta = withVisibility(metaOf(route), visibility === 'ClusterLocal');
  const host = domainNameFor(settings, meta, hostnameFor(settings, route.metadata.name as string, name));
  return urlFor(settings, host, visibility);
}

/** GetRevisionTrafficTargets (no rollout): status.traffic, with a URL on each tagged target. */
export function statusTraffic(
  settings: DomainSettings,
  route: RouteObject,
  tc: TrafficConfig,
  visibility: Map<string, Visibility>,
): TrafficTarget[] {
  return tc.revisionTargets.map((t) => ({
    ...(t.tag ? { tag: t.tag } : {}),
    revisionName: t.revisionName,
    percent: t.percent,
    latestRevision: t.latestRevision,
    ...(t.tag ? { url: trafficUrl(settings, route, t.tag, visibility.get(t.tag) ?? 'ExternalIP') } : {}),
  }));
}
