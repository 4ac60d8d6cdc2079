import { ServingAnnotations, ServingLabels } from '@kuack/api';
import {
  type Gvk,
  type KubeObject,
  type Lister,
  type ReconcileContext,
  type Reconciler,
  type Tracker,
  controllerOf,
} from '@kuack/controller';
import {
  CONFIGURATION,
  type ConfigurationObject,
  REVISION,
  type RevisionObject,
  type RouteObject,
  readyStatusOf,
} from '../resources/kinds';
import { listAnnotationValue } from '../resources/list-annotation';
import { routingMetadataPatch } from './metadata';

type ListingLister<T> = Lister<T & KubeObject> & { list(namespace?: string): (T & KubeObject)[] };

export interface LabelerDeps {
  configurations: ListingLister<ConfigurationObject>;
  revisions: ListingLister<RevisionObject>;
  tracker?: Tracker;
  now?: () => Date;
}

/**
 * Knative's labeler (a second Route reconciler, no status): every Revision and Configuration a Route's traffic
 * reaches (spec and status, plus the latest created revision of a followed Configuration) lists the Route in
 * serving.knative.dev/routes, and Revisions carry routingState `active`; once the Route is Ready or failed,
 * objects it no longer reaches are unlisted and their Revisions go to `reserve`. A deleted Route unlists
 * itself everywhere (finalizer).
 */
export function labelerReconciler(deps: LabelerDeps): Reconciler<RouteObject> {
  const now = deps.now ?? (() => new Date());
  return {
    async reconcileKind(ctx, route) {
      const ns = route.metadata.namespace as string;
      const revisions = new Set<string>();
      const configs = new Set<string>();
      for (const tt of [...(route.status?.traffic ?? []), ...(route.spec.traffic ?? [])]) {
        let configName = tt.configurationName ?? '';
        if (tt.revisionName) {
          deps.tracker?.track({ ...REVISION, namespace: ns, name: tt.revisionName }, ctx.key);
          const rev = deps.revisions.get(`${ns}/${tt.revisionName}`);
          if (!rev) continue;
          revisions.add(tt.revisionName);
          const owner = controllerOf(rev);
          if (owner?.kind === 'Configuration') configName = owner.name;
        }
        if (configName) {
          deps.tracker?.track({ ...CONFIGURATION, namespace: ns, name: configName }, ctx.key);
          const config = deps.configurations.get(`${ns}/${configName}`);
          if (!config) continue;
          configs.add(configName);
          if (config.status?.latestCreatedRevisionName && tt.latestRevision)
            revisions.add(config.status.latestCreatedRevisionName);
        }
      }
      if (readyStatusOf(route) !== 'Unknown') {
        await clearNotListed(ctx, route, REVISION, deps.revisions, revisions, now());
        await clearNotListed(ctx, route, CONFIGURATION, deps.configurations, configs, now());
      }
      for (const name of revisions)
        await setRoutingMeta(ctx, route, REVISION, deps.revisions, name, false, now());
      for (const name of configs)
        await setRoutingMeta(ctx, route, CONFIGURATION, deps.configurations, name, false, now());
    },
    async finalizeKind(ctx, route) {
      await clearNotListed(ctx, route, REVISION, deps.revisions, new Set(), now());
      await clearNotListed(ctx, route, CONFIGURATION, deps.configurations, new Set(), now());
    },
  };
}

async function clearNotListed(
  ctx: ReconcileContext,
  route: RouteObject,
  gvk: Gvk,
  lister: ListingLister<KubeObject>,
  keep: Set<string>,
  now: Date,
): Promise<void> {
  const routeName = route.metadata.name as string;
  for (const obj of lister.list(route.metadata.namespace)) {
    if (gvk === REVISION && obj.metadata.labels?.[ServingLabels.routingState] !== 'active') continue;
    if (!listAnnotationValue(obj.metadata.annotations, ServingAnnotations.routes).has(routeName)) continue;
    if (keep.has(obj.metadata.name as string)) continue;
    await setRoutingMeta(ctx, route, gvk, lister, obj.metadata.name as string, true, now);
  }
}

async function setRoutingMeta(
  ctx: ReconcileContext,
  route: RouteObject,
  gvk: Gvk,
  lister: ListingLister<KubeObject>,
  name: string,
  remove: boolean,
  now: Date,
): Promise<void> {
  const ns = route.metadata.namespace as string;
  const obj = lister.get(`${ns}/${name}`);
  if (!obj) return;
  const patch = routingMetadataPatch(obj, route.metadata.name as string, {
    remove,
    withRoutingState: gvk === REVISION,
    now,
  });
  if (!patch) return;
  try {
    await ctx.client.patch(gvk, name, ns, patch);
  } catch (err) {
    const verb = remove ? 'remove route annotation from' : 'add route annotation to';
    throw new Error(`failed to ${verb} ${gvk.kind} ${JSON.stringify(name)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
