import type { Logger } from 'pino';
import { Backoff, sleep } from './backoff';
import type { KubeClient, WatchEvent } from './client';
import { GoneError, errorFromStatus, isGone } from './errors';
import { type Gvk, type KubeObject, keyOf } from './objects';
import {
  IndexedStore,
  type IndexFunc,
  LABEL_INDEX,
  NAMESPACE_INDEX,
  OWNER_UID_INDEX,
  diffRelist,
  matchesLabels,
} from './store';

export interface EventHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  /** `old === obj` (same resourceVersion) on a periodic resync. */
  onUpdate?(old: T, obj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions<T extends KubeObject> {
  gvk: Gvk;
  /** Watch one namespace; all namespaces when unset. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Every handler sees every object again as an update every period (0 = never). */
  resyncPeriodMs?: number;
  indexers?: Record<string, IndexFunc<T>>;
  /** Page size of the initial list and relists. */
  pageSize?: number;
  logger?: Logger;
  backoff?: { initialMs?: number; maxMs?: number };
}

export function isResync<T extends KubeObject>(old: T, obj: T): boolean {
  return (
    old === obj ||
    (!!old.metadata.resourceVersion && old.metadata.resourceVersion === obj.metadata.resourceVersion)
  );
}

/**
 * A cache of one kind kept current by list+watch. The watch restarts with backoff when it ends or fails;
 * 410 Gone (or an expired resourceVersion) relists and diffs the result against the cache, so handlers see
 * each change once: no lost and no duplicated events. Bookmarks keep the resume point fresh.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly store: IndexedStore<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly abort = new AbortController();
  private resourceVersion: string | undefined;
  private running: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private markSynced!: () => void;
  private isSynced = false;
  /** Resolves once the first list is in the cache and handlers have seen it. */
  readonly synced: Promise<void>;
  /** Counts list and watch (re)starts, for tests and the benchmark. */
  readonly stats = { lists: 0, watches: 0, relistsAfterGone: 0, watchErrors: 0 };

  constructor(
    private readonly client: KubeClient,
    readonly options: InformerOptions<T>,
  ) {
    this.store = new IndexedStore<T>(options.indexers ?? {});
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
  }

  get gvk(): Gvk {
    return this.options.gvk;
  }

  hasSynced(): boolean {
    return this.isSynced;
  }

  /** Adds a handler; when added after the first list it is told about every cached object as an add. */
  addHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.isSynced) for (const obj of this.store.list()) this.call(handler, 'onAdd', obj);
    return () => this.handlers.delete(handler);
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.store.addIndexer(name, fn);
  }

  /** By key `namespace/name` (or `name` for cluster-scoped kinds). Objects are shared: deep-copy before changing. */
  get(key: string): T | undefined {
    return this.store.get(key);
  }

  list(namespace?: string): T[] {
    return namespace === undefined ? this.store.list() : this.store.byIndex(NAMESPACE_INDEX, namespace);
  }

  keys(): string[] {
    return this.store.keys();
  }

  byIndex(name: string, value: string): T[] {
    return this.store.byIndex(name, value);
  }

  byOwnerUid(uid: string): T[] {
    return this.store.byIndex(OWNER_UID_INDEX, uid);
  }

  /** Equality label selector as a map, optionally within one namespace. */
  bySelector(selector: Record<string, string>, namespace?: string): T[] {
    const entries = Object.entries(selector);
    const candidates = entries.length
      ? this.store.byIndex(LABEL_INDEX, `${entries[0][0]}=${entries[0][1]}`)
      : this.list(namespace);
    return candidates.filter(
      (o) => matchesLabels(o, selector) && (namespace === undefined || o.metadata.namespace === namespace),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = this.run();
    const period = this.options.resyncPeriodMs ?? 0;
    if (period > 0) {
      this.resyncTimer = setInterval(() => this.resync(), period);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    await this.running;
  }

  /** Tells every handler about every cached object as an update with old === new. */
  resync(): void {
    if (!this.isSynced) return;
    for (const obj of this.store.list()) for (const h of this.handlers) this.call(h, 'onUpdate', obj, obj);
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(
      this.options.backoff?.initialMs ?? 200,
      this.options.backoff?.maxMs ?? 30_000,
    );
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        await this.watchOnce(signal);
        backoff.reset();
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) {
          this.stats.relistsAfterGone++;
          this.options.logger?.info({ kind: this.gvk.kind }, 'watch expired (410 Gone), relisting');
          this.resourceVersion = undefined;
          continue;
        }
        this.stats.watchErrors++;
        const delay = backoff.next();
        this.options.logger?.warn(
          { kind: this.gvk.kind, err: (err as Error).message, retryInMs: delay },
          'list/watch failed, retrying',
        );
        await sleep(delay, signal);
      }
    }
  }

  private async relist(): Promise<void> {
    this.stats.lists++;
    const items: T[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.client.list<T>(this.gvk, {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        limit: this.options.pageSize ?? 500,
        continue: cont,
      });
      for (const item of page.items) items.push(this.withKind(item));
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (cont);
    for (const change of diffRelist(this.store.list(), items)) {
      if (change.type === 'delete') this.applyDelete(change.obj);
      else this.applyUpsert(change.obj);
    }
    this.resourceVersion = rv;
    if (!this.isSynced) {
      this.isSynced = true;
      this.markSynced();
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    this.stats.watches++;
    // A server-side timeout spreads reconnects like client-go (5–10 minutes).
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    await this.client.watch<T>(
      this.gvk,
      {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds,
        signal,
      },
      (event) => this.onEvent(event),
    );
  }

  private onEvent(event: WatchEvent<T>): void {
    if (event.type === 'ERROR') {
      const status = event.object as unknown as { code?: number };
      const err = errorFromStatus(status.code ?? 500, event.object, `watch ${this.gvk.kind}`);
      throw status.code === 410 ? new GoneError(err.message, 410, err.reason) : err;
    }
    const rv = event.object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    const obj = this.withKind(event.object);
    if (event.type === 'DELETED') this.applyDelete(obj);
    else this.applyUpsert(obj);
    if (rv) this.resourceVersion = rv;
  }

  private applyUpsert(obj: T): void {
    const old = this.store.upsert(obj);
    for (const h of this.handlers) {
      if (old) this.call(h, 'onUpdate', old, obj);
      else this.call(h, 'onAdd', obj);
    }
  }

  private applyDelete(obj: T): void {
    const old = this.store.remove(keyOf(obj));
    for (const h of this.handlers) this.call(h, 'onDelete', old ?? obj);
  }

  /** Lists omit apiVersion/kind on items; controllers need them (owner references, Events). */
  private withKind(obj: T): T {
    if (!obj.apiVersion) obj.apiVersion = this.gvk.apiVersion;
    if (!obj.kind) obj.kind = this.gvk.kind;
    return obj;
  }

  private call(h: EventHandler<T>, method: keyof EventHandler<T>, ...args: T[]): void {
    try {
      (h[method] as ((...a: T[]) => void) | undefined)?.apply(h, args);
    } catch (err) {
      this.options.logger?.error({ kind: this.gvk.kind, err }, 'informer event handler failed');
    }
  }
}
