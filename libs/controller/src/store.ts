import { type KubeObject, keyOf } from './objects';

/** Maps an object to the index values it is filed under. */
export type IndexFunc<T extends KubeObject> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';
export const OWNER_UID_INDEX = 'owner-uid';
export const LABEL_INDEX = 'label';

const builtinIndexers: Record<string, IndexFunc<KubeObject>> = {
  [NAMESPACE_INDEX]: (obj) => [obj.metadata.namespace ?? ''],
  [OWNER_UID_INDEX]: (obj) => (obj.metadata.ownerReferences ?? []).map((ref) => ref.uid),
  [LABEL_INDEX]: (obj) => Object.entries(obj.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`),
};

/** The informer's cache: objects by key with secondary indices (namespace, owner UID, label pairs, custom). */
export class IndexedStore<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    for (const [name, fn] of Object.entries({ ...builtinIndexers, ...indexers }))
      this.addIndexer(name, fn as IndexFunc<T>);
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`);
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) this.fileUnder(index, fn(obj), key);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`no indexer named "${name}"`);
    return [...(index.get(value) ?? [])].map((key) => this.items.get(key) as T);
  }

  upsert(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers)
      this.fileUnder(this.indices.get(name) as Map<string, Set<string>>, fn(obj), key);
    return old;
  }

  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  private fileUnder(index: Map<string, Set<string>>, values: string[], key: string): void {
    for (const v of values) {
      let keys = index.get(v);
      if (!keys) index.set(v, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name) as Map<string, Set<string>>;
      for (const v of fn(obj)) {
        const keys = index.get(v);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(v);
      }
    }
  }
}

export type RelistChange<T> =
  { type: 'add'; obj: T } | { type: 'update'; old: T; obj: T } | { type: 'delete'; obj: T };

/**
 * What a relist (after 410 Gone or a reconnect) means for the cache: new keys are adds, a changed
 * resourceVersion is an update, keys no longer listed are deletes; unchanged objects produce nothing.
 */
export function diffRelist<T extends KubeObject>(cached: Iterable<T>, listed: T[]): RelistChange<T>[] {
  const before = new Map<string, T>();
  for (const obj of cached) before.set(keyOf(obj), obj);
  const changes: RelistChange<T>[] = [];
  const seen = new Set<string>();
  for (const obj of listed) {
    const key = keyOf(obj);
    seen.add(key);
    const old = before.get(key);
    if (!old) changes.push({ type: 'add', obj });
    else if (
      old.metadata.resourceVersion !== obj.metadata.resourceVersion ||
      old.metadata.uid !== obj.metadata.uid
    ) {
      if (old.metadata.uid !== obj.metadata.uid)
        changes.push({ type: 'delete', obj: old }, { type: 'add', obj });
      else changes.push({ type: 'update', old, obj });
    }
  }
  for (const [key, old] of before) if (!seen.has(key)) changes.push({ type: 'delete', obj: old });
  return changes;
}

/** Matches equality-based label selectors given as a map (`{ app: 'x' }`). */
export function matchesLabels(obj: KubeObject, selector: Record<string, string>): boolean {
  const labels = obj.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
