import { type Clock, ServingLabels, serviceStatus, type TrafficTarget } from '@kuack/api';
import { type Lister, type Reconciler, semanticEqual } from '@kuack/controller';
import { ChildNotOwnedError, reconcileChild } from '../resources/child';
import type { ConfigurationObject, RevisionObject, RouteObject, ServiceObject } from '../resources/kinds';
import { configurationName, makeConfiguration, makeRoute, routeName } from './resources';

export interface ServiceReconcilerDeps {
  configurations: Lister<ConfigurationObject>;
  routes: Lister<RouteObject>;
  revisions: Lister<RevisionObject>;
  clock?: Clock;
}

/**
 * Knative's Service reconciler: one Configuration and one Route of the Service's name, owned by it; the
 * Service's status mirrors theirs (ConfigurationsReady, RoutesReady, url, address, traffic, latest
 * revisions), with OutOfDate while a child has not observed its new generation, NotOwned for a same-named
 * child it does not control, RevisionNameTaken for a BYO revision name held by another spec, and
 * TrafficNotMigrated while the Route does not yet serve what the Service asks for.
 */
export function serviceReconciler(deps: ServiceReconcilerDeps): Reconciler<ServiceObject> {
  return {
    async reconcileKind(ctx, service) {
      const status = serviceStatus((service.status ??= {}), deps.clock);
      const ns = service.metadata.namespace as string;

      let config: ConfigurationObject;
      try {
        const existing = deps.configurations.get(`${ns}/${configurationName(service)}`);
        config = await reconcileChild(
          ctx,
          service,
          makeConfiguration(service, existing),
          deps.configurations,
          `Configuration ${JSON.stringify(configurationName(service))}`,
        );
      } catch (err) {
        if (err instanceof ChildNotOwnedError) status.markConfigurationNotOwned(configurationName(service));
        throw err;
      }

      const byoName = config.spec.template?.metadata?.name;
      if (config.metadata.generation !== config.status?.observedGeneration) {
        status.markConfigurationNotReconciled();
        // With a BYO revision name, the Route may only move once the Configuration made that revision.
        if (byoName) return;
      } else {
        status.propagateConfigurationStatus(config.status ?? {});
      }

      if (byoName && revisionNameTaken(config, deps.revisions.get(`${ns}/${byoName}`))) {
        status.markRevisionNameTaken(byoName);
        return;
      }

      let route: RouteObject;
      try {
        route = await reconcileChild(
          ctx,
          service,
          makeRoute(service),
          deps.routes,
          `Route ${JSON.stringify(routeName(service))}`,
        );
      } catch (err) {
        if (err instanceof ChildNotOwnedError) status.markRouteNotOwned(routeName(service));
        throw err;
      }
      if (route.metadata.generation !== route.status?.observedGeneration) status.markRouteNotReconciled();
      else status.propagateRouteStatus(route.status ?? {});

      const routesReady = service.status.conditions?.find((c) => c.type === 'RoutesReady');
      if (routesReady?.status === 'True' && !routeServesWhatIsWanted(config, route))
        status.markRouteNotYetReady();
    },
  };
}

/**
 * CheckNameAvailability: a BYO-named revision that exists is usable only when this Configuration controls it
 * and it is of the current generation or has the template's spec.
 */
export function revisionNameTaken(config: ConfigurationObject, rev: RevisionObject | undefined): boolean {
  if (!rev) return false;
  const ctl = rev.metadata.ownerReferences?.find((r) => r.controller);
  if (ctl?.uid !== config.metadata.uid) return true;
  if (rev.metadata.labels?.[ServingLabels.configurationGeneration] === String(config.metadata.generation))
    return false;
  return !semanticEqual(config.spec.template?.spec ?? {}, rev.spec ?? {});
}

/**
 * checkRoutesNotReady: the Route's status traffic must be its spec traffic with the Configuration's targets
 * resolved to its latest ready revision (URL and latestRevision ignored).
 */
export function routeServesWhatIsWanted(config: ConfigurationObject, route: RouteObject): boolean {
  const want = route.spec.traffic ?? [];
  const got = route.status?.traffic ?? [];
  if (want.length !== got.length) return false;
  const view = (t: TrafficTarget) => ({
    tag: t.tag || undefined,
    revisionName: t.revisionName || undefined,
    configurationName: t.configurationName || undefined,
    percent: t.percent ?? 0,
  });
  const resolved = want.map((t) =>
    t.configurationName === config.metadata.name
      ? { ...t, revisionName: config.status?.latestReadyRevisionName, configurationName: undefined }
      : t,
  );
  return semanticEqual(resolved.map(view), got.map(view));
}
