// Route defaults (route_defaults.go): traffic defaults to 100% latest only inside a Service.
import type { AdmissionContext } from '../../core/registry';
import { setUserInfo } from '../metadata-validation';
import type { Route, RouteSpec, TrafficTarget } from './route.types';

export function defaultRoute(r: Route, ctx: AdmissionContext): void {
  r.spec ??= {};
  defaultRouteSpec(r.spec, false);
  if (!r.metadata?.ownerReferences)
    setUserInfo(ctx, (ctx.old as Route | undefined)?.spec, r.spec, (r.metadata ??= {}));
}

/** `inService`: the Service's implicit Configuration is the default target (HasDefaultConfigurationName). */
export function defaultRouteSpec(spec: RouteSpec, inService: boolean): void {
  if ((spec.traffic ?? []).length === 0 && inService) spec.traffic = [{ percent: 100, latestRevision: true }];
  for (const t of spec.traffic ?? []) defaultTrafficTarget(t);
}

export function defaultTrafficTarget(t: TrafficTarget): void {
  if (t.latestRevision === undefined) t.latestRevision = !t.revisionName;
  if (t.percent === undefined) t.percent = 0;
}
