import http from 'node:http';
import https from 'node:https';
import { createKeepAliveAgent, createKeepAliveHttpsAgent } from './agent';

/** Where an outbound request really goes, and the Host header it carries. */
export interface OutboundTarget {
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
  /** The Host header to send (the URL's authority, kept when the request is re-routed). */
  hostHeader: string;
  /** Why it goes there (logs, tests). */
  via: 'dns' | 'loopback' | 'gateway' | 'endpoints';
}

/** What the resolver needs to know about the cluster's Services (from informers in the caller). */
export interface ServiceDirectory {
  /** True for `<name>.<namespace>` of a Knative Service or Route (its cluster-local host is served by the gateway). */
  isKnativeService(name: string, namespace: string): boolean;
  /** An address of a ready endpoint of Service `<namespace>/<name>` for the Service port `port`. */
  endpointOf(name: string, namespace: string, port: number): { host: string; port: number } | undefined;
}

export interface OutboundResolverOptions {
  /** `local`: Kuack on one machine (no DNS for cluster names); `cluster`: normal DNS. */
  mode: 'local' | 'cluster';
  /** The gateway's HTTP (and HTTPS) listener in local mode. */
  gateway?: { host: string; port: number; httpsPort?: number };
  /** Cluster domain of Service hosts (default cluster.local). */
  clusterDomain?: string;
  services?: ServiceDirectory;
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** `<name>.<namespace>[.svc[.<domain>]]` → name and namespace; undefined for any other host. */
export function serviceOfHost(
  hostname: string,
  clusterDomain = 'cluster.local',
): { name: string; namespace: string } | undefined {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  const suffixes = [`.svc.${clusterDomain}`, '.svc'];
  for (const suffix of suffixes) {
    if (h.endsWith(suffix)) {
      const parts = h.slice(0, -suffix.length).split('.');
      return parts.length === 2 ? { name: parts[0], namespace: parts[1] } : undefined;
    }
  }
  return undefined;
}

/**
 * Kuack's outbound routing (DESIGN.md "Local mode"). On a cluster: DNS. In local mode: `*.localhost` goes to
 * the gateway with the Host header kept (plain `localhost` to loopback); a Service host of a Knative Service
 * goes to the gateway too; other Service hosts go straight to one of their endpoints; anything else: DNS.
 */
export function resolveOutbound(url: URL, opts: OutboundResolverOptions): OutboundTarget {
  const protocol: OutboundTarget['protocol'] = url.protocol === 'https:' ? 'https:' : 'http:';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`outbound URL ${url.href}: only http and https are supported`);
  }
  const port = defaultPort(url);
  const hostHeader = url.host;
  const hostname = url.hostname.toLowerCase();
  const direct: OutboundTarget = { protocol, host: url.hostname, port, hostHeader, via: 'dns' };
  if (opts.mode === 'cluster') return direct;

  const gateway = (): OutboundTarget | undefined => {
    if (!opts.gateway) return undefined;
    const gwPort = protocol === 'https:' ? (opts.gateway.httpsPort ?? opts.gateway.port) : opts.gateway.port;
    return { protocol, host: opts.gateway.host, port: gwPort, hostHeader, via: 'gateway' };
  };

  if (hostname === 'localhost') return { ...direct, host: '127.0.0.1', via: 'loopback' };
  if (hostname.endsWith('.localhost')) return gateway() ?? { ...direct, host: '127.0.0.1', via: 'loopback' };

  const svc = serviceOfHost(hostname, opts.clusterDomain);
  if (svc && opts.services) {
    if (opts.services.isKnativeService(svc.name, svc.namespace)) {
      const gw = gateway();
      if (gw) return gw;
    }
    const ep = opts.services.endpointOf(svc.name, svc.namespace, port);
    if (ep) return { protocol, host: ep.host, port: ep.port, hostHeader, via: 'endpoints' };
    throw new Error(
      `outbound URL ${url.href}: Service ${svc.namespace}/${svc.name} has no ready endpoint for port ${port}`,
    );
  }
  return direct;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A small HTTP client over the resolver (keep-alive pools; TLS verification on, with the URL's host name as
 * SNI when re-routed): for the dispatcher, the activator's pokes and `kuack func invoke`.
 */
export function createOutboundClient(opts: OutboundResolverOptions) {
  const agent = createKeepAliveAgent({ maxSockets: 64 });
  const tlsAgent = createKeepAliveHttpsAgent({ maxSockets: 64 });
  const request = (
    input: string | URL,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      timeoutMs?: number;
    } = {},
  ): Promise<OutboundResponse> => {
    const url = typeof input === 'string' ? new URL(input) : input;
    const t = resolveOutbound(url, opts);
    return new Promise((resolve, reject) => {
      const req = (t.protocol === 'https:' ? https : http).request(
        {
          host: t.host,
          port: t.port,
          method: init.method ?? 'GET',
          path: `${url.pathname}${url.search}`,
          headers: { ...init.headers, host: t.hostHeader },
          agent: t.protocol === 'https:' ? tlsAgent : agent,
          ...(t.protocol === 'https:' ? { servername: url.hostname } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      if (init.timeoutMs)
        req.setTimeout(init.timeoutMs, () =>
          req.destroy(new Error(`${url.href}: timed out after ${init.timeoutMs} ms`)),
        );
      req.on('error', reject);
      req.end(init.body);
    });
  };
  return {
    request,
    close: () => {
      agent.destroy();
      tlsAgent.destroy();
    },
  };
}
