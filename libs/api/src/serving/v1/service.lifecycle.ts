// Service status helpers (service_lifecycle.go): Ready = ConfigurationsReady AND RoutesReady, propagated
// from the owned Configuration and Route.
import { type Clock, ConditionSet, isReady } from '../../core/condition-set';
import { getCondition } from '../../core/conditions';
import type { ConfigurationStatus } from './configuration.types';
import type { RouteStatus } from './route.types';
import {
  type Service,
  type ServiceStatus,
  ServiceConditionConfigurationsReady as Cfg,
  ServiceConditionRoutesReady as Routes,
} from './service.types';

export const serviceConditionSet = ConditionSet.living(Cfg, Routes);

export const TrafficNotMigratedReason = 'TrafficNotMigrated';
export const TrafficNotMigratedMessage = 'Traffic is not yet migrated to the latest revision.';

export function serviceStatus(status: ServiceStatus, clock?: Clock) {
  const m = serviceConditionSet.manage(status, clock);
  return {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markConfigurationNotOwned: (name: string) =>
      m.markFalse(
        Cfg,
        'NotOwned',
        `There is an existing Configuration ${JSON.stringify(name)} that we do not own.`,
      ),
    markRouteNotOwned: (name: string) =>
      m.markFalse(
        Routes,
        'NotOwned',
        `There is an existing Route ${JSON.stringify(name)} that we do not own.`,
      ),
    markConfigurationNotReconciled: () =>
      m.markUnknown(
        Cfg,
        'OutOfDate',
        'The Configuration is still working to reflect the latest desired specification.',
      ),
    markRouteNotReconciled: () =>
      m.markUnknown(
        Routes,
        'OutOfDate',
        'The Route is still working to reflect the latest desired specification.',
      ),
    markRevisionNameTaken: (name: string) =>
      m.markFalse(
        Routes,
        'RevisionNameTaken',
        `The revision name ${JSON.stringify(name)} is taken by a conflicting Revision, so traffic will not be migrated`,
      ),
    markRouteNotYetReady: () => m.markUnknown(Routes, TrafficNotMigratedReason, TrafficNotMigratedMessage),
    /** Copies latestCreated/latestReady and mirrors the Configuration's Ready as ConfigurationsReady. */
    propagateConfigurationStatus: (cs: ConfigurationStatus) => {
      copyOrDelete(status, cs, ['latestCreatedRevisionName', 'latestReadyRevisionName']);
      const cc = getCondition(cs, 'Ready');
      if (!cc) return;
      if (cc.status === 'True') m.markTrue(Cfg);
      else if (cc.status === 'False') m.markFalse(Cfg, cc.reason ?? '', cc.message ?? '');
      else m.markUnknown(Cfg, cc.reason ?? '', cc.message ?? '');
    },
    /** Copies url/address/traffic and mirrors the Route's Ready as RoutesReady. */
    propagateRouteStatus: (rs: RouteStatus) => {
      copyOrDelete(status, rs, ['url', 'address', 'traffic']);
      const rc = getCondition(rs, 'Ready');
      if (!rc) return;
      if (rc.status === 'True') m.markTrue(Routes);
      else if (rc.status === 'False') m.markFalse(Routes, rc.reason ?? '', rc.message ?? '');
      else m.markUnknown(Routes, rc.reason ?? '', rc.message ?? '');
    },
  };
}

function copyOrDelete<T extends object>(to: T, from: object, keys: string[]): void {
  const t = to as Record<string, unknown>;
  const f = from as Record<string, unknown>;
  for (const k of keys) {
    if (f[k] === undefined) delete t[k];
    else t[k] = structuredClone(f[k]);
  }
}

export function isServiceReady(s: Service): boolean {
  return isReady(s, serviceConditionSet);
}
