import { type Clock, ExternalDomainTLSNotEnabledMessage, ServingLabels, routeStatus } from '@kuack/api';
import {
  type DomainConfig,
  type FeaturesConfig,
  type Lister,
  type NetworkConfig,
  PermanentError,
  type ReconcileContext,
  type Reconciler,
  type Tracker,
  controllerOf,
  isDerivative,
  isNotFound,
  semanticEqual,
} from '@kuack/controller';
import { INGRESS_CLASS_ANNOTATION } from '../resources/networking';
import { reconcileIngress } from '../resources/kingress';
import {
  CONFIGURATION,
  type ConfigurationObject,
  type IngressObject,
  REVISION,
  type RevisionObject,
  type RouteObject,
} from '../resources/kinds';
import { DomainNameError, serviceHostname } from './domains';
import {
  K8S_SERVICE,
  type PlaceholderService,
  makeIngress,
  makePlaceholderService,
  makeRouteService,
} from './resources';
import { statusTraffic, trafficUrl } from './status';
import { buildTrafficConfiguration, DEFAULT_TARGET, markBadTrafficTarget } from './traffic';
import { routeVisibility } from './visibility';

export interface RouteSettings {
  network: NetworkConfig;
  domain: DomainConfig;
  features?: FeaturesConfig;
}

export interface RouteReconcilerDeps {
  configurations: Lister<ConfigurationObject>;
  revisions: Lister<RevisionObject>;
  ingresses: Lister<IngressObject>;
  /** Kubernetes Services (the placeholders giving each traffic name its cluster-local name). */
  services: Lister<PlaceholderService> & { list(namespace?: string): PlaceholderService[] };
  /** The config in force (config-network, config-domain, config-features), read on every reconcile. */
  settings(): RouteSettings;
  /** Re-enqueues the Route when a Configuration or Revision it references changes (or appears). */
  tracker?: Tracker;
  clock?: Clock;
}

const ErrorConfig = 'ErrorConfig';

/**
 * Knative's Route reconciler: resolves the traffic to Ready revisions (AllTrafficAssigned with Knative's
 * reasons otherwise), computes status.url / address / traffic (tag URLs) from config-domain and
 * config-network, emits the KIngress of config-network's ingress class, and mirrors its Ready condition as
 * IngressReady. TLS is not provisioned: CertificateProvisioned is True with reason TLSNotEnabled.
 */
export function routeReconciler(deps: RouteReconcilerDeps): Reconciler<RouteObject> {
  return {
    async reconcileKind(ctx, route) {
      const status = routeStatus((route.status ??= {}), deps.clock);
      if (route.metadata.generation !== route.status.observedGeneration) status.markIngressNotConfigured();
      const settings = deps.settings();
      const ns = route.metadata.namespace as string;
      const key = ctx.key;

      const tc = buildTrafficConfiguration(route, deps.configurations, deps.revisions);
      const visibility = routeVisibility(settings, route, deps.services.list(ns));
      try {
        route.status.url = trafficUrl(settings, route, DEFAULT_TARGET, visibility.get(DEFAULT_TARGET)!);
      } catch (err) {
        if (!(err instanceof DomainNameError)) throw err;
        status.markRevisionTargetTrafficError(ErrorConfig, err.message);
        throw new PermanentError(err.message);
      }
      for (const m of tc.missingTargets)
        deps.tracker?.track(
          { ...(m.kind === 'Revision' ? REVISION : CONFIGURATION), namespace: ns, name: m.name },
          key,
        );
      for (const name of tc.configurations.keys())
        deps.tracker?.track({ ...CONFIGURATION, namespace: ns, name }, key);
      for (const name of tc.revisions.keys()) deps.tracker?.track({ ...REVISION, namespace: ns, name }, key);

      if (tc.error) {
        markBadTrafficTarget(status, tc.error);
        return;
      }
      try {
        route.status.traffic = statusTraffic(settings, route, tc, visibility);
      } catch (err) {
        if (!(err instanceof DomainNameError)) throw err;
        status.markRevisionTargetTrafficError(ErrorConfig, err.message);
        throw new PermanentError(err.message);
      }
      status.markTrafficAssigned();
      route.status.address = {
        url: `http://${serviceHostname({ name: route.metadata.name as string, namespace: ns })}`,
      };

      const placeholders = await reconcilePlaceholderServices(
        ctx,
        route,
        [...tc.targets.keys()].sort(),
        settings,
        deps,
        status,
      );

      // Kuack provisions no certificates (yet): external-domain-tls is reported as not enabled.
      status.markTLSNotEnabled(ExternalDomainTLSNotEnabledMessage);

      const ingressClass =
        route.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] ||
        route.metadata.annotations?.['networking.knative.dev/ingress-class'] ||
        settings.network.ingressClass;
      const desired = makeIngress(route, tc, {
        ...settings,
        ingressClass,
        visibility,
        tagHeaderBasedRouting: settings.features?.['tag-header-based-routing'] === 'Enabled',
      });
      const ingress = await reconcileIngress(ctx, deps.ingresses, desired);
      if (ingress.metadata.generation !== ingress.status?.observedGeneration)
        status.markIngressNotConfigured();
      else status.propagateIngressStatus(ingress.status ?? {});

      for (const { tag, service } of placeholders) {
        const to = makeRouteService(settings, route, tag, ingress);
        if (!to) continue;
        const labels = { ...service.metadata.labels, ...to.metadata.labels };
        const annotations = { ...service.metadata.annotations, ...to.metadata.annotations };
        if (
          isDerivative(to.spec, service.spec) &&
          semanticEqual(labels, service.metadata.labels ?? {}) &&
          semanticEqual(annotations, service.metadata.annotations ?? {})
        )
          continue;
        const next = structuredClone(service);
        next.spec = to.spec;
        next.metadata.labels = labels;
        if (Object.keys(annotations).length) next.metadata.annotations = annotations;
        await ctx.client.update(next);
      }
    },
  };
}

/**
 * reconcilePlaceholderServices: one Kubernetes Service per traffic name, owned by the Route (NotOwned when a
 * same-named Service is someone else's); Services the Route made for names it no longer has are deleted.
 */
async function reconcilePlaceholderServices(
  ctx: ReconcileContext,
  route: RouteObject,
  names: string[],
  settings: RouteSettings,
  deps: RouteReconcilerDeps,
  status: ReturnType<typeof routeStatus>,
): Promise<{ tag: string; service: PlaceholderService }[]> {
  const ns = route.metadata.namespace as string;
  const pairs: { tag: string; service: PlaceholderService }[] = [];
  for (const tag of names) {
    const desired = makePlaceholderService(settings, route, tag);
    const name = desired.metadata.name as string;
    let service = deps.services.get(`${ns}/${name}`);
    if (!service) {
      try {
        service = await ctx.client.create(desired);
      } catch (err) {
        ctx.event(
          'Warning',
          'CreationFailed',
          `Failed to create placeholder service ${JSON.stringify(name)}: ${(err as Error).message}`,
        );
        throw new Error(`failed to create placeholder service: ${(err as Error).message}`, { cause: err });
      }
      ctx.event('Normal', 'Created', `Created placeholder service ${JSON.stringify(name)}`);
    } else if (controllerOf(service)?.uid !== route.metadata.uid) {
      status.markServiceNotOwned(name);
      throw new PermanentError(
        `route: ${JSON.stringify(route.metadata.name)} does not own Service: ${JSON.stringify(name)}`,
      );
    }
    pairs.push({ tag, service });
  }
  const active = new Set(pairs.map((p) => p.service.metadata.name));
  for (const svc of deps.services.list(ns)) {
    if (svc.metadata.labels?.[ServingLabels.route] !== route.metadata.name) continue;
    if (controllerOf(svc)?.uid !== route.metadata.uid || active.has(svc.metadata.name)) continue;
    await ctx.client.delete(K8S_SERVICE, svc.metadata.name as string, ns).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  return pairs;
}
