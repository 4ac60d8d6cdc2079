import {
  ServingLabels,
  type TrafficTarget,
  defaultTrafficTarget,
  revisionProtocol,
  type Revision,
  type routeStatus,
} from '@kuack/api';
import type { Lister } from '@kuack/controller';
import {
  type ConfigurationObject,
  type RevisionObject,
  type RouteObject,
  readyStatusOf,
} from '../resources/kinds';

/** The traffic name of the route's main host; tags name the others. */
export const DEFAULT_TARGET = '';

/** One resolved traffic target: always a revision, with the configuration it came from and its protocol. */
export interface RevisionTarget {
  tag?: string;
  revisionName: string;
  configurationName?: string;
  latestRevision: boolean;
  percent: number;
  protocol: 'http1' | 'h2c';
}

/** Why a Route cannot assign its traffic (traffic/errors.go); `failed` ones are permanent. */
export type TargetError =
  | { type: 'missing'; kind: 'Configuration' | 'Revision'; name: string; failed: true }
  | { type: 'unreadyConfiguration'; name: string; failed: boolean }
  | { type: 'unreadyRevision'; name: string; failed: boolean }
  | {
      type: 'revisionNotOwned';
      revision: string;
      expectedService: string;
      actualService: string;
      failed: true;
    };

export interface TrafficConfig {
  /** Per traffic name ('' for the route's own host, else the tag): the consolidated revision targets. */
  targets: Map<string, RevisionTarget[]>;
  /** The spec's targets resolved to revisions, merged where tag, revision and latestRevision agree. */
  revisionTargets: RevisionTarget[];
  configurations: Map<string, ConfigurationObject>;
  revisions: Map<string, RevisionObject>;
  /** Referenced objects that do not exist (tracked so the Route notices when they appear). */
  missingTargets: { kind: 'Configuration' | 'Revision'; name: string }[];
  /** The target error to report: the first permanent one, else the first transient one. */
  error?: TargetError;
}

type NamespacedLister<T> = Lister<T & { metadata: object }>;

/**
 * BuildTrafficConfiguration: resolves each spec target to a Ready revision (configuration targets to the
 * Configuration's latestReadyRevisionName; revision targets of a Service's Route must belong to that
 * Service). When any target cannot be resolved, no targets are returned and `error` says why.
 */
export function buildTrafficConfiguration(
  route: RouteObject,
  configurations: NamespacedLister<ConfigurationObject>,
  revisions: NamespacedLister<RevisionObject>,
): TrafficConfig {
  const ns = route.metadata.namespace as string;
  const tc: TrafficConfig = {
    targets: new Map(),
    revisionTargets: [],
    configurations: new Map(),
    revisions: new Map(),
    missingTargets: [],
  };
  const defer = (err: TargetError) => {
    if (!tc.error || err.failed) tc.error = err;
  };
  const getConfiguration = (name: string): ConfigurationObject | TargetError => {
    const c = tc.configurations.get(name) ?? (configurations.get(`${ns}/${name}`) as ConfigurationObject);
    if (!c) return { type: 'missing', kind: 'Configuration', name, failed: true };
    tc.configurations.set(name, c);
    return c;
  };
  const getRevision = (name: string): RevisionObject | TargetError => {
    const r = tc.revisions.get(name) ?? (revisions.get(`${ns}/${name}`) as RevisionObject);
    if (!r) return { type: 'missing', kind: 'Revision', name, failed: true };
    tc.revisions.set(name, r);
    return r;
  };
  const isError = (x: unknown): x is TargetError => !!x && typeof x === 'object' && 'type' in x;
  const unreadyRevision = (rev: RevisionObject): TargetError | undefined => {
    const s = readyStatusOf(rev);
    return s === 'True'
      ? undefined
      : { type: 'unreadyRevision', name: rev.metadata.name as string, failed: s === 'False' };
  };

  const add = (target: RevisionTarget) => {
    const merged = tc.revisionTargets.find(
      (t) =>
        (t.tag ?? '') === (target.tag ?? '') &&
        t.revisionName === target.revisionName &&
        t.latestRevision === target.latestRevision,
    );
    if (merged) merged.percent += target.percent;
    else tc.revisionTargets.push({ ...target });
    push(DEFAULT_TARGET, target);
    if (target.tag) push(target.tag, target);
  };
  const push = (name: string, target: RevisionTarget) => {
    const list = tc.targets.get(name) ?? [];
    list.push({ ...target });
    tc.targets.set(name, list);
  };

  for (const raw of route.spec.traffic ?? []) {
    const tt: TrafficTarget = { ...raw };
    defaultTrafficTarget(tt);
    const result = tt.revisionName
      ? revisionTarget(tt)
      : tt.configurationName
        ? configurationTarget(tt)
        : undefined;
    if (isError(result)) {
      if (result.type === 'missing') tc.missingTargets.push({ kind: result.kind, name: result.name });
      defer(result);
    }
  }

  function configurationTarget(tt: TrafficTarget): TargetError | undefined {
    const config = getConfiguration(tt.configurationName as string);
    if (isError(config)) return config;
    const latestReady = config.status?.latestReadyRevisionName;
    if (!latestReady) {
      const s = config.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      return { type: 'unreadyConfiguration', name: config.metadata.name as string, failed: s === 'False' };
    }
    const rev = getRevision(latestReady);
    if (isError(rev)) return rev;
    const unready = unreadyRevision(rev);
    if (unready) return unready;
    add(toTarget(tt, rev, tt.configurationName));
    return undefined;
  }

  function revisionTarget(tt: TrafficTarget): TargetError | undefined {
    const rev = getRevision(tt.revisionName as string);
    if (isError(rev)) return rev;
    const routeService = route.metadata.labels?.[ServingLabels.service] ?? '';
    if (routeService) {
      const revService = rev.metadata.labels?.[ServingLabels.service] ?? '';
      if (routeService !== revService)
        return {
          type: 'revisionNotOwned',
          revision: tt.revisionName as string,
          expectedService: routeService,
          actualService: revService,
          failed: true,
        };
    }
    const unready = unreadyRevision(rev);
    if (unready) return unready;
    const configName = rev.metadata.labels?.[ServingLabels.configuration];
    if (configName) {
      const config = getConfiguration(configName);
      if (isError(config)) return config;
    }
    add(toTarget(tt, rev, configName));
    return undefined;
  }

  if (tc.error) {
    tc.targets = new Map();
    tc.revisionTargets = [];
  } else {
    for (const [name, list] of tc.targets) tc.targets.set(name, consolidate(list));
  }
  return tc;
}

function toTarget(tt: TrafficTarget, rev: RevisionObject, configurationName?: string): RevisionTarget {
  return {
    ...(tt.tag ? { tag: tt.tag } : {}),
    revisionName: rev.metadata.name as string,
    ...(configurationName ? { configurationName } : {}),
    latestRevision: tt.latestRevision ?? false,
    percent: tt.percent ?? 0,
    protocol: revisionProtocol(rev as unknown as Revision),
  };
}

/** One entry per revision, percents summed; a lone revision takes 100%. */
function consolidate(targets: RevisionTarget[]): RevisionTarget[] {
  const byName = new Map<string, RevisionTarget>();
  for (const t of targets) {
    const cur = byName.get(t.revisionName);
    if (cur) cur.percent += t.percent;
    else byName.set(t.revisionName, { ...t });
  }
  const out = [...byName.values()];
  if (out.length === 1) out[0].percent = 100;
  return out;
}

/** MarkBadTrafficTarget: the AllTrafficAssigned condition for a target error. */
export function markBadTrafficTarget(status: ReturnType<typeof routeStatus>, err: TargetError): void {
  switch (err.type) {
    case 'missing':
      return status.markMissingTrafficTarget(err.kind, err.name);
    case 'unreadyConfiguration':
      return err.failed
        ? status.markConfigurationFailed(err.name)
        : status.markConfigurationNotReady(err.name);
    case 'unreadyRevision':
      return err.failed ? status.markRevisionFailed(err.name) : status.markRevisionNotReady(err.name);
    case 'revisionNotOwned':
      return status.markRevisionNotOwned(err.revision, err.expectedService, err.actualService);
  }
}
