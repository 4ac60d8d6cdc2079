import { type GcConfig, type Lister, type Reconciler, isNotFound } from '@kuack/controller';
import { type ConfigurationObject, REVISION, type RevisionObject } from '../resources/kinds';
import { revisionsToCollect } from './collect';

export interface RevisionGcDeps {
  revisions: Lister<RevisionObject> & { list(namespace?: string): RevisionObject[] };
  gc(): GcConfig;
  now?: () => number;
}

/** The revision GC: a Configuration reconciler without status that deletes the revisions config-gc lets go. */
export function revisionGcReconciler(deps: RevisionGcDeps): Reconciler<ConfigurationObject> {
  const now = deps.now ?? Date.now;
  return {
    async reconcileKind(ctx, config) {
      const victims = revisionsToCollect(
        deps.revisions.list(config.metadata.namespace),
        config,
        deps.gc(),
        now(),
      );
      for (const name of victims) {
        try {
          await ctx.client.delete(REVISION, name, config.metadata.namespace);
          ctx.logger.info({ revision: name }, 'deleted a non-active revision (config-gc)');
        } catch (err) {
          // Like Knative, a failed delete is logged and retried on the next pass.
          if (!isNotFound(err))
            ctx.logger.error({ revision: name, err: (err as Error).message }, 'failed to GC revision');
        }
      }
    },
  };
}
