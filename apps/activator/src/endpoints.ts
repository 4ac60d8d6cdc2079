/** The parts of a core/v1 Endpoints the activator reads. */
export interface EndpointsLike {
  metadata: { name?: string; namespace?: string; labels?: Record<string, string> };
  subsets?: Array<{
    addresses?: Array<{ ip?: string }>;
    notReadyAddresses?: Array<{ ip?: string }>;
    ports?: Array<{ name?: string; port?: number }>;
  }>;
}

/** The queue-proxy port of a private Service's Endpoints (port name `http`). */
export const QUEUE_PORT_NAME = 'http';
export const QUEUE_SERVING_PORT = 8012;
export const PRIVATE_SUFFIX = '-private';
export const REVISION_LABEL = 'serving.knative.dev/revision';

/** "namespace/revision" of a revision's private Service Endpoints (`<rev>-private`), else undefined. */
export function revisionKeyOfPrivateEndpoints(ep: EndpointsLike): string | undefined {
  const { name, namespace, labels } = ep.metadata;
  if (!name || !namespace || !name.endsWith(PRIVATE_SUFFIX)) return undefined;
  const revision = labels?.[REVISION_LABEL] ?? name.slice(0, -PRIVATE_SUFFIX.length);
  return revision ? `${namespace}/${revision}` : undefined;
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Ready and not-ready pod destinations ("ip:port" on the `http` port) of a private Service's Endpoints. */
export function podDestinations(ep: EndpointsLike): { ready: string[]; notReady: string[] } {
  const ready = new Set<string>();
  const notReady = new Set<string>();
  for (const subset of ep.subsets ?? []) {
    const port =
      subset.ports?.find((p) => p.name === QUEUE_PORT_NAME)?.port ??
      (subset.ports?.length === 1 ? subset.ports[0].port : undefined) ??
      QUEUE_SERVING_PORT;
    for (const a of subset.addresses ?? []) if (a.ip) ready.add(hostPort(a.ip, port));
    for (const a of subset.notReadyAddresses ?? []) if (a.ip) notReady.add(hostPort(a.ip, port));
  }
  for (const d of ready) notReady.delete(d);
  return { ready: [...ready].sort(), notReady: [...notReady].sort() };
}
