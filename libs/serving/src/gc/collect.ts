import { ServingAnnotations, ServingLabels } from '@kuack/api';
import { GC_DISABLED, type GcConfig } from '@kuack/controller';
import type { ConfigurationObject, RevisionObject } from '../resources/kinds';

/**
 * A revision that is never collected: the Configuration's latest ready one, one annotated
 * serving.knative.dev/no-gc: "true", and any whose routingState is not `reserve`.
 */
export function isRevisionActive(rev: RevisionObject, config: ConfigurationObject): boolean {
  if (config.status?.latestReadyRevisionName === rev.metadata.name) return true;
  if ((rev.metadata.annotations?.[ServingAnnotations.noGC] ?? '').toLowerCase() === 'true') return true;
  return rev.metadata.labels?.[ServingLabels.routingState] !== 'reserve';
}

/** When the revision last served: routingStateModified, else its creation. */
export function lastActiveMs(rev: RevisionObject): number {
  const modified = Date.parse(rev.metadata.annotations?.[ServingAnnotations.routingStateModified] ?? '');
  if (!Number.isNaN(modified)) return modified;
  return Date.parse(rev.metadata.creationTimestamp ?? '') || 0;
}

function isStale(cfg: GcConfig, rev: RevisionObject, nowMs: number): boolean {
  const sinceCreate = cfg.retainSinceCreateTimeMs;
  const sinceActive = cfg.retainSinceLastActiveTimeMs;
  if (sinceCreate === GC_DISABLED && sinceActive === GC_DISABLED) return false;
  const created = Date.parse(rev.metadata.creationTimestamp ?? '') || 0;
  if (sinceCreate !== GC_DISABLED && nowMs - created < sinceCreate) return false;
  if (sinceActive !== GC_DISABLED && nowMs - lastActiveMs(rev) < sinceActive) return false;
  return true;
}

/**
 * Knative's revision GC for one Configuration (config-gc): of its non-active revisions beyond
 * `min-non-active-revisions`, the stale ones (older than retain-since-create-time AND inactive for longer than
 * retain-since-last-active-time) go, oldest activity first; then, while more than `max-non-active-revisions`
 * non-active ones remain, the oldest of those go too. Returns the names to delete, in order.
 */
export function revisionsToCollect(
  revisions: RevisionObject[],
  config: ConfigurationObject,
  cfg: GcConfig,
  nowMs: number,
): string[] {
  const min = cfg.minNonActiveRevisions;
  const max = cfg.maxNonActiveRevisions;
  if (
    max === GC_DISABLED &&
    cfg.retainSinceCreateTimeMs === GC_DISABLED &&
    cfg.retainSinceLastActiveTimeMs === GC_DISABLED
  )
    return [];
  const own = revisions.filter(
    (r) => r.metadata.labels?.[ServingLabels.configuration] === config.metadata.name,
  );
  if (own.length <= min) return [];
  const candidates = own
    .filter((r) => !isRevisionActive(r, config))
    .sort((a, b) => lastActiveMs(a) - lastActiveMs(b));
  if (candidates.length <= min) return [];

  const out: string[] = [];
  const maxStale = candidates.length - min;
  const kept: RevisionObject[] = [];
  for (const rev of candidates) {
    if (out.length < maxStale && isStale(cfg, rev, nowMs)) out.push(rev.metadata.name as string);
    else kept.push(rev);
  }
  if (out.length >= maxStale) return out;
  if (max === GC_DISABLED || kept.length <= max) return out;
  return [...out, ...kept.slice(0, kept.length - max).map((r) => r.metadata.name as string)];
}
