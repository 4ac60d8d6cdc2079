import { type Clock, ExternalDomainTLSNotEnabledMessage, routeStatus } from '@kuack/api';
import {
  type DomainConfig,
  type FeaturesConfig,
  type Lister,
  type NetworkConfig,
  PermanentError,
  type Reconciler,
  type Tracker,
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
import { pointPlaceholdersAtIngress, reconcilePlaceholderServices } from './placeholders';
import { type PlaceholderService, makeIngress } from './resources';
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

      await pointPlaceholdersAtIngress(ctx, route, placeholders, settings, ingress);
    },
  };
}
