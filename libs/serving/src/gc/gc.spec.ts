import { GC_DISABLED, type GcConfig, gcConfig, wrapReconciler } from '@kuack/controller';
import { type TableContext, tableTest } from '@kuack/testing';
import { CONFIGURATION, type ConfigurationObject, REVISION, type RevisionObject } from '../resources/kinds';
import { configuration, revision } from '../testing/fixtures';
import { revisionsToCollect } from './collect';
import { revisionGcReconciler } from './gc';

const NOW = Date.parse('2026-01-10T00:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A revision created `created` hours ago, last routed `active` hours ago, in routing state `state`. */
function rev(
  name: string,
  created: number,
  active: number,
  state = 'reserve',
  extra: Record<string, string> = {},
): RevisionObject {
  const r = revision(name, {
    labels: { 'serving.knative.dev/routingState': state },
    annotations: { 'serving.knative.dev/routingStateModified': hoursAgo(active), ...extra },
  });
  r.metadata.creationTimestamp = hoursAgo(created);
  return r;
}
const config = configuration('hello', {
  latestReadyRevisionName: 'hello-00009',
  latestCreatedRevisionName: 'hello-00009',
});
const gc = (over: Partial<GcConfig> = {}): GcConfig => ({
  ...gcConfig.defaults(),
  minNonActiveRevisions: 0,
  ...over,
});
const names = (revs: RevisionObject[], cfg: GcConfig, c: ConfigurationObject = config) =>
  revisionsToCollect(revs, c, cfg, NOW);

describe('revisionsToCollect (config-gc)', () => {
  const stale = rev('hello-00001', 72, 20);
  const recentlyActive = rev('hello-00002', 72, 1);
  const young = rev('hello-00003', 10, 10);
  const serving = rev('hello-00004', 100, 100, 'active');
  const latestReady = rev('hello-00009', 100, 100);
  const pinned = rev('hello-00005', 100, 100, 'reserve', { 'serving.knative.dev/no-gc': 'true' });
  const all = [stale, recentlyActive, young, serving, latestReady, pinned];

  it('collects only reserve revisions past both retain times; never the latest ready, active or no-gc ones', () => {
    expect(names(all, gc())).toEqual(['hello-00001']);
  });

  it('keeps min-non-active-revisions of the non-active ones (the newest activity kept)', () => {
    const older = rev('hello-00000', 90, 30);
    expect(names([older, ...all], gc({ minNonActiveRevisions: 3 }))).toEqual(['hello-00000']);
    expect(names([older, ...all], gc({ minNonActiveRevisions: 4 }))).toEqual([]);
  });

  it('above max-non-active-revisions deletes the oldest non-active ones even when they are not stale', () => {
    // Stale 00001 goes first; of 00003 (active 10 h ago) and 00002 (1 h ago) the older activity goes.
    expect(names(all, gc({ maxNonActiveRevisions: 1 }))).toEqual(['hello-00001', 'hello-00003']);
  });

  it('does nothing when every bound is disabled', () => {
    expect(
      names(
        all,
        gc({
          retainSinceCreateTimeMs: GC_DISABLED,
          retainSinceLastActiveTimeMs: GC_DISABLED,
          maxNonActiveRevisions: GC_DISABLED,
        }),
      ),
    ).toEqual([]);
  });

  it('with only retain-since-create-time, the last-active time does not protect', () => {
    expect(names(all, gc({ retainSinceLastActiveTimeMs: GC_DISABLED }))).toEqual([
      'hello-00001',
      'hello-00002',
    ]);
  });
});

tableTest(
  'revision GC reconciler',
  [
    {
      name: 'deletes the stale revision of the Configuration and writes nothing else',
      key: 'default/hello',
      objects: [config, rev('hello-00001', 72, 20), rev('hello-00002', 1, 1), rev('hello-00009', 100, 100)],
      wantDeletes: [{ kind: 'Revision', namespace: 'default', name: 'hello-00001' }],
    },
  ],
  (ctx: TableContext) =>
    wrapReconciler<ConfigurationObject>({
      gvk: CONFIGURATION,
      lister: ctx.lister(CONFIGURATION),
      client: ctx.client,
      logger: ctx.logger,
      recorder: ctx.recorder,
      reconciler: revisionGcReconciler({ revisions: ctx.lister(REVISION), gc: () => gc(), now: () => NOW }),
      skipStatusUpdates: true,
    }),
);
