import type { KubeObject } from '@kuack/controller';

/** The part of a core/v1 Endpoints object the gateway reads. */
export interface EndpointsObject extends KubeObject {
  subsets?: Array<{
    addresses?: Array<{ ip: string; hostname?: string }>;
    notReadyAddresses?: Array<{ ip: string }>;
    ports?: Array<{ name?: string; port: number; protocol?: string }>;
  }>;
}

export const ENDPOINTS_GVK = { apiVersion: 'v1', kind: 'Endpoints' } as const;

export interface Upstream {
  host: string;
  port: number;
}

/**
 * The ready addresses of an Endpoints object for a KIngress split's `servicePort`. The port is chosen per
 * subset: a string servicePort names the port; otherwise the port named `http` (the revision's public
 * Service, the activator-service), else the subset's only port, else a port with that number.
 */
export function readyUpstreams(ep: EndpointsObject | undefined, servicePort: number | string): Upstream[] {
  const out: Upstream[] = [];
  for (const subset of ep?.subsets ?? []) {
    const ports = subset.ports ?? [];
    const port =
      typeof servicePort === 'string' && !/^\d+$/.test(servicePort)
        ? ports.find((p) => p.name === servicePort)
        : (ports.find((p) => p.name === 'http') ??
          (ports.length === 1 ? ports[0] : ports.find((p) => p.port === Number(servicePort))));
    if (!port) continue;
    for (const a of subset.addresses ?? []) out.push({ host: a.ip, port: port.port });
  }
  return out;
}

/** Round-robin over the ready upstreams of each Service, reading Endpoints through `get(key)`. */
export class UpstreamPicker {
  private readonly next = new Map<string, number>();
  /** Per Endpoints object (the informer replaces it on every change) and servicePort. */
  private readonly cache = new WeakMap<EndpointsObject, Map<number | string, Upstream[]>>();

  constructor(private readonly get: (key: string) => EndpointsObject | undefined) {}

  pick(namespace: string, name: string, servicePort: number | string): Upstream | undefined {
    const key = `${namespace}/${name}`;
    const upstreams = this.upstreamsOf(this.get(key), servicePort);
    if (upstreams.length === 0) return undefined;
    const i = (this.next.get(key) ?? 0) % upstreams.length;
    this.next.set(key, i + 1);
    return upstreams[i];
  }

  private upstreamsOf(ep: EndpointsObject | undefined, servicePort: number | string): Upstream[] {
    if (!ep) return [];
    let byPort = this.cache.get(ep);
    if (!byPort) {
      byPort = new Map();
      this.cache.set(ep, byPort);
    }
    let list = byPort.get(servicePort);
    if (!list) {
      list = readyUpstreams(ep, servicePort);
      byPort.set(servicePort, list);
    }
    return list;
  }
}
