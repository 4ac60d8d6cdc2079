import type { Api } from './api';
import { ApiError, badRequest } from './errors';
import type { KubeObject } from './object';
import type { ResourceType } from './resource-type';
import type { FieldRequirement, LabelRequirement } from './selectors';
import type { StoreEvent } from './store';

export type WatchEventOut =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject; source?: StoreEvent }
  | { type: 'BOOKMARK'; object: KubeObject }
  | { type: 'ERROR'; object: Record<string, unknown> };

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  bookmarkIntervalMs: number;
}

/**
 * Starts a watch: replays history after `resourceVersion` (410 once compacted) or synthesises ADDED events for
 * the current state, then streams live changes. Everything happens in one tick before subscribing, and the
 * store notifies synchronously after each commit, so no change falls between replay and live events.
 */
export function openWatch(api: Api, req: WatchRequest, emit: (e: WatchEventOut) => void): () => void {
  const { type } = req;
  const store = api.store;
  const inScope = (e: { resource: string; namespace: string }) =>
    e.resource === type.storageKey && (req.namespace === undefined || e.namespace === req.namespace);
  const matches = (o: KubeObject | undefined) => o !== undefined && api.matches(type, o, req);
  let lastRv = 0;

  const deliver = (e: StoreEvent) => {
    if (!inScope(e) || e.rv <= lastRv) return;
    lastRv = e.rv;
    const now = matches(e.object);
    const out = (t: 'ADDED' | 'MODIFIED' | 'DELETED') =>
      emit({ type: t, object: presented(api, type, e), source: e });
    if (e.type === 'DELETED') {
      if (now) out('DELETED');
      return;
    }
    const before = e.type === 'MODIFIED' && matches(e.previous);
    if (now && before) out('MODIFIED');
    else if (now) out('ADDED');
    else if (before) out('DELETED');
  };

  const rvParam = req.resourceVersion;
  const fromHistory = rvParam !== undefined && rvParam !== '' && rvParam !== '0' && !req.sendInitialEvents;
  if (fromHistory) {
    if (!/^\d+$/.test(rvParam)) throw badRequest(`invalid resource version: "${rvParam}"`);
    const rv = Number(rvParam);
    if (rv < store.compactedRevision) {
      const err = new ApiError(
        410,
        'Expired',
        `too old resource version: ${rv} (${store.compactedRevision})`,
      );
      emit({ type: 'ERROR', object: err.toStatus() });
      return () => undefined;
    }
    lastRv = rv;
    for (const e of store.since(type.storageKey, rv)) deliver(e);
    lastRv = Math.max(lastRv, store.resourceVersion);
  } else {
    for (const obj of store.list(type.storageKey, req.namespace)) {
      if (matches(obj)) emit({ type: 'ADDED', object: api.present(type, obj) });
    }
    lastRv = store.resourceVersion;
    if (req.sendInitialEvents && req.allowBookmarks) {
      emit({ type: 'BOOKMARK', object: bookmark(type, lastRv, true) });
    }
  }
  const unsubscribe = store.subscribe(deliver);
  const timer = req.allowBookmarks
    ? setInterval(
        () =>
          emit({ type: 'BOOKMARK', object: bookmark(type, Math.max(lastRv, store.resourceVersion), false) }),
        req.bookmarkIntervalMs,
      )
    : undefined;
  timer?.unref();
  return () => {
    unsubscribe();
    if (timer) clearInterval(timer);
  };
}

function bookmark(type: ResourceType, rv: number, initialEnd: boolean): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: String(rv) };
  if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return {
    kind: type.kind,
    apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
    metadata,
  };
}

/** One presented copy per (event, served version): a hundred watchers share it instead of copying it each. */
const presentedCache = new WeakMap<StoreEvent, Map<string, KubeObject>>();
function presented(api: Api, type: ResourceType, e: StoreEvent): KubeObject {
  let byVersion = presentedCache.get(e);
  if (!byVersion) presentedCache.set(e, (byVersion = new Map()));
  const key = `${type.group}/${type.version}`;
  let obj = byVersion.get(key);
  if (!obj) byVersion.set(key, (obj = api.present(type, e.object)));
  return obj;
}

const lineCache = new WeakMap<KubeObject, Map<string, string>>();
/** The JSON line of a watch event, serialised once however many watchers send it. */
export function watchLine(type: string, object: KubeObject): string {
  let byType = lineCache.get(object);
  if (!byType) lineCache.set(object, (byType = new Map()));
  let line = byType.get(type);
  if (!line) byType.set(type, (line = JSON.stringify({ type, object }) + '\n'));
  return line;
}
