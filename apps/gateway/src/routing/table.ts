import type { HTTPIngressPath, Ingress, IngressBackendSplit } from '@kuack/api';
import { hostWithoutPort, normalizeRuleHost } from './hosts';
import { ingressProbeHash } from './probe-hash';

export type Visibility = 'ExternalIP' | 'ClusterLocal';
export type Listener = 'http' | 'https';

/** One HTTPIngressPath of one rule, compiled for matching. */
export interface CompiledPath {
  /** `namespace/name` of the Ingress it comes from. */
  ingressKey: string;
  visibility: Visibility;
  /** Literal prefix ('/' when the Ingress leaves it empty). */
  prefix: string;
  /** Lower-cased header name → exact value ('' = the header must be present). */
  headers: ReadonlyArray<readonly [string, string]>;
  splits: readonly IngressBackendSplit[];
  /** The path's appendHeaders (the chosen split's are added on top). */
  appendHeaders: Readonly<Record<string, string>>;
  rewriteHost?: string;
  /** `httpOption: Redirected` on an ExternalIP rule: plain HTTP answers with a redirect to HTTPS. */
  redirectToHttps: boolean;
  /** The Ingress's probe hash (K-Network-Hash), see ./probe-hash. */
  probeHash: string;
}

export interface RouteQuery {
  /** The Host header (port allowed) or, for TLS, the SNI name. */
  host: string | undefined;
  /** Request target (origin-form `/a?b` or absolute-form `http://h/a?b`). */
  url: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  listener: Listener;
  /**
   * This listener answers ClusterLocal rules too (default true). Knative's internal gateway serves every
   * rule and its public one only ExternalIP rules; in local mode everything is one machine, so one listener
   * answers both.
   */
  clusterLocal?: boolean;
}

export type RouteDecision =
  | { kind: 'route'; path: CompiledPath; host: string }
  | { kind: 'redirect'; path: CompiledPath; host: string }
  | { kind: 'not-found'; host: string; reason: 'host' | 'path' };

/** Ingresses in a stable precedence order: older first, then by key (Knative: the first matching rule wins). */
export function precedenceOrder(ingresses: Iterable<Ingress>): Ingress[] {
  return [...ingresses].sort((a, b) => {
    const ta = timestamp(a.metadata?.creationTimestamp);
    const tb = timestamp(b.metadata?.creationTimestamp);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = ingressKey(a);
    const kb = ingressKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** creationTimestamp is an RFC 3339 string on the wire (typed Date by client-node's models). */
function timestamp(value: Date | string | undefined): string {
  if (value === undefined) return '';
  return value instanceof Date ? value.toISOString() : String(value);
}

export function ingressKey(ing: Ingress): string {
  return `${ing.metadata?.namespace ?? ''}/${ing.metadata?.name ?? ''}`;
}

type CompiledIngress = Array<{ hosts: string[]; paths: CompiledPath[] }>;

/** Compiled once per Ingress object: a rebuild after one Ingress changed recompiles only that one. */
const compiledCache = new WeakMap<Ingress, CompiledIngress>();

function compiledOf(ing: Ingress): CompiledIngress {
  let c = compiledCache.get(ing);
  if (!c) {
    c = compileIngress(ing);
    compiledCache.set(ing, c);
  }
  return c;
}

/** The compiled paths of one Ingress, per rule host ('*' for a rule without hosts: all traffic). */
export function compileIngress(ing: Ingress): CompiledIngress {
  const key = ingressKey(ing);
  const redirected = ing.spec?.httpOption === 'Redirected';
  const probeHash = ingressProbeHash(ing);
  return (ing.spec?.rules ?? []).map((rule) => {
    const visibility: Visibility = rule.visibility === 'ClusterLocal' ? 'ClusterLocal' : 'ExternalIP';
    const hosts = rule.hosts?.length ? rule.hosts.map(normalizeRuleHost) : ['*'];
    const paths = (rule.http?.paths ?? []).map((p) => compilePath(key, visibility, redirected, probeHash, p));
    return { hosts, paths };
  });
}

function compilePath(
  ingressKey: string,
  visibility: Visibility,
  redirected: boolean,
  probeHash: string,
  p: HTTPIngressPath,
): CompiledPath {
  const splits =
    p.splits.length === 1 && p.splits[0].percent === undefined
      ? [{ ...p.splits[0], percent: 100 }]
      : p.splits;
  return {
    ingressKey,
    visibility,
    prefix: p.path || '/',
    headers: Object.entries(p.headers ?? {}).map(([name, m]) => [name.toLowerCase(), m.exact ?? ''] as const),
    splits,
    appendHeaders: p.appendHeaders ?? {},
    ...(p.rewriteHost ? { rewriteHost: p.rewriteHost } : {}),
    redirectToHttps: redirected && visibility === 'ExternalIP',
    probeHash,
  };
}

/** The path part of a request target, without query or fragment. */
export function pathOf(url: string | undefined): string {
  if (!url) return '/';
  let target = url;
  if (!target.startsWith('/')) {
    // absolute-form: scheme://authority/path
    const scheme = target.indexOf('://');
    if (scheme >= 0) {
      const slash = target.indexOf('/', scheme + 3);
      target = slash >= 0 ? target.slice(slash) : '/';
    } else {
      return '/';
    }
  }
  const end = target.search(/[?#]/);
  return end >= 0 ? target.slice(0, end) : target;
}

function headerValue(headers: RouteQuery['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function pathMatches(p: CompiledPath, path: string, headers: RouteQuery['headers']): boolean {
  if (!path.startsWith(p.prefix)) return false;
  for (const [name, exact] of p.headers) {
    const v = headerValue(headers, name);
    if (v === undefined || (exact !== '' && v !== exact)) return false;
  }
  return true;
}

/**
 * An immutable routing snapshot built from Ingress specs. A request resolves against the snapshot current
 * when it arrived; a new snapshot replaces the old one whole, so a route change never disturbs a request
 * in flight.
 */
export class RoutingTable {
  private constructor(
    private readonly byHost: ReadonlyMap<string, CompiledPath[]>,
    private readonly catchAll: readonly CompiledPath[],
  ) {}

  static empty(): RoutingTable {
    return new RoutingTable(new Map(), []);
  }

  static build(ingresses: Iterable<Ingress>): RoutingTable {
    const byHost = new Map<string, CompiledPath[]>();
    const catchAll: CompiledPath[] = [];
    for (const ing of precedenceOrder(ingresses)) {
      for (const { hosts, paths } of compiledOf(ing)) {
        for (const host of hosts) {
          if (host === '*') {
            catchAll.push(...paths);
            continue;
          }
          const list = byHost.get(host);
          if (list) list.push(...paths);
          else byHost.set(host, [...paths]);
        }
      }
    }
    return new RoutingTable(byHost, catchAll);
  }

  /** Every host with a rule, sorted (for /healthz-style introspection and tests). */
  hosts(): string[] {
    return [...this.byHost.keys()].sort();
  }

  lookup(q: RouteQuery): RouteDecision {
    const host = hostWithoutPort(q.host);
    const raw = (q.host ?? '').trim().toLowerCase();
    const clusterLocal = q.clusterLocal ?? true;
    const visible = (p: CompiledPath) => p.visibility === 'ExternalIP' || clusterLocal;
    const candidates = (this.byHost.get(raw) ?? this.byHost.get(host) ?? []).filter(visible);
    const pool = candidates.length > 0 ? candidates : this.catchAll.filter(visible);
    if (pool.length === 0) return { kind: 'not-found', host, reason: 'host' };
    const path = pathOf(q.url);
    const match = pool.find((p) => pathMatches(p, path, q.headers));
    if (!match) return { kind: 'not-found', host, reason: 'path' };
    if (match.redirectToHttps && q.listener === 'http') return { kind: 'redirect', path: match, host };
    return { kind: 'route', path: match, host };
  }
}
