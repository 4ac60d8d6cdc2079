import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import type { Api, DeleteOptions, PatchType } from './api';
import { apiVersions, group, groupList, resourceList } from './discovery';
import {
  ApiError,
  badRequest,
  invalid,
  methodNotAllowed,
  notFound,
  unauthorized,
  unsupportedMediaType,
} from './errors';
import type { KubeObject } from './object';
import { openApiV2, openApiV3Index, openApiV3Path } from './openapi';
import { servePodLog } from './pod-logs';
import { getScale, updateScale } from './scale';
import type { ResourceType } from './resource-type';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { toTable, wantsTable, type IncludeObject } from './table';
import { openWatch, watchLine } from './watch';

export interface HandlerOptions {
  api: Api;
  token: string;
  /** Where the node agent writes container logs: <podsDir>/<ns>_<name>_<uid>/<container>/<restart>.log */
  podsDir: string;
  address: () => string;
  gitVersion: string;
  bookmarkIntervalMs?: number;
  /** Called after every successful write (the server schedules garbage collection). */
  onWrite?: () => void;
  isReady?: () => boolean;
  /** Serve `sendInitialEvents` watches (the WatchList feature); off like kube-apiserver 1.33's default. */
  watchList?: boolean;
}

const MAX_BODY = 16 * 1024 * 1024;

function sendNow(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  sendNow(res, err.code, err.toStatus());
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(buf: Buffer, contentType: string | undefined): unknown {
  if (contentType && /protobuf|cbor/.test(contentType)) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  const text = buf.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    if (contentType && /yaml/.test(contentType)) return YAML.parse(text);
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(
      `the request body is not valid ${contentType && /yaml/.test(contentType) ? 'YAML' : 'JSON'}: ${(err as Error).message}`,
    );
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

interface ResourceRoute {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

/** Maps a URL path to the resource it names, or undefined when it is not a resource path. */
function resolveResource(api: Api, segments: string[]): ResourceRoute | undefined {
  let groupName = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    groupName = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  if (!version || rest.length === 0) return undefined;
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && ['status', 'finalize'].includes(rest[2]))
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (extra.length > 0) return undefined;
  const type = api.registry.find(groupName, version, plural);
  if (!type) throw notFound(groupName, plural, name ?? '');
  if (namespace !== undefined && !type.namespaced) throw notFound(groupName, plural, name ?? '');
  return { type, namespace, name, subresource, watchPath };
}

export function createHandler(opts: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { api } = opts;
  // Every answer waits until what it reflects is on disk (group commit: at most one event-loop turn).
  const send = async (res: ServerResponse, code: number, body: unknown) => {
    await api.store.durable();
    sendNow(res, code, body);
  };
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ApiError) sendError(res, err);
      else
        sendError(
          res,
          new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`),
        );
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokenMatches(req.headers.authorization, opts.token)) return sendError(res, unauthorized());
    const url = new URL(req.url ?? '/', 'https://localhost');
    const segments = url.pathname
      .split('/')
      .filter((s) => s.length > 0)
      .map(decodeURIComponent);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (
      path === '/healthz' ||
      path === '/livez' ||
      path === '/readyz' ||
      path.startsWith('/healthz/') ||
      path.startsWith('/livez/') ||
      path.startsWith('/readyz/')
    ) {
      const ok = !path.startsWith('/readyz') || (opts.isReady?.() ?? true);
      res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(ok ? 'ok' : 'not ready');
      return;
    }
    if (path === '/version') {
      return send(res, 200, {
        major: '1',
        minor: '33',
        gitVersion: opts.gitVersion,
        gitCommit: '',
        gitTreeState: 'clean',
        buildDate: '',
        goVersion: '',
        compiler: 'kuack',
        platform: `${process.platform}/${process.arch}`,
      });
    }
    if (path === '/api') return send(res, 200, apiVersions(opts.address()));
    if (path === '/apis') return send(res, 200, groupList(api.registry));
    if (path === '/openapi/v2') {
      // Only JSON: kubectl asks for protobuf first, and a 406 makes it fall back to the v3 documents.
      if ((req.headers.accept ?? '').includes('protobuf') && !(req.headers.accept ?? '').includes('json')) {
        throw new ApiError(406, 'NotAcceptable', 'only application/json is served for /openapi/v2');
      }
      return send(res, 200, openApiV2(api.registry));
    }
    if (path === '/openapi/v3') return send(res, 200, openApiV3Index(api.registry));
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiV3Path(api.registry, path.slice('/openapi/v3/'.length));
      if (!doc) throw notFound('', 'openapi', path);
      return send(res, 200, doc);
    }
    if (segments[0] === 'api' && segments.length === 2) {
      const list = resourceList(api.registry, '', segments[1]);
      if (!list) throw notFound('', 'groupversion', segments[1]);
      return send(res, 200, list);
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const g = group(api.registry, segments[1]);
      if (!g) throw notFound('', 'group', segments[1]);
      return send(res, 200, g);
    }
    if (segments[0] === 'apis' && segments.length === 3) {
      const list = resourceList(api.registry, segments[1], segments[2]);
      if (!list) throw notFound('', 'groupversion', `${segments[1]}/${segments[2]}`);
      return send(res, 200, list);
    }
    const route = resolveResource(api, segments);
    if (!route) throw notFound('', '', url.pathname);
    await handleResource(req, res, url, method, route);
  }

  async function handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    route: ResourceRoute,
  ): Promise<void> {
    const { type, name, subresource } = route;
    const q = url.searchParams;
    const namespace = type.namespaced ? (route.namespace ?? '') : '';
    const dryRun = q.getAll('dryRun').includes('All');
    const table = wantsTable(req.headers.accept);
    const include = (q.get('includeObject') as IncludeObject | null) ?? 'Metadata';
    const isWatch = route.watchPath || q.get('watch') === 'true' || q.get('watch') === '1';
    if (
      subresource &&
      !type.subresources.includes(subresource) &&
      !(type.storageKey === 'core/namespaces' && subresource === 'finalize')
    ) {
      throw notFound(type.group, `${type.plural}/${subresource}`, name ?? '');
    }

    if (!name) {
      if (type.namespaced && route.namespace === undefined && method !== 'GET') {
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      }
      const selectorOpts = () => ({
        labels: parseLabelSelector(q.get('labelSelector') ?? undefined),
        fields: parseFieldSelector(q.get('fieldSelector') ?? undefined, (f) => supportedField(type, f)),
      });
      const ns = type.namespaced ? route.namespace : undefined;
      if (method === 'GET' && isWatch && q.get('sendInitialEvents') !== null && !opts.watchList) {
        // kube-apiserver 1.33 ships the WatchList feature gate off; clients then fall back to list + watch.
        throw invalid('ListOptions', '', '', [
          {
            type: 'FieldValueForbidden',
            field: 'sendInitialEvents',
            detail: 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
          },
        ]);
      }
      if (method === 'GET' && isWatch) await api.store.durable();
      if (method === 'GET' && isWatch) return watch(req, res, type, ns, selectorOpts(), q, table, include);
      if (method === 'GET') {
        const limit = q.get('limit') ? Number(q.get('limit')) : undefined;
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
          throw badRequest(`invalid limit: "${q.get('limit')}"`);
        const list = api.list(type, ns, {
          ...selectorOpts(),
          limit: limit || undefined,
          continueToken: q.get('continue') ?? undefined,
        }) as unknown as {
          metadata: Record<string, unknown>;
          items: KubeObject[];
        };
        if (table) return send(res, 200, toTable(type, list.items, list.metadata, include));
        return send(res, 200, list);
      }
      if (method === 'POST') {
        const body = parseJson(await readBody(req), req.headers['content-type']) as KubeObject;
        const created = api.create(type, namespace, body, dryRun);
        opts.onWrite?.();
        return send(res, 201, created);
      }
      if (method === 'DELETE') {
        const deleted: KubeObject[] = [];
        const sel = selectorOpts();
        const list = api.list(type, ns, sel) as unknown as { items: KubeObject[] };
        const options = await deleteOptions(req, q);
        for (const item of list.items) {
          try {
            deleted.push(api.delete(type, namespace, item.metadata.name!, options));
          } catch (err) {
            if (!(err instanceof ApiError && err.code === 404)) throw err;
          }
        }
        opts.onWrite?.();
        return send(res, 200, {
          kind: type.listKind,
          apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
          metadata: {},
          items: deleted,
        });
      }
      throw methodNotAllowed('the server does not allow this method on the requested resource');
    }

    if (subresource === 'log') {
      if (method !== 'GET')
        throw methodNotAllowed('the server does not allow this method on the requested resource');
      return servePodLog(req, res, api.get(type, namespace, name), opts.podsDir, q);
    }
    if (subresource === 'binding') {
      if (method !== 'POST')
        throw methodNotAllowed('the server does not allow this method on the requested resource');
      const body = parseJson(await readBody(req), req.headers['content-type']) as KubeObject;
      api.bind(namespace, name, body);
      opts.onWrite?.();
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    if (subresource === 'scale') {
      if (method === 'GET') return send(res, 200, getScale(api, type, namespace, name));
      if (method === 'PUT' || method === 'PATCH') {
        const patchType = method === 'PATCH' ? patchTypeOf(req.headers['content-type']) : undefined;
        const body = parseJson(await readBody(req), 'application/json');
        const scaled = updateScale(api, type, namespace, name, body, patchType);
        opts.onWrite?.();
        return send(res, 200, scaled);
      }
      throw methodNotAllowed('the server does not allow this method on the requested resource');
    }
    const sub = subresource === 'finalize' ? undefined : subresource;
    switch (method) {
      case 'GET': {
        if (isWatch) {
          await api.store.durable();
          const fields = [{ field: 'metadata.name', op: '=' as const, value: name }];
          return watch(
            req,
            res,
            type,
            type.namespaced ? namespace : undefined,
            { labels: [], fields },
            q,
            table,
            include,
          );
        }
        const obj = api.get(type, namespace, name);
        if (table)
          return send(
            res,
            200,
            toTable(type, [obj], { resourceVersion: obj.metadata.resourceVersion }, include),
          );
        return send(res, 200, obj);
      }
      case 'PUT': {
        const body = parseJson(await readBody(req), req.headers['content-type']) as KubeObject;
        const updated = api.update(type, namespace, name, body, sub, dryRun);
        opts.onWrite?.();
        return send(res, 200, updated);
      }
      case 'PATCH': {
        const patchType = patchTypeOf(req.headers['content-type']);
        const body = parseJson(
          await readBody(req),
          patchType === 'apply' ? 'application/yaml' : 'application/json',
        );
        const patched = api.patch(type, namespace, name, patchType, body, sub, dryRun);
        opts.onWrite?.();
        return send(
          res,
          patchType === 'apply' && patched.metadata.resourceVersion === undefined ? 201 : 200,
          patched,
        );
      }
      case 'DELETE': {
        const deleted = api.delete(type, namespace, name, { ...(await deleteOptions(req, q)), dryRun });
        opts.onWrite?.();
        return send(res, 200, deleted);
      }
      default:
        throw methodNotAllowed('the server does not allow this method on the requested resource');
    }
  }

  function watch(
    req: IncomingMessage,
    res: ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    sel: Pick<Parameters<Api['list']>[2], 'labels' | 'fields'>,
    q: URLSearchParams,
    table: boolean,
    include: IncludeObject,
  ): void {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    let closed = false;
    const write = (e: { type: string; object: unknown }) => {
      if (closed) return;
      const isChange = e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED';
      if (isChange && !table) {
        res.write(watchLine(e.type, e.object as KubeObject));
        return;
      }
      let object = e.object;
      if (table && isChange) {
        object = toTable(
          type,
          [e.object as KubeObject],
          { resourceVersion: (e.object as KubeObject).metadata.resourceVersion },
          include,
        );
      }
      res.write(JSON.stringify({ type: e.type, object }) + '\n');
    };
    let stop: () => void = () => undefined;
    const finish = () => {
      if (closed) return;
      closed = true;
      stop();
      clearTimeout(timer);
      res.end();
    };
    req.on('close', finish);
    res.on('close', finish);
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
    // kube-apiserver closes watches after a randomised 30–60 minutes when the client sets no timeout.
    const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;
    const timer = setTimeout(finish, timeoutMs);
    try {
      stop = openWatch(
        api,
        {
          type,
          namespace,
          ...sel,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          allowBookmarks: q.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
          bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 30_000,
        },
        (e) => {
          write(e);
          if (e.type === 'ERROR') finish();
        },
      );
    } catch (err) {
      if (err instanceof ApiError) write({ type: 'ERROR', object: err.toStatus() });
      finish();
    }
    if (closed) stop();
  }
}

function supportedField(type: ResourceType, field: string): boolean {
  return field === 'metadata.name' || field === 'metadata.namespace' || type.fieldSelectors.includes(field);
}

function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0].trim();
  switch (ct) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply';
    default:
      throw unsupportedMediaType(
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
      );
  }
}

async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  let fromBody: Record<string, unknown> = {};
  if (body.length > 0 && body.toString('utf8').trim() !== '')
    fromBody = parseJson(body, req.headers['content-type']) as Record<string, unknown>;
  const policy = (fromBody.propagationPolicy ??
    q.get('propagationPolicy') ??
    undefined) as DeleteOptions['propagationPolicy'];
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${policy}"`);
  }
  const orphan = fromBody.orphanDependents ?? (q.get('orphanDependents') === 'true' ? true : undefined);
  const grace =
    fromBody.gracePeriodSeconds ??
    (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  return {
    propagationPolicy: policy ?? (orphan === true ? 'Orphan' : undefined),
    gracePeriodSeconds: grace as number | undefined,
    preconditions: fromBody.preconditions as DeleteOptions['preconditions'],
    dryRun: Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All'),
  };
}
