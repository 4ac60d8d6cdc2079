import { ServingLabels, type routeStatus } from '@kuack/api';
import {
  PermanentError,
  type ReconcileContext,
  controllerOf,
  isDerivative,
  isNotFound,
  semanticEqual,
} from '@kuack/controller';
import type { IngressObject, RouteObject } from '../resources/kinds';
import { K8S_SERVICE, type PlaceholderService, makePlaceholderService, makeRouteService } from './resources';
import type { RouteReconcilerDeps, RouteSettings } from './route';

export type PlaceholderPair = { tag: string; service: PlaceholderService };

/**
 * reconcilePlaceholderServices: one Kubernetes Service per traffic name, owned by the Route (NotOwned when a
 * same-named Service is someone else's); Services the Route made for names it no longer has are deleted.
 */
export async function reconcilePlaceholderServices(
  ctx: ReconcileContext,
  route: RouteObject,
  names: string[],
  settings: RouteSettings,
  deps: RouteReconcilerDeps,
  status: ReturnType<typeof routeStatus>,
): Promise<PlaceholderPair[]> {
  const ns = route.metadata.namespace as string;
  const pairs: PlaceholderPair[] = [];
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

/**
 * updatePlaceholderServices: once the KIngress reports its load balancer, each placeholder names it (spec
 * replaced, labels and annotations merged); nothing is written while it already does.
 */
export async function pointPlaceholdersAtIngress(
  ctx: ReconcileContext,
  route: RouteObject,
  placeholders: PlaceholderPair[],
  settings: RouteSettings,
  ingress: IngressObject,
): Promise<void> {
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
}
