import {
  type Clock,
  ExternalDomainTLSNotEnabledMessage,
  TLSCertificateProvidedExternally,
  domainMappingStatus,
} from '@kuack/api';
import {
  DEFAULT_DOMAIN,
  type KubeClient,
  type KubeObject,
  type Lister,
  type NetworkConfig,
  PermanentError,
  type Reconciler,
  type Tracker,
  isNotFound,
} from '@kuack/controller';
import type { IngressObject } from '../resources/kinds';
import { INGRESS_CLASS_ANNOTATION } from '../resources/networking';
import { reconcileIngress } from '../resources/kingress';
import { urlFor } from '../route/domains';
import { httpOptionFor } from '../route/resources/ingress';
import { type DomainMappingObject, makeDomainMappingIngress } from './resources';

export interface DomainMappingReconcilerDeps {
  ingresses: Lister<IngressObject>;
  /** Every DomainMapping (all namespaces), to find who claimed a domain first. */
  domainMappings: { list(namespace?: string): DomainMappingObject[] };
  network(): NetworkConfig;
  tracker?: Tracker;
  clock?: Clock;
}

/**
 * Knative's DomainMapping reconciler: status.url/address for the mapped domain, the reference resolved to an
 * Addressable of the form {name}.{namespace}.svc.cluster.local in the mapping's namespace, a KIngress for the
 * domain rewriting the host to that address, IngressReady from the KIngress. Kuack has no
 * ClusterDomainClaim kind: the domain belongs to the oldest DomainMapping of that name (others report
 * DomainAlreadyClaimed).
 */
export function domainMappingReconciler(deps: DomainMappingReconcilerDeps): Reconciler<DomainMappingObject> {
  return {
    async reconcileKind(ctx, dm) {
      const status = domainMappingStatus((dm.status ??= {}), deps.clock);
      if (dm.metadata.generation !== dm.status.observedGeneration) status.markIngressNotConfigured();
      const network = deps.network();
      const name = dm.metadata.name as string;
      const ns = dm.metadata.namespace as string;
      dm.status.url = urlFor({ network, domain: { domains: {} } }, name, 'ExternalIP');
      dm.status.address = { url: dm.status.url };

      const owner = claimOwner(deps.domainMappings.list(), name);
      if (owner && owner.metadata.namespace !== ns) {
        status.markDomainClaimNotOwned();
        throw new PermanentError(`namespace "${ns}" does not own the domain "${name}"`);
      }
      status.markDomainClaimed();

      let tls;
      if (dm.spec.tls) {
        status.markCertificateNotRequired(TLSCertificateProvidedExternally);
        dm.status.url = dm.status.url.replace(/^http:/, 'https:');
        dm.status.address = { url: dm.status.url };
        tls = [{ hosts: [name], secretName: dm.spec.tls.secretName, secretNamespace: ns }];
      } else {
        status.markTLSNotEnabled(ExternalDomainTLSNotEnabledMessage);
      }

      const target = await resolveReference(ctx.client, dm, deps.tracker, ctx.key);
      if ('error' in target) {
        status.markReferenceNotResolved(target.error);
        throw new Error(target.error);
      }
      status.markReferenceResolved();

      const ingressClass =
        dm.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] ||
        dm.metadata.annotations?.['networking.knative.dev/ingress-class'] ||
        network.ingressClass;
      const desired = makeDomainMappingIngress(dm, target, {
        ingressClass,
        httpOption: httpOptionFor({ network, domain: { domains: {} } }, dm.metadata.annotations),
        tls,
      });
      const ingress = await reconcileIngress(ctx, deps.ingresses, desired);
      if (ingress.metadata.generation !== ingress.status?.observedGeneration)
        status.markIngressNotConfigured();
      else status.propagateIngressStatus(ingress.status ?? {});
    },
  };
}

/** The DomainMapping that owns a domain: the oldest of that name (ties: namespace order). */
function claimOwner(all: DomainMappingObject[], name: string): DomainMappingObject | undefined {
  return all
    .filter((d) => d.metadata.name === name && !d.metadata.deletionTimestamp)
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? ''),
    )[0];
}

/** URIFromKReference for an Addressable, checked as Knative's resolveRef does. */
async function resolveReference(
  client: KubeClient,
  dm: DomainMappingObject,
  tracker: Tracker | undefined,
  key: string,
): Promise<{ serviceName: string; host: string } | { error: string }> {
  const ref = dm.spec.ref;
  const ns = ref.namespace || (dm.metadata.namespace as string);
  const apiVersion = ref.apiVersion ?? (ref.group ? `${ref.group}/v1` : 'v1');
  tracker?.track({ apiVersion, kind: ref.kind, namespace: ns, name: ref.name }, key);
  let target;
  try {
    target = await client.get<KubeObject>({ apiVersion, kind: ref.kind }, ref.name, ns);
  } catch (err) {
    if (isNotFound(err))
      return { error: `failed to get object ${ns}/${ref.name}: ${(err as Error).message}` };
    return { error: (err as Error).message };
  }
  const raw = (target as { status?: { address?: { url?: string } } }).status?.address?.url;
  if (!raw)
    return {
      error: `address not set for ${JSON.stringify({ apiVersion, kind: ref.kind, name: ref.name, namespace: ns })}`,
    };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `resolved URI ${JSON.stringify(raw)} is not a URL` };
  }
  if (url.pathname.replace(/\/$/, '') !== '')
    return { error: `resolved URI ${JSON.stringify(raw)} contains a path` };
  const suffix = `.${DEFAULT_DOMAIN}`;
  const parts = url.hostname.endsWith(suffix) ? url.hostname.slice(0, -suffix.length).split('.') : [];
  if (parts.length !== 2)
    return { error: `resolved URI ${JSON.stringify(raw)} must be of the form {name}.{namespace}${suffix}` };
  if (parts[1] !== dm.metadata.namespace)
    return { error: `resolved URI ${JSON.stringify(raw)} must be in same namespace as DomainMapping` };
  return { serviceName: parts[0], host: url.hostname };
}
