import { Counter, type Registry } from 'prom-client';
import { Discovery, type ResourceInfo, resourcePath } from './discovery';
import { errorFromStatus } from './errors';
import type { Gvk, KubeList, KubeObject } from './objects';
import type { HttpMethod, HttpRequest, Transport } from './transport';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPE: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface PatchOptions extends WriteOptions {
  /** `status` to patch the status subresource. */
  subresource?: string;
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * The one way Kuack components talk to an API server, for any kind by apiVersion/kind. Errors are the typed
 * errors of ./errors (NotFoundError, ConflictError, AlreadyExistsError, InvalidError, GoneError, …).
 */
export interface KubeClient {
  get<T extends KubeObject = KubeObject>(gvk: Gvk, name: string, namespace?: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(gvk: Gvk, options?: ListOptions): Promise<KubeList<T>>;
  create<T extends KubeObject>(obj: T, options?: WriteOptions): Promise<T>;
  /** Replaces the object (PUT); `metadata.resourceVersion` makes it a compare-and-swap. */
  update<T extends KubeObject>(obj: T, options?: WriteOptions): Promise<T>;
  /** Replaces the status subresource (PUT …/status). */
  updateStatus<T extends KubeObject>(obj: T, options?: WriteOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    gvk: Gvk,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type?: PatchType,
    options?: PatchOptions,
  ): Promise<T>;
  delete(gvk: Gvk, name: string, namespace?: string, options?: DeleteOptions): Promise<void>;
  /**
   * Streams watch events until the server ends the watch (resolves), the signal aborts (resolves) or the
   * connection fails (rejects). A non-200 answer rejects with the typed error (410 → GoneError).
   */
  watch<T extends KubeObject = KubeObject>(
    gvk: Gvk,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<void>;
}

/** Counts the requests a client made, by `verb resource` (e.g. `list configmaps`, `update widgets/status`). */
export class RequestStats {
  readonly counts = new Map<string, number>();
  record(verb: string, resource: string): void {
    const key = `${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
  reset(): void {
    this.counts.clear();
  }
}

export interface ClientOptions {
  /** Exports `kuack_kube_api_requests_total{verb,resource,code}`. */
  registry?: Registry;
  stats?: RequestStats;
  fieldManager?: string;
}

export function createKubeClient(
  transport: Transport,
  options: ClientOptions = {},
): KubeClient & { stats: RequestStats; discovery: Discovery } {
  const stats = options.stats ?? new RequestStats();
  const counter = options.registry
    ? new Counter({
        name: 'kuack_kube_api_requests_total',
        help: 'Requests to the Kubernetes API server by verb, resource and status code',
        labelNames: ['verb', 'resource', 'code'],
        registers: [options.registry],
      })
    : undefined;
  const discovery = new Discovery(transport, (verb, resource) => stats.record(verb, resource));
  const fieldManager = options.fieldManager ?? 'kuack';

  async function call(verb: string, resource: string, req: HttpRequest, context: string): Promise<unknown> {
    stats.record(verb, resource);
    const res = await transport.request(req);
    counter?.inc({ verb, resource, code: String(res.status) });
    if (res.status < 200 || res.status > 299) throw errorFromStatus(res.status, res.body, context);
    return res.body;
  }

  function describe(gvk: Gvk, name?: string, namespace?: string): string {
    return `${gvk.kind} ${namespace ? `${namespace}/` : ''}${name ?? ''}`.trim();
  }

  function gvkOf(obj: KubeObject): Gvk {
    if (!obj.apiVersion || !obj.kind)
      throw new Error(`object ${obj.metadata?.name ?? ''} has no apiVersion/kind`);
    return { apiVersion: obj.apiVersion, kind: obj.kind };
  }

  async function writeObject<T extends KubeObject>(
    verb: string,
    method: HttpMethod,
    obj: T,
    info: ResourceInfo,
    sub: string | undefined,
    opts: WriteOptions | undefined,
  ): Promise<T> {
    const gvk = gvkOf(obj);
    const name = method === 'POST' ? undefined : obj.metadata.name;
    const path = resourcePath(gvk.apiVersion, info, obj.metadata.namespace, name, sub);
    const query = {
      fieldManager: opts?.fieldManager ?? fieldManager,
      dryRun: opts?.dryRun ? 'All' : undefined,
    };
    const resource = sub ? `${info.resource}/${sub}` : info.resource;
    const body = await call(
      verb,
      resource,
      { method, path, query, body: obj },
      `${verb} ${describe(gvk, obj.metadata.name ?? obj.metadata.generateName, obj.metadata.namespace)}`,
    );
    return body as T;
  }

  return {
    stats,
    discovery,
    async get(gvk, name, namespace) {
      const info = await discovery.resolve(gvk);
      return (await call(
        'get',
        info.resource,
        { method: 'GET', path: resourcePath(gvk.apiVersion, info, namespace, name) },
        `get ${describe(gvk, name, namespace)}`,
      )) as never;
    },
    async list(gvk, opts = {}) {
      const info = await discovery.resolve(gvk);
      const { namespace, ...query } = opts;
      const path = resourcePath(gvk.apiVersion, info, namespace);
      return (await call(
        'list',
        info.resource,
        { method: 'GET', path, query: { ...query } },
        `list ${gvk.kind}`,
      )) as never;
    },
    async create(obj, opts) {
      return writeObject('create', 'POST', obj, await discovery.resolve(gvkOf(obj)), undefined, opts);
    },
    async update(obj, opts) {
      return writeObject('update', 'PUT', obj, await discovery.resolve(gvkOf(obj)), undefined, opts);
    },
    async updateStatus(obj, opts) {
      return writeObject('update', 'PUT', obj, await discovery.resolve(gvkOf(obj)), 'status', opts);
    },
    async patch(gvk, name, namespace, patch, type = 'merge', opts = {}) {
      const info = await discovery.resolve(gvk);
      const path = resourcePath(gvk.apiVersion, info, namespace, name, opts.subresource);
      const query = {
        fieldManager: opts.fieldManager ?? fieldManager,
        dryRun: opts.dryRun ? 'All' : undefined,
        force: type === 'apply' && opts.force ? true : undefined,
      };
      const resource = opts.subresource ? `${info.resource}/${opts.subresource}` : info.resource;
      const req: HttpRequest = {
        method: 'PATCH',
        path,
        query,
        body: patch,
        contentType: PATCH_CONTENT_TYPE[type],
      };
      return (await call('patch', resource, req, `patch ${describe(gvk, name, namespace)}`)) as never;
    },
    async delete(gvk, name, namespace, opts = {}) {
      const info = await discovery.resolve(gvk);
      const body = { kind: 'DeleteOptions', apiVersion: 'v1', ...opts };
      await call(
        'delete',
        info.resource,
        { method: 'DELETE', path: resourcePath(gvk.apiVersion, info, namespace, name), body },
        `delete ${describe(gvk, name, namespace)}`,
      );
    },
    async watch(gvk, opts, onEvent) {
      const info = await discovery.resolve(gvk);
      const { namespace, signal, ...rest } = opts;
      const path = resourcePath(gvk.apiVersion, info, namespace);
      stats.record('watch', info.resource);
      const req: HttpRequest = { method: 'GET', path, query: { ...rest, watch: true }, signal };
      let failed: unknown;
      const handle: { abort?: () => void } = {};
      const opened = await transport.stream(req, (line) => {
        if (!line || failed) return;
        try {
          onEvent(JSON.parse(line) as WatchEvent<never>);
        } catch (err) {
          failed = err;
          handle.abort?.();
        }
      });
      if (!('abort' in opened)) {
        counter?.inc({ verb: 'watch', resource: info.resource, code: String(opened.status) });
        throw errorFromStatus(opened.status, opened.body, `watch ${gvk.kind}`);
      }
      counter?.inc({ verb: 'watch', resource: info.resource, code: '200' });
      handle.abort = () => opened.abort();
      if (failed) opened.abort();
      const onAbort = () => opened.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await opened.done;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      if (failed) throw failed;
    },
  };
}
