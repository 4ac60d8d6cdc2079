import { pino } from 'pino';
import {
  type EventRecorder,
  type Gvk,
  type KubeObject,
  type Lister,
  type ReconcileResult,
  keyOf,
} from '@kuack/controller';
import type { Logger } from 'pino';
import { RecordingEventRecorder } from './events';
import { type Action, RecordingKubeClient, type Reactor } from './fake-client';

/** What a reconciler factory gets: the recording client, listers over its store, an event recorder. */
export interface TableContext {
  client: RecordingKubeClient;
  recorder: EventRecorder;
  logger: Logger;
  /** A lister for a kind that reads the client's current store (what an informer cache would hold). */
  lister<T extends KubeObject = KubeObject>(gvk: Gvk): Lister<T> & { list(namespace?: string): T[] };
}

export interface ObjectId {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One row: objects in, a key, what the reconciler must write, record and return. Unlisted writes fail the row. */
export interface TableRow {
  name: string;
  key: string;
  objects?: KubeObject[];
  /** Failures to inject (e.g. `failOn('update', 'Widget', conflict())`). */
  reactors?: Reactor[];
  wantCreates?: KubeObject[];
  /** Full-object updates, compared without resourceVersion. */
  wantUpdates?: KubeObject[];
  /** Status updates: `{ kind, metadata: { name, namespace }, status }` is compared. */
  wantStatusUpdates?: KubeObject[];
  wantPatches?: (ObjectId & { patch: unknown })[];
  wantDeletes?: ObjectId[];
  /** `"<Type> <Reason> <message>"`, in order (see eventf). */
  wantEvents?: string[];
  /** true, or a substring / pattern of the error message. */
  wantErr?: boolean | string | RegExp;
  wantResult?: ReconcileResult | void;
  /** Extra checks against the client afterwards. */
  postConditions?(client: RecordingKubeClient): void;
}

export type ReconcilerFactory = (ctx: TableContext) => (key: string) => Promise<ReconcileResult | void>;

/** Runs one row and checks it; use inside `it()`. `test.each(rows)` gives a Jest test per row. */
export async function runRow(row: TableRow, factory: ReconcilerFactory): Promise<void> {
  const client = new RecordingKubeClient(row.objects ?? []);
  for (const r of row.reactors ?? []) client.react(r);
  const recorder = new RecordingEventRecorder();
  const ctx: TableContext = {
    client,
    recorder,
    logger: pino({ level: 'silent' }),
    lister: <T extends KubeObject>(gvk: Gvk) => ({
      get: (key: string) => client.all(gvk).find((o) => keyOf(o) === key) as T | undefined,
      list: (namespace?: string) =>
        client.all(gvk).filter((o) => namespace === undefined || o.metadata.namespace === namespace) as T[],
    }),
  };
  const reconcile = factory(ctx);
  let result: ReconcileResult | void = undefined;
  let error: unknown;
  try {
    result = await reconcile(row.key);
  } catch (err) {
    error = err;
  }

  if (row.wantErr === undefined || row.wantErr === false) {
    if (error)
      throw new Error(`row "${row.name}": unexpected error: ${(error as Error).message ?? String(error)}`);
  } else {
    expect(error).toBeDefined();
    const message = (error as Error)?.message ?? String(error);
    if (typeof row.wantErr === 'string') expect(message).toContain(row.wantErr);
    if (row.wantErr instanceof RegExp) expect(message).toMatch(row.wantErr);
  }
  if ('wantResult' in row) expect(result ?? undefined).toEqual(row.wantResult ?? undefined);

  const writes = client.writes();
  const of = (verb: Action['verb']) => writes.filter((a) => a.verb === verb);
  expect({ row: row.name, creates: of('create').map((a) => a.object) }).toEqual({
    row: row.name,
    creates: row.wantCreates ?? [],
  });
  expect({ row: row.name, updates: of('update').map((a) => withoutRv(a.object)) }).toEqual({
    row: row.name,
    updates: (row.wantUpdates ?? []).map(withoutRv),
  });
  expect({ row: row.name, statusUpdates: of('updateStatus').map((a) => statusView(a.object)) }).toEqual({
    row: row.name,
    statusUpdates: (row.wantStatusUpdates ?? []).map(statusView),
  });
  expect({
    row: row.name,
    patches: of('patch').map((a) => ({ kind: a.kind, namespace: a.namespace, name: a.name, patch: a.patch })),
  }).toEqual({
    row: row.name,
    patches: (row.wantPatches ?? []).map((p) => ({
      kind: p.kind,
      namespace: p.namespace,
      name: p.name,
      patch: p.patch,
    })),
  });
  expect({
    row: row.name,
    deletes: of('delete').map((a) => ({ kind: a.kind, namespace: a.namespace, name: a.name })),
  }).toEqual({
    row: row.name,
    deletes: (row.wantDeletes ?? []).map((d) => ({ kind: d.kind, namespace: d.namespace, name: d.name })),
  });
  expect({ row: row.name, events: recorder.events }).toEqual({ row: row.name, events: row.wantEvents ?? [] });
  row.postConditions?.(client);
}

/** Declares one Jest test per row. */
export function tableTest(title: string, rows: TableRow[], factory: ReconcilerFactory): void {
  describe(title, () => {
    it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => runRow(row, factory));
  });
}

function withoutRv(obj: KubeObject | undefined): KubeObject | undefined {
  if (!obj) return obj;
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function statusView(obj: KubeObject | undefined) {
  return {
    kind: obj?.kind,
    namespace: obj?.metadata.namespace,
    name: obj?.metadata.name,
    status: obj?.status,
  };
}
