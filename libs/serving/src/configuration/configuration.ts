import { type Clock, ServingLabels, configurationStatus, getCondition } from '@kuack/api';
import {
  type Lister,
  type Reconciler,
  controllerOf,
  isAlreadyExists,
  semanticEqual,
} from '@kuack/controller';
import { type ConfigurationObject, type RevisionObject, readyStatusOf } from '../resources/kinds';
import { makeRevision, revisionLabelValue } from './resources';

export interface ConfigurationReconcilerDeps {
  revisions: Lister<RevisionObject> & { list(namespace?: string): RevisionObject[] };
  clock?: Clock;
}

/** The API server's AlreadyExists text for a Revision name held by something else. */
export const revisionNameConflictMessage = (name: string) =>
  `revisions.serving.knative.dev ${JSON.stringify(name)} already exists`;

class NameConflict extends Error {}

/**
 * Knative's Configuration reconciler: one immutable Revision per generation of the template (created when
 * missing), `latestCreatedRevisionName` pointing at it, and `latestReadyRevisionName` advancing only to the
 * newest Ready revision; Ready mirrors the latest created revision (RevisionFailed), a failed creation or a
 * BYO name taken by another revision is RevisionFailed, a deleted latest ready revision RevisionDeleted.
 */
export function configurationReconciler(deps: ConfigurationReconcilerDeps): Reconciler<ConfigurationObject> {
  const now = deps.clock ?? (() => new Date());
  return {
    async reconcileKind(ctx, config) {
      const status = configurationStatus((config.status ??= {}), deps.clock);
      let lcr: RevisionObject | undefined;
      let isByo = false;
      try {
        ({ rev: lcr, isByo } = latestCreatedRevision(config, deps.revisions));
      } catch (err) {
        if (!(err instanceof NameConflict)) throw err;
        status.markRevisionCreationFailed(err.message);
        return;
      }
      if (!lcr) {
        try {
          lcr = await ctx.client.create(makeRevision(config, now()));
        } catch (err) {
          // A consistent name can be hit by a racing reconcile: fail this pass without blaming the user.
          if (isAlreadyExists(err)) throw err;
          ctx.event('Warning', 'CreationFailed', `Failed to create Revision: ${(err as Error).message}`);
          status.markRevisionCreationFailed((err as Error).message);
          throw err;
        }
        ctx.event('Normal', 'Created', `Created Revision ${JSON.stringify(lcr.metadata.name)}`);
      }
      const revName = lcr.metadata.name as string;
      status.setLatestCreatedRevisionName(revName);

      const rc = getCondition(lcr.status, 'Ready');
      if (rc?.status === 'True') {
        if (!config.status.latestReadyRevisionName)
          ctx.event('Normal', 'ConfigurationReady', 'Configuration becomes ready');
      } else if (rc?.status === 'False') {
        const before = structuredClone(getCondition(config.status, 'Ready'));
        status.markLatestCreatedFailed(revName, rc.message ?? '');
        if (!semanticEqual(before, getCondition(config.status, 'Ready'))) {
          if (revName === config.status.latestReadyRevisionName)
            ctx.event(
              'Warning',
              'LatestReadyFailed',
              `Latest ready revision ${JSON.stringify(revName)} has failed`,
            );
          else
            ctx.event(
              'Warning',
              'LatestCreatedFailed',
              `Latest created revision ${JSON.stringify(revName)} has failed`,
            );
        }
      }

      for (const rev of sortedCandidates(config, lcr, isByo, deps.revisions)) {
        if (readyStatusOf(rev) !== 'True') continue;
        const old = config.status.latestReadyRevisionName;
        status.setLatestReadyRevisionName(rev.metadata.name as string);
        if (old !== rev.metadata.name)
          ctx.event(
            'Normal',
            'LatestReadyUpdate',
            `LatestReadyRevisionName updated to ${JSON.stringify(rev.metadata.name)}`,
          );
        break;
      }

      const lrr = config.status.latestReadyRevisionName;
      if (lrr && !deps.revisions.get(`${config.metadata.namespace}/${lrr}`)) status.markLatestReadyDeleted();
    },
  };
}

/**
 * The revision of the current generation: the BYO-named one when the template names it (a conflict when it
 * is another Configuration's or has another spec), else the one labelled with this generation.
 */
function latestCreatedRevision(
  config: ConfigurationObject,
  revisions: ConfigurationReconcilerDeps['revisions'],
): { rev?: RevisionObject; isByo: boolean } {
  const ns = config.metadata.namespace as string;
  const byo = config.spec.template?.metadata?.name;
  if (byo) {
    const rev = revisions.get(`${ns}/${byo}`);
    if (!rev) return { isByo: true };
    if (controllerOf(rev)?.uid !== config.metadata.uid)
      throw new NameConflict(revisionNameConflictMessage(byo));
    const gen = revisionLabelValue(ServingLabels.configurationGeneration, config);
    if (rev.metadata.labels?.[ServingLabels.configurationGeneration] === gen) return { rev, isByo: true };
    if (!semanticEqual(config.spec.template?.spec ?? {}, rev.spec ?? {}))
      throw new NameConflict(revisionNameConflictMessage(byo));
    return { rev, isByo: true };
  }
  const gen = String(config.metadata.generation ?? 0);
  const rev = revisions
    .list(ns)
    .find(
      (r) =>
        r.metadata.labels?.[ServingLabels.configuration] === config.metadata.name &&
        r.metadata.labels?.[ServingLabels.configurationGeneration] === gen,
    );
  return { rev, isByo: false };
}

const generationOf = (rev: RevisionObject): number =>
  Number.parseInt(rev.metadata.labels?.[ServingLabels.configurationGeneration] ?? '', 10);

/**
 * getSortedCreatedRevisions: this Configuration's revisions from the latest ready one's generation up to the
 * current one (all of them when there is no latest ready), newest first, the BYO-named one first of all.
 */
function sortedCandidates(
  config: ConfigurationObject,
  lcr: RevisionObject,
  isByo: boolean,
  revisions: ConfigurationReconcilerDeps['revisions'],
): RevisionObject[] {
  const ns = config.metadata.namespace as string;
  let list = revisions
    .list(ns)
    .filter((r) => r.metadata.labels?.[ServingLabels.configuration] === config.metadata.name);
  if (!list.some((r) => r.metadata.name === lcr.metadata.name)) list.push(lcr);
  const lrrName = config.status?.latestReadyRevisionName;
  const lrr = lrrName ? revisions.get(`${ns}/${lrrName}`) : undefined;
  if (lrr) {
    const start = Number.isNaN(generationOf(lrr)) ? (config.metadata.generation ?? 0) : generationOf(lrr);
    const end = config.metadata.generation ?? 0;
    const byoGen = isByo ? generationOf(lcr) : NaN;
    list = list.filter((r) => {
      const g = generationOf(r);
      return (g >= start && g <= end) || g === byoGen;
    });
  }
  const byoName = config.spec.template?.metadata?.name;
  return list.sort((a, b) => {
    if (byoName && a.metadata.name === byoName) return -1;
    if (byoName && b.metadata.name === byoName) return 1;
    return (generationOf(b) || 0) - (generationOf(a) || 0);
  });
}
