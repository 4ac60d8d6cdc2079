import {
  AlreadyExistsError,
  ConflictError,
  type DeleteOptions,
  type Gvk,
  InvalidError,
  type KubeClient,
  type KubeList,
  type KubeObject,
  type ListOptions,
  NotFoundError,
  type PatchOptions,
  type PatchType,
  type WatchEvent,
  type WatchOptions,
  deepCopy,
  matchesLabels,
  semanticEqual,
} from '@kuack/controller';
import { applyMergePatch } from './merge-patch';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete';

/** One call the code under test made, with what it sent (deep-copied at the time of the call). */
export interface Action {
  verb: Verb;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  object?: KubeObject;
  patch?: unknown;
  patchType?: PatchType;
  subresource?: string;
}

/** Returns an error to fail the action with, or undefined to let it through. */
export type Reactor = (action: Action) => Error | undefined;

/**
 * An in-memory KubeClient that records every call: the one fake Kuack allows, for table tests of reconcilers.
 * It assigns uid/resourceVersion/generation, enforces resourceVersion preconditions (Conflict), keeps objects
 * with finalizers until they are removed (deletionTimestamp), and applies merge patches.
 */
export class RecordingKubeClient implements KubeClient {
  readonly actions: Action[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly reactors: Reactor[] = [];
  private rv = 1000;
  private uid = 0;

  constructor(objects: KubeObject[] = []) {
    for (const obj of objects) this.seed(obj);
  }

  /** Puts an object in the store without recording an action. */
  seed(obj: KubeObject): void {
    const copy = deepCopy(obj);
    copy.metadata.uid ??= `uid-${copy.metadata.name}`;
    copy.metadata.resourceVersion ??= String(++this.rv);
    copy.metadata.generation ??= 1;
    this.objects.set(storeKey(gvkOf(copy), copy.metadata.namespace, copy.metadata.name ?? ''), copy);
  }

  /** Adds a failure: the first reactor returning an error fails the action (before it takes effect). */
  react(reactor: Reactor): void {
    this.reactors.push(reactor);
  }

  /** The stored object (deep copy), or undefined. */
  peek<T extends KubeObject = KubeObject>(gvk: Gvk, name: string, namespace?: string): T | undefined {
    const o = this.objects.get(storeKey(gvk, namespace, name));
    return o ? (deepCopy(o) as T) : undefined;
  }

  all(gvk?: Gvk): KubeObject[] {
    return [...this.objects.values()]
      .filter((o) => !gvk || (o.apiVersion === gvk.apiVersion && o.kind === gvk.kind))
      .map((o) => deepCopy(o));
  }

  /** Writes only (no get/list), the actions a table test checks. */
  writes(): Action[] {
    return this.actions.filter((a) => a.verb !== 'get' && a.verb !== 'list');
  }

  async get<T extends KubeObject = KubeObject>(gvk: Gvk, name: string, namespace?: string): Promise<T> {
    this.record({ verb: 'get', ...gvk, name, namespace });
    return deepCopy(this.mustGet(gvk, name, namespace)) as T;
  }

  async list<T extends KubeObject = KubeObject>(gvk: Gvk, options: ListOptions = {}): Promise<KubeList<T>> {
    this.record({ verb: 'list', ...gvk, namespace: options.namespace });
    const selector = parseSelector(options.labelSelector);
    const items = this.all(gvk).filter(
      (o) =>
        (options.namespace === undefined || o.metadata.namespace === options.namespace) &&
        matchesLabels(o, selector),
    );
    return {
      apiVersion: gvk.apiVersion,
      kind: `${gvk.kind}List`,
      metadata: { resourceVersion: String(this.rv) },
      items: items as T[],
    };
  }

  async create<T extends KubeObject>(obj: T): Promise<T> {
    const gvk = gvkOf(obj);
    const copy = deepCopy(obj);
    if (!copy.metadata.name && copy.metadata.generateName)
      copy.metadata.name = `${copy.metadata.generateName}${(++this.uid).toString(36)}`;
    this.record({
      verb: 'create',
      ...gvk,
      namespace: obj.metadata.namespace,
      name: copy.metadata.name,
      object: deepCopy(obj),
    });
    const key = storeKey(gvk, copy.metadata.namespace, copy.metadata.name ?? '');
    if (!copy.metadata.name)
      throw new InvalidError(`create ${gvk.kind}: metadata.name: Required value`, 422, 'Invalid');
    if (this.objects.has(key))
      throw new AlreadyExistsError(
        `${gvk.kind} "${copy.metadata.name}" already exists`,
        409,
        'AlreadyExists',
      );
    copy.metadata.uid = `uid-${++this.uid}`;
    copy.metadata.resourceVersion = String(++this.rv);
    copy.metadata.generation = 1;
    copy.metadata.creationTimestamp ??= new Date(0).toISOString();
    this.objects.set(key, copy);
    return deepCopy(copy) as T;
  }

  async update<T extends KubeObject>(obj: T): Promise<T> {
    return this.replace(obj, 'update');
  }

  async updateStatus<T extends KubeObject>(obj: T): Promise<T> {
    return this.replace(obj, 'updateStatus');
  }

  async patch<T extends KubeObject = KubeObject>(
    gvk: Gvk,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: PatchType = 'merge',
    options: PatchOptions = {},
  ): Promise<T> {
    this.record({
      verb: 'patch',
      ...gvk,
      name,
      namespace,
      patch: deepCopy(patch),
      patchType: type,
      subresource: options.subresource,
    });
    const current = this.mustGet(gvk, name, namespace);
    if (type !== 'merge' && type !== 'apply')
      throw new Error(`RecordingKubeClient supports merge and apply patches, not ${type}`);
    const wantRv = (patch as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
    if (wantRv !== undefined && wantRv !== current.metadata.resourceVersion) {
      throw new ConflictError(
        `Operation cannot be fulfilled on ${gvk.kind} "${name}": the object has been modified`,
        409,
        'Conflict',
      );
    }
    const next = applyMergePatch(current, patch) as KubeObject;
    return this.store(current, next, options.subresource === 'status' ? 'updateStatus' : 'update') as T;
  }

  async delete(gvk: Gvk, name: string, namespace?: string, options: DeleteOptions = {}): Promise<void> {
    this.record({ verb: 'delete', ...gvk, name, namespace });
    const current = this.mustGet(gvk, name, namespace);
    if (options.preconditions?.uid && options.preconditions.uid !== current.metadata.uid) {
      throw new ConflictError(`delete ${gvk.kind} "${name}": uid precondition failed`, 409, 'Conflict');
    }
    if (current.metadata.finalizers?.length) {
      current.metadata.deletionTimestamp ??= new Date(0).toISOString();
      current.metadata.resourceVersion = String(++this.rv);
      return;
    }
    this.objects.delete(storeKey(gvk, namespace, name));
  }

  async watch<T extends KubeObject = KubeObject>(
    _gvk: Gvk,
    _options: WatchOptions,
    _onEvent: (event: WatchEvent<T>) => void,
  ): Promise<void> {
    throw new Error(
      'RecordingKubeClient does not watch: reconciler tables read through listers (informers run against the real API server)',
    );
  }

  private replace<T extends KubeObject>(obj: T, verb: 'update' | 'updateStatus'): Promise<T> {
    const gvk = gvkOf(obj);
    const name = obj.metadata.name ?? '';
    this.record({
      verb,
      ...gvk,
      name,
      namespace: obj.metadata.namespace,
      object: deepCopy(obj),
      subresource: verb === 'updateStatus' ? 'status' : undefined,
    });
    const current = this.mustGet(gvk, name, obj.metadata.namespace);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
      return Promise.reject(
        new ConflictError(
          `Operation cannot be fulfilled on ${gvk.kind} "${name}": the object has been modified`,
          409,
          'Conflict',
        ),
      );
    }
    return Promise.resolve(this.store(current, deepCopy(obj), verb) as T);
  }

  /** Status writes change only status; other writes keep status (a status subresource). */
  private store(current: KubeObject, next: KubeObject, verb: 'update' | 'updateStatus'): KubeObject {
    const merged: KubeObject =
      verb === 'updateStatus'
        ? { ...deepCopy(current), status: next.status }
        : {
            ...next,
            status: current.status,
            metadata: {
              ...next.metadata,
              uid: current.metadata.uid,
              creationTimestamp: current.metadata.creationTimestamp,
            },
          };
    if (merged.status === undefined) delete merged.status;
    const specChanged = Object.keys({ ...current, ...merged }).some(
      (k) => !['metadata', 'status'].includes(k) && !semanticEqual(current[k], merged[k]),
    );
    merged.metadata.generation =
      (current.metadata.generation ?? 1) + (verb === 'update' && specChanged ? 1 : 0);
    merged.metadata.resourceVersion = String(++this.rv);
    const key = storeKey(gvkOf(current), current.metadata.namespace, current.metadata.name ?? '');
    if (merged.metadata.deletionTimestamp && !merged.metadata.finalizers?.length) this.objects.delete(key);
    else this.objects.set(key, merged);
    return deepCopy(merged);
  }

  private record(action: Action): void {
    this.actions.push(action);
    for (const reactor of this.reactors) {
      const err = reactor(action);
      if (err) throw err;
    }
  }

  private mustGet(gvk: Gvk, name: string, namespace?: string): KubeObject {
    const o = this.objects.get(storeKey(gvk, namespace, name));
    if (!o) throw new NotFoundError(`${gvk.kind} "${name}" not found`, 404, 'NotFound');
    return o;
  }
}

/** Fails the first `times` actions matching verb and kind with `error` (e.g. a ConflictError). */
export function failOn(verb: Verb, kind: string, error: Error | (() => Error), times = 1): Reactor {
  let left = times;
  return (action) => {
    if (action.verb !== verb || action.kind !== kind || left <= 0) return undefined;
    left--;
    return typeof error === 'function' ? error() : error;
  };
}

export function conflict(kind = 'object'): ConflictError {
  return new ConflictError(
    `Operation cannot be fulfilled on ${kind}: the object has been modified`,
    409,
    'Conflict',
  );
}

function gvkOf(obj: KubeObject): Gvk {
  if (!obj.apiVersion || !obj.kind) throw new Error(`object "${obj.metadata?.name}" has no apiVersion/kind`);
  return { apiVersion: obj.apiVersion, kind: obj.kind };
}

function storeKey(gvk: Gvk, namespace: string | undefined, name: string): string {
  return `${gvk.apiVersion}/${gvk.kind}/${namespace ?? ''}/${name}`;
}

function parseSelector(selector?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (selector ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    out[k.trim()] = (v ?? '').trim();
  }
  return out;
}
