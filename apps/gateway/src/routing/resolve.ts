import type { IngressBackendSplit } from '@kuack/api';
import type { Upstream, UpstreamPicker } from './endpoints';
import { HashHeader, HashValueOverride } from './probe-hash';
import { chooseSplit } from './split';
import type { CompiledPath, RouteQuery, RoutingTable } from './table';

/** What to do with one request. */
export type Resolution =
  | {
      kind: 'proxy';
      target: Upstream;
      /** Lower-cased appended headers (path's, then the split's on top). */
      headers: Record<string, string>;
      /** The Host header for the upstream when a rewriteHost replaced it. */
      host?: string;
      split: IngressBackendSplit;
      path: CompiledPath;
    }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found'; host: string; reason: 'host' | 'path' }
  | { kind: 'unavailable'; service: string };

export interface ResolveOptions {
  /** The HTTPS listener's port, for redirects (omitted from the Location when 443). */
  httpsPort?: number;
  random?: () => number;
}

/** A DomainMapping's rewriteHost normally names one of our own hosts; bound the chain to stop loops. */
const MAX_REWRITES = 4;

/**
 * Resolves a request against a routing snapshot and the Endpoints: host → path → split (weighted) → one ready
 * address. A path with `rewriteHost` (DomainMapping) is routed again as that host through the same table, the
 * way Knative sends it back through the ingress; when the table does not know that host, the request goes
 * to the split's own Endpoints with the Host rewritten.
 */
export function resolveRequest(
  table: RoutingTable,
  picker: UpstreamPicker,
  q: RouteQuery,
  opts: ResolveOptions = {},
): Resolution {
  const first = table.lookup(q);
  if (first.kind === 'not-found') return first;
  if (first.kind === 'redirect') return { kind: 'redirect', location: httpsLocation(q, opts.httpsPort) };

  let path: CompiledPath = first.path;
  let headers: Record<string, string> = {};
  // Knative's probe contract: `K-Network-Hash: override` becomes the hash of the Ingress that routed it.
  const probe: Record<string, string> =
    q.headers[HashHeader] === HashValueOverride ? { [HashHeader]: first.path.probeHash } : {};
  let hostHeader: string | undefined;
  for (let hop = 0; ; hop++) {
    const split = chooseSplit(path.splits, opts.random);
    headers = { ...headers, ...lower(path.appendHeaders), ...lower(split.appendHeaders ?? {}) };
    if (path.rewriteHost && hop < MAX_REWRITES) {
      // An internal hop: the rewritten host may be cluster-local, and is never redirected.
      const next = table.lookup({ ...q, host: path.rewriteHost, listener: 'https', clusterLocal: true });
      hostHeader = path.rewriteHost;
      if (next.kind !== 'not-found') {
        path = next.path;
        continue;
      }
    }
    const target = picker.pick(split.serviceNamespace, split.serviceName, split.servicePort);
    if (!target) return { kind: 'unavailable', service: `${split.serviceNamespace}/${split.serviceName}` };
    return {
      kind: 'proxy',
      target,
      headers: { ...headers, ...probe },
      split,
      path,
      ...(hostHeader ? { host: hostHeader } : {}),
    };
  }
}

function lower(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** `https://<host>[:<port>]<path?query>` for an HTTP→HTTPS redirect. */
export function httpsLocation(q: RouteQuery, httpsPort?: number): string {
  const raw = (q.host ?? '').trim();
  const bare = raw.startsWith('[') ? raw.slice(0, raw.indexOf(']') + 1) : raw.split(':')[0];
  const port = httpsPort && httpsPort !== 443 ? `:${httpsPort}` : '';
  let target = q.url ?? '/';
  if (!target.startsWith('/')) {
    try {
      const u = new URL(target);
      target = `${u.pathname}${u.search}`;
    } catch {
      target = '/';
    }
  }
  return `https://${bare}${port}${target}`;
}
